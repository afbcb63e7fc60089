import type { Tag } from '../aws-model/ecs.types.js'

/** ECS tags as Berth stores them: a key and a value, in the order they were first given. */
export interface TagRecord {
  key: string
  value: string
}

export const toWireTags = (tags: readonly TagRecord[]): Tag[] => tags.map((t) => ({ key: t.key, value: t.value }))
