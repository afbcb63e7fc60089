import { evaluateQuery } from '../../core/query/index.js'
import type { RejectReason } from './reasons.js'
import type { CandidateInstance, MemberOfConstraint, TaskDemand } from './types.js'

/** Which spread bucket (attribute value) each instance falls in; -1 when it lacks the attribute. */
export interface AttributeBuckets {
  bucketOf: Int32Array
  bucketCount: number
}

/**
 * The candidate instances of one cluster snapshot, indexed for placement. Build it once per
 * snapshot and place any number of requests against it: everything a request computes from
 * the snapshot alone (a memberOf expression's verdict per instance, the tasks of a group per
 * instance and per attribute value, the snapshot checkers' verdicts) is computed on first use
 * and kept, so the next request with the same expression, group or attribute only reads it.
 * The methods serve place(); other callers need only `instances`.
 *
 * Invariant: neither the instances nor the arrays here are written after they are built;
 * place() reads them and keeps its own tasks apart (state.ts). The caches are memoization,
 * not state: a result never depends on what was asked before (a test holds this).
 */
export class PlacementCluster {
  readonly instances: readonly CandidateInstance[]
  readonly #memberOf = new Map<string, Uint8Array>()
  readonly #groups = new Map<string, Int32Array>()
  readonly #buckets = new Map<string, AttributeBuckets>()
  readonly #bucketTasks = new Map<string, Float64Array>()
  readonly #required = new Map<string, Uint8Array>()
  readonly #verdicts = new Map<string, readonly (RejectReason | undefined)[]>()

  /** Each instance's remainingCpu and remainingMemory, as the snapshot has them. */
  readonly remainingCpu: Float64Array
  readonly remainingMemory: Float64Array

  constructor(instances: readonly CandidateInstance[]) {
    this.instances = instances
    this.remainingCpu = perInstance(Float64Array, instances, (inst) => inst.remainingCpu)
    this.remainingMemory = perInstance(Float64Array, instances, (inst) => inst.remainingMemory)
  }

  get size(): number {
    return this.instances.length
  }

  /** 1 where the instance, as in the snapshot, satisfies the expression. */
  memberOf(c: MemberOfConstraint): Uint8Array {
    let mask = this.#memberOf.get(c.expression)
    if (!mask) {
      mask = perInstance(Uint8Array, this.instances, (inst) => (evaluateQuery(c.query, inst) ? 1 : 0))
      this.#memberOf.set(c.expression, mask)
    }
    return mask
  }

  /** How many tasks of `group` each instance runs. Shared: never write to it. */
  groupCounts(group: string): Int32Array {
    let counts = this.#groups.get(group)
    if (!counts) {
      counts = perInstance(Int32Array, this.instances, (inst) => inst.taskGroups.reduce((n, g) => (g === group ? n + 1 : n), 0))
      this.#groups.set(group, counts)
    }
    return counts
  }

  /** The instances grouped by their value of `attribute`. */
  buckets(attribute: string): AttributeBuckets {
    let buckets = this.#buckets.get(attribute)
    if (!buckets) {
      const ids = new Map<string, number>()
      const bucketOf = perInstance(Int32Array, this.instances, (inst) => {
        const found = inst.attributes.find((a) => a.name === attribute)
        if (!found) return -1
        const value = found.value ?? ''
        let id = ids.get(value)
        if (id === undefined) ids.set(value, (id = ids.size))
        return id
      })
      buckets = { bucketOf, bucketCount: ids.size }
      this.#buckets.set(attribute, buckets)
    }
    return buckets
  }

  /** How many tasks of `group` run on the instances of each bucket of `attribute` (a copy). */
  bucketTasks(attribute: string, group: string): Float64Array {
    const key = JSON.stringify([attribute, group])
    let tasks = this.#bucketTasks.get(key)
    if (!tasks) {
      const { bucketOf, bucketCount } = this.buckets(attribute)
      const counts = this.groupCounts(group)
      tasks = new Float64Array(bucketCount)
      for (let i = 0; i < bucketOf.length; i++) {
        const b = bucketOf[i]!
        if (b >= 0) tasks[b]! += counts[i]!
      }
      this.#bucketTasks.set(key, tasks)
    }
    return tasks.slice()
  }

  /** Per-instance verdicts computed once per key (the snapshot checkers', see place.ts). */
  verdicts(key: string, compute: () => (RejectReason | undefined)[]): readonly (RejectReason | undefined)[] {
    let verdicts = this.#verdicts.get(key)
    if (!verdicts) this.#verdicts.set(key, (verdicts = compute()))
    return verdicts
  }

  /** 1 where the instance has every attribute the task requires (undefined when none are). */
  requiredAttributes(required: TaskDemand['requiredAttributes']): Uint8Array | undefined {
    if (!required || required.length === 0) return undefined
    const key = JSON.stringify(required.map((r) => [r.name, r.value ?? null]))
    let mask = this.#required.get(key)
    if (!mask) {
      mask = perInstance(Uint8Array, this.instances, (inst) =>
        required.every((r) => inst.attributes.some((a) => a.name === r.name && (r.value === undefined || a.value === r.value)))
          ? 1
          : 0,
      )
      this.#required.set(key, mask)
    }
    return mask
  }
}

/** Indexes one snapshot's candidate instances for placement (see PlacementCluster). */
export function indexCluster(instances: readonly CandidateInstance[]): PlacementCluster {
  return new PlacementCluster(instances)
}

/** A typed array of one value per instance (TypedArray.from with a mapper is several times slower). */
function perInstance<A extends Float64Array | Int32Array | Uint8Array>(
  Kind: new (length: number) => A,
  instances: readonly CandidateInstance[],
  value: (inst: CandidateInstance) => number,
): A {
  const out = new Kind(instances.length)
  for (let i = 0; i < instances.length; i++) out[i] = value(instances[i]!)
  return out
}
