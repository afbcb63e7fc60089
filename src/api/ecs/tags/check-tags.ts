import type { Tag } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { TagRecord } from '../../../core/model/tag.js'

/**
 * The characters ECS allows in tag keys and values: letters, numbers, separators and
 * `_ . : / = + - @`. The 2023 model's pattern said so anchored (`^(…)*$`); the current one
 * lost the anchors, and a Smithy pattern is searched, so it no longer refuses anything.
 */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u

/**
 * Checks tags as ECS does (lengths are checked by the model already): every tag has a key,
 * keys and values use ECS's characters, keys are unique, and the `aws:` prefix is reserved.
 */
export function checkTags(tags: readonly Tag[]): TagRecord[] {
  const seen = new Set<string>()
  return tags.map((t) => {
    if (t.key === undefined) throw EcsErrors.invalidParameter('Each tag must have a key.')
    for (const [what, text] of [['key', t.key], ['value', t.value ?? '']] as const) {
      if (!TAG_CHARACTERS.test(text)) {
        throw EcsErrors.invalidParameter(`The tag ${what} ${JSON.stringify(text)} has characters ECS does not allow: letters, numbers, spaces and _.:/=+-@ only.`)
      }
    }
    if (t.key.toLowerCase().startsWith('aws:')) {
      throw EcsErrors.invalidParameter(`Tag keys may not start with 'aws:' (${t.key}); that prefix is reserved for AWS use.`)
    }
    if (seen.has(t.key)) throw EcsErrors.invalidParameter(`The tag key ${t.key} is given more than once.`)
    seen.add(t.key)
    return { key: t.key, value: t.value ?? '' }
  })
}
