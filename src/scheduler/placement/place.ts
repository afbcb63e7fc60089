import { CHECKERS } from './checkers/index.js'
import { closestInstance } from './closest.js'
import type { PlacementCluster } from './cluster.js'
import { emptyReasonCounts, type RejectReason } from './reasons.js'
import { PlacementState } from './state.js'
import { rankersFor, seededRandom, type Ranker } from './strategies/index.js'
import type { PlacementRequest, PlacementResult, TaskPlacement, Unplaced } from './types.js'

/**
 * Places `request.count` copies of a task on the cluster, one at a time, as ECS does for
 * RunTask and the service scheduler (EC2 launch type). Pure: the cluster's instances are read,
 * never changed; the same cluster, request and seed always give the same result.
 *
 *   for each instance:  run the checkers (checkers/index.ts) → feasible, or the first reason
 *   for each task:      rank the feasible instances by the strategies, in order, with random
 *                       draws breaking what they tie → the lowest ranked instance takes it;
 *                       subtract its CPU, memory and ports, count the task in its group,
 *                       and run the checkers again on that instance only (no other changed)
 *                       → none feasible: Unplaced, with the reasons and the closest instance
 *
 * Cost: one pass of the checkers over the instances per request, then one scan of the
 * feasible instances per task; whatever depends on the snapshot alone (memberOf verdicts,
 * group counts, attribute buckets) is cached in the cluster across requests.
 */
export function place(cluster: PlacementCluster, request: PlacementRequest): PlacementResult {
  if (!Number.isInteger(request.count) || request.count < 0) {
    throw new RangeError(`count must be a whole number of tasks, not ${request.count}`)
  }
  const s = new PlacementState(cluster, request)
  const { rankers, scored } = rankersFor(s, request.strategies, seededRandom(request.seed))
  const rejected: (RejectReason | undefined)[] = []
  for (let i = 0; i < s.size; i++) rejected.push(firstRejection(s, i))

  const tasks: TaskPlacement[] = []
  const ranks = new Float64Array(rankers.length)
  let failure: Unplaced | undefined
  let placedCount = 0
  while (tasks.length < request.count) {
    const i = failure ? -1 : choose(rejected, rankers, ranks, scored)
    if (i < 0) {
      failure ??= unplaced(s, rejected)
      tasks.push(failure)
      continue
    }
    const scores = Array.from(ranks.subarray(0, scored))
    s.commit(i)
    for (const r of rankers) r.placed?.(i)
    rejected[i] = firstRejection(s, i)
    tasks.push({ kind: 'placed', instance: s.instance(i), scores })
    placedCount++
  }
  return { tasks, placedCount }
}

function firstRejection(s: PlacementState, i: number): RejectReason | undefined {
  for (const check of CHECKERS) {
    const reason = check(s, i)
    if (reason !== undefined) return reason
  }
  return undefined
}

/**
 * The feasible instance ranked lowest, comparing rank by rank (lexicographic), or -1. Ranks
 * are computed lazily: an instance that loses on the first ranker costs one rank() call.
 * On return ranks[0..scored) hold the winner's ranks.
 *
 * Invariant: ranks[0..known) are the current best's ranks. Replacing the best at ranker k keeps
 * ranks[0..k) valid, since the new best tied the old one there.
 */
function choose(rejected: readonly (RejectReason | undefined)[], rankers: readonly Ranker[], ranks: Float64Array, scored: number): number {
  let best = -1
  let known = 0
  for (let i = 0; i < rejected.length; i++) {
    if (rejected[i] !== undefined) continue
    if (best < 0) {
      best = i
      known = 0
      continue
    }
    for (let k = 0; k < rankers.length; k++) {
      if (known <= k) {
        ranks[k] = rankers[k]!.rank(best)
        known = k + 1
      }
      const v = rankers[k]!.rank(i)
      if (v < ranks[k]!) {
        best = i
        ranks[k] = v
        known = k + 1
        break
      }
      if (v > ranks[k]!) break
    }
  }
  for (let k = known; best >= 0 && k < scored; k++) ranks[k] = rankers[k]!.rank(best)
  return best
}

function unplaced(s: PlacementState, rejected: readonly (RejectReason | undefined)[]): Unplaced {
  const unplaceable = emptyReasonCounts()
  const rejections = rejected.map((reason, i) => {
    // Called only when no instance is feasible, so every instance has a reason.
    unplaceable[reason!]++
    return { instance: s.instance(i), reason: reason! }
  })
  const closest = closestInstance(s, rejected)
  return { kind: 'unplaced', unplaceable, closest: closest < 0 ? undefined : rejections[closest], rejected: rejections }
}
