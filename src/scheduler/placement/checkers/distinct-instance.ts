import type { Checker } from './checker.js'

/**
 * distinctInstance: "each task in a particular group is running on a different container
 * instance" (ECS API reference). So an instance that already runs a task of the group, placed
 * before this request or by it, takes no other.
 */
export const checkDistinctInstance: Checker = (s, i) =>
  s.distinctInstance && s.groupCount(i) > 0 ? 'distinct-instance' : undefined
