import { REJECT_REASONS, type RejectReason } from './reasons.js'
import type { PlacementState } from './state.js'

const STAGE: Readonly<Record<RejectReason, number>> = Object.fromEntries(REJECT_REASONS.map((r, k) => [r, k])) as Record<
  RejectReason,
  number
>

/**
 * The "closest matching container-instance" of a service event, which ECS names but does not
 * define. Here: the instance that got furthest through the checkers (the latest reason in
 * checker order), and among those the one nearest to fitting — the most CPU or memory left
 * when that is what it lacks — and then the first in input order. Returns -1 for no instances.
 */
export function closestInstance(s: PlacementState, rejected: readonly (RejectReason | undefined)[]): number {
  let best = -1
  for (let i = 0; i < rejected.length; i++) {
    const reason = rejected[i]
    if (reason === undefined) continue
    if (best < 0) {
      best = i
      continue
    }
    const current = rejected[best]!
    if (STAGE[reason] !== STAGE[current]) {
      if (STAGE[reason] > STAGE[current]) best = i
      continue
    }
    if (reason === 'insufficient-cpu' && s.remainingCpu(i) > s.remainingCpu(best)) best = i
    if (reason === 'insufficient-memory' && s.remainingMemory(i) > s.remainingMemory(best)) best = i
  }
  return best
}
