import { ScalingErrors } from '../../../core/errors.js'
import type { TagRecord } from '../../../core/model/tag.js'

/** A TagMap as tag records; keys starting `aws:` are reserved, as on AWS. */
export function checkTags(tags: Readonly<Record<string, string>>): TagRecord[] {
  const records = Object.entries(tags).map(([key, value]) => ({ key, value }))
  for (const t of records) if (t.key.startsWith('aws:')) throw ScalingErrors.validation(`Tag keys starting with 'aws:' are reserved: ${t.key}`)
  return records
}
