import type { Checker } from './checker.js'

/** The task's memory must fit in what the instance has left ("RESOURCE:MEMORY"). */
export const checkMemory: Checker = (s, i) => (s.remainingMemory(i) < s.demand.memory ? 'insufficient-memory' : undefined)
