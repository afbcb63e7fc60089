import type { Tag } from '../aws-model/ecs.types.js'
import { EcsErrors } from '../errors.js'

/** ECS tags as Berth stores them: a key and a value, in the order they were first given. */
export interface TagRecord {
  key: string
  value: string
}

export const toWireTags = (tags: readonly TagRecord[]): Tag[] => tags.map((t) => ({ key: t.key, value: t.value }))

/** ECS allows 50 tags per resource. */
export const MAX_TAGS = 50

/** The tags a resource would have after adding `added`, refused past the 50-tag limit. */
export function checkTagLimit(existing: readonly TagRecord[], added: readonly TagRecord[]): void {
  const keys = new Set([...existing, ...added].map((t) => t.key))
  if (keys.size > MAX_TAGS) throw EcsErrors.invalidParameter(`A resource can have at most ${MAX_TAGS} tags.`)
}
