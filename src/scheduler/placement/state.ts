import type { Expression, QueryTarget } from '../../core/query/index.js'
import type { PlacementCluster } from './cluster.js'
import type { CandidateInstance, MemberOfConstraint, PlacementRequest, TaskDemand } from './types.js'

interface CompiledMemberOf {
  constraint: MemberOfConstraint
  /** The verdict per instance as in the snapshot, from the cluster's cache. */
  snapshot: Uint8Array
  /** Whether a task placed by this request can change the verdict (the expression reads task:group). */
  readsTaskGroups: boolean
}

/**
 * One request's view of the cluster: each instance as the snapshot has it, less the tasks this
 * request has placed on it so far. Checkers and strategies read it; only commit() writes it.
 * The snapshot's arrays are shared, not copied: all of a request's tasks make the same demand,
 * so what is left of an instance is its snapshot value less `placed × demand`.
 *
 * Tasks placed here are PENDING, so they join `task:group` (every task not stopped) but not
 * `runningTasksCount` (RUNNING tasks only, as ECS's field counts them).
 */
export class PlacementState {
  readonly cluster: PlacementCluster
  readonly instances: readonly CandidateInstance[]
  readonly demand: TaskDemand
  readonly distinctInstance: boolean
  readonly memberOf: readonly CompiledMemberOf[]
  /** 1 where the instance has the attributes the task requires; undefined when it requires none. */
  readonly requiredAttributes: Uint8Array | undefined
  readonly #cpu: Float64Array
  readonly #memory: Float64Array
  readonly #group: Int32Array
  /** Tasks this request has placed on each instance. */
  readonly #placed: Int32Array

  constructor(cluster: PlacementCluster, request: PlacementRequest) {
    this.cluster = cluster
    this.instances = cluster.instances
    this.demand = request.demand
    this.distinctInstance = request.constraints.some((c) => c.type === 'distinctInstance')
    this.memberOf = request.constraints.flatMap((c) =>
      c.type === 'memberOf' ? [{ constraint: c, snapshot: cluster.memberOf(c), readsTaskGroups: readsTaskGroups(c.query) }] : [],
    )
    this.requiredAttributes = cluster.requiredAttributes(request.demand.requiredAttributes)
    this.#cpu = cluster.remainingCpu
    this.#memory = cluster.remainingMemory
    this.#group = cluster.groupCounts(request.demand.group)
    this.#placed = new Int32Array(cluster.size)
  }

  get size(): number {
    return this.instances.length
  }

  instance(i: number): CandidateInstance {
    return this.instances[i]!
  }

  /** Tasks this request has placed on instance i. */
  placedOn(i: number): number {
    return this.#placed[i]!
  }

  /** CPU units instance i has left. */
  remainingCpu(i: number): number {
    return this.#cpu[i]! - this.#placed[i]! * this.demand.cpu
  }

  /** MiB instance i has left. */
  remainingMemory(i: number): number {
    return this.#memory[i]! - this.#placed[i]! * this.demand.memory
  }

  /** Tasks of the demand's group on instance i, this request's included. */
  groupCount(i: number): number {
    return this.#group[i]! + this.#placed[i]!
  }

  /** What a memberOf expression sees of instance i, with the tasks this request put there. */
  target(i: number): QueryTarget {
    const inst = this.instance(i)
    const placed = this.#placed[i]!
    if (placed === 0) return inst
    return { ...inst, taskGroups: [...inst.taskGroups, ...Array<string>(placed).fill(this.demand.group)] }
  }

  /** Records one task of the demand placed on instance i. */
  commit(i: number): void {
    this.#placed[i]! += 1
  }
}

function readsTaskGroups(e: Expression): boolean {
  switch (e.kind) {
    case 'and':
    case 'or':
      return readsTaskGroups(e.left) || readsTaskGroups(e.right)
    case 'not':
      return readsTaskGroups(e.operand)
    case 'condition':
      return e.subject.kind === 'field' && e.subject.name === 'task:group'
  }
}
