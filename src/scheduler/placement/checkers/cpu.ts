import type { Checker } from './checker.js'

/** The task's CPU units must fit in what the instance has left ("RESOURCE:CPU"). */
export const checkCpu: Checker = (s, i) => (s.remainingCpu(i) < s.demand.cpu ? 'insufficient-cpu' : undefined)
