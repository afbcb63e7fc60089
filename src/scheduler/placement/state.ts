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
 * One request's working copy of the cluster: what is left of each instance after the tasks
 * this request has placed so far. Checkers and strategies read it; only commit() writes it.
 *
 * Tasks placed here are PENDING, so they join `task:group` (every task not stopped) but not
 * `runningTasksCount` (RUNNING tasks only, as ECS's field counts them).
 */
export class PlacementState {
  readonly cluster: PlacementCluster
  readonly demand: TaskDemand
  readonly remainingCpu: Float64Array
  readonly remainingMemory: Float64Array
  /** Tasks of the demand's group on each instance, this request's included. */
  readonly groupCount: Int32Array
  /** Tasks this request has placed on each instance. */
  readonly placedHere: Int32Array
  readonly distinctInstance: boolean
  readonly memberOf: readonly CompiledMemberOf[]
  /** 1 where the instance has the attributes the task requires; undefined when it requires none. */
  readonly requiredAttributes: Uint8Array | undefined

  constructor(cluster: PlacementCluster, request: PlacementRequest) {
    const { instances } = cluster
    this.cluster = cluster
    this.demand = request.demand
    this.remainingCpu = Float64Array.from(instances, (i) => i.remainingCpu)
    this.remainingMemory = Float64Array.from(instances, (i) => i.remainingMemory)
    this.groupCount = cluster.groupCounts(request.demand.group)
    this.placedHere = new Int32Array(instances.length)
    this.distinctInstance = request.constraints.some((c) => c.type === 'distinctInstance')
    this.memberOf = request.constraints.flatMap((c) =>
      c.type === 'memberOf' ? [{ constraint: c, snapshot: cluster.memberOf(c), readsTaskGroups: readsTaskGroups(c.query) }] : [],
    )
    this.requiredAttributes = cluster.requiredAttributes(request.demand.requiredAttributes)
  }

  get size(): number {
    return this.cluster.instances.length
  }

  instance(i: number): CandidateInstance {
    return this.cluster.instances[i]!
  }

  /** What a memberOf expression sees of instance i, with the tasks this request put there. */
  target(i: number): QueryTarget {
    const inst = this.instance(i)
    const placed = this.placedHere[i]!
    if (placed === 0) return inst
    return { ...inst, taskGroups: [...inst.taskGroups, ...Array<string>(placed).fill(this.demand.group)] }
  }

  /** Records one task of the demand placed on instance i. */
  commit(i: number): void {
    this.remainingCpu[i]! -= this.demand.cpu
    this.remainingMemory[i]! -= this.demand.memory
    this.groupCount[i]! += 1
    this.placedHere[i]! += 1
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
