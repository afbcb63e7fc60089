import type { Tag } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { TagRecord } from '../../../core/model/tag.js'

/**
 * Checks tags as ECS does (lengths and characters are checked by the model already): every
 * tag has a key, keys are unique, and the `aws:` prefix is reserved for AWS.
 */
export function checkTags(tags: readonly Tag[]): TagRecord[] {
  const seen = new Set<string>()
  return tags.map((t) => {
    if (t.key === undefined) throw EcsErrors.invalidParameter('Each tag must have a key.')
    if (t.key.toLowerCase().startsWith('aws:')) {
      throw EcsErrors.invalidParameter(`Tag keys may not start with 'aws:' (${t.key}); that prefix is reserved for AWS use.`)
    }
    if (seen.has(t.key)) throw EcsErrors.invalidParameter(`The tag key ${t.key} is given more than once.`)
    seen.add(t.key)
    return { key: t.key, value: t.value ?? '' }
  })
}
