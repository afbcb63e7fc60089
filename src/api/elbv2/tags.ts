import type * as W from '../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../core/errors.js'
import type { TagRecord } from '../../core/model/tag.js'
import type { WriteTx } from '../../state/store.js'
import { LIMITS } from './deps.js'

/** Tags from the wire: each key once (DuplicateTagKeys), a missing value stored as ''. */
export function checkTags(tags: readonly W.Tag[] | undefined): TagRecord[] {
  const seen = new Set<string>()
  return (tags ?? []).map((t) => {
    if (seen.has(t.Key)) throw ElbErrors.duplicateTagKeys(t.Key)
    seen.add(t.Key)
    return { key: t.Key, value: t.Value ?? '' }
  })
}

/** Adds tags to a resource within ELB's 50 a resource. */
export async function addTags(tx: WriteTx, arn: string, tags: readonly TagRecord[]): Promise<void> {
  if (tags.length === 0) return
  const keys = new Set([...(await tx.tags.get(arn)).map((t) => t.key), ...tags.map((t) => t.key)])
  if (keys.size > LIMITS.tagsPerResource) throw ElbErrors.tooManyTags()
  await tx.tags.put(arn, tags)
}

/** Forgets a deleted resource's tags. */
export async function dropTags(tx: WriteTx, arn: string): Promise<void> {
  const keys = (await tx.tags.get(arn)).map((t) => t.key)
  if (keys.length > 0) await tx.tags.remove(arn, keys)
}

export const tagView = (tags: readonly TagRecord[]): W.Tag[] => tags.map((t) => ({ Key: t.key, Value: t.value }))
