import type { Tags } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import type { TagRecord } from '../../../core/model/tag.js'

/** Logs allows 50 tags per log group. */
export const MAX_TAGS = 50

/** Checks a Logs tag map (lengths and characters are checked by the model): `aws:` is reserved. */
export function checkTags(tags: Tags): TagRecord[] {
  return Object.entries(tags).map(([key, value]) => {
    if (key.toLowerCase().startsWith('aws:')) {
      throw LogsErrors.invalidParameter(`Tag keys may not start with 'aws:' (${key}); that prefix is reserved for AWS use.`)
    }
    return { key, value }
  })
}

/** Refuses tags that would take a resource past 50. */
export function checkTagLimit(existing: readonly TagRecord[], added: readonly TagRecord[]): void {
  const keys = new Set([...existing, ...added].map((t) => t.key))
  if (keys.size > MAX_TAGS) throw LogsErrors.tooManyTags()
}

export const toTagMap = (tags: readonly TagRecord[]): Tags => Object.fromEntries(tags.map((t) => [t.key, t.value]))
