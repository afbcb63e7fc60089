import { LOAD_CHECKERS, SNAPSHOT_CHECKERS, activeCheckers, type Checker } from './checkers/index.js'
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
 * Cost: per request, one pass of the load checkers (distinctInstance, cpu, memory, ports) over
 * the instances the snapshot checkers let through — their verdicts, like memberOf results,
 * group counts and attribute buckets, depend on the snapshot alone and are cached in the
 * cluster across requests — then, per task, one scan of the feasible instances and one run of
 * the checkers on the instance chosen.
 */
export function place(cluster: PlacementCluster, request: PlacementRequest): PlacementResult {
  if (!Number.isInteger(request.count) || request.count < 0) {
    throw new RangeError(`count must be a whole number of tasks, not ${request.count}`)
  }
  const s = new PlacementState(cluster, request)
  const { rankers, scored } = rankersFor(s, request.strategies, seededRandom(request.seed))
  const checkers = activeCheckers(s)
  const load = activeCheckers(s, LOAD_CHECKERS)
  const early = snapshotVerdicts(s)
  // The feasible instances' indices, in input order, in feasible[0..feasibleCount).
  const feasible = new Int32Array(s.size)
  let feasibleCount = 0
  for (let i = 0; i < s.size; i++) {
    if (early[i] === undefined && firstRejection(load, s, i) === undefined) feasible[feasibleCount++] = i
  }

  const tasks: TaskPlacement[] = []
  const ranks = new Float64Array(rankers.length)
  let failure: Unplaced | undefined
  let placedCount = 0
  while (tasks.length < request.count) {
    const at = failure ? -1 : choose(feasible, feasibleCount, rankers, ranks, scored)
    if (at < 0) {
      failure ??= unplaced(s, checkers)
      tasks.push(failure)
      continue
    }
    const i = feasible[at]!
    const scores = Array.from(ranks.subarray(0, scored))
    s.commit(i)
    for (const r of rankers) r.placed?.(i)
    // Only instance i changed, so only its verdict can have changed.
    if (firstRejection(checkers, s, i) !== undefined) feasible.copyWithin(at, at + 1, feasibleCount--)
    tasks.push({ kind: 'placed', instance: s.instance(i), scores })
    placedCount++
  }
  return { tasks, placedCount }
}

/**
 * The snapshot checkers' verdicts, from the cluster's cache: valid for every instance as long
 * as this request has placed nothing on it, which is when place() reads them.
 */
function snapshotVerdicts(s: PlacementState): readonly (RejectReason | undefined)[] {
  const key = JSON.stringify([
    (s.demand.requiredAttributes ?? []).map((a) => [a.name, a.value ?? null]),
    s.memberOf.map((m) => m.constraint.expression),
  ])
  return s.cluster.verdicts(key, () => {
    const checkers = activeCheckers(s, SNAPSHOT_CHECKERS)
    return s.instances.map((_, i) => firstRejection(checkers, s, i))
  })
}

function firstRejection(checkers: readonly Checker[], s: PlacementState, i: number): RejectReason | undefined {
  for (let k = 0; k < checkers.length; k++) {
    const reason = checkers[k]!(s, i)
    if (reason !== undefined) return reason
  }
  return undefined
}

/**
 * Where in `feasible` the instance ranked lowest sits, comparing rank by rank (lexicographic),
 * or -1 when there is none. Ranks are computed lazily: an instance that loses on the first
 * ranker costs one rank() call. On return ranks[0..scored) hold the winner's ranks.
 *
 * Invariant: ranks[0..known) are the current best's ranks. Replacing the best at ranker k keeps
 * ranks[0..k) valid, since the new best tied the old one there.
 */
function choose(feasible: Int32Array, count: number, rankers: readonly Ranker[], ranks: Float64Array, scored: number): number {
  if (count === 0) return -1
  let best = 0
  let known = 0
  for (let at = 1; at < count; at++) {
    const i = feasible[at]!
    for (let k = 0; k < rankers.length; k++) {
      if (known <= k) {
        ranks[k] = rankers[k]!.rank(feasible[best]!)
        known = k + 1
      }
      const v = rankers[k]!.rank(i)
      if (v < ranks[k]!) {
        best = at
        ranks[k] = v
        known = k + 1
        break
      }
      if (v > ranks[k]!) break
    }
  }
  for (let k = known; k < scored; k++) ranks[k] = rankers[k]!.rank(feasible[best]!)
  return best
}

/**
 * Why no instance can take the task: every check run again on every instance, as they stand
 * now. Only a failing request pays for it, once.
 */
function unplaced(s: PlacementState, checkers: readonly Checker[]): Unplaced {
  const unplaceable = emptyReasonCounts()
  const reasons = s.instances.map((_, i) => {
    // No instance is feasible, so every one has a reason.
    const reason = firstRejection(checkers, s, i)!
    unplaceable[reason]++
    return reason
  })
  const rejected = reasons.map((reason, i) => ({ instance: s.instance(i), reason }))
  const closest = closestInstance(s, reasons)
  return { kind: 'unplaced', unplaceable, closest: closest < 0 ? undefined : rejected[closest], rejected }
}
