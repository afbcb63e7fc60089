import type { LoadBalancer } from '../../core/aws-model/ecs.types.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import type { TaskRecord } from '../../core/model/task.js'

/**
 * What the service scheduler does with load balancers (pure): which targets each task has,
 * when they are registered and deregistered, and what their health says of the task.
 *
 * - A task's targets: for each `loadBalancers` entry of its deployment, where its container's
 *   `containerPort` is served. An awsvpc task (whose target group is of type `ip`: CreateService
 *   allows no other) has an address of its own: the target is that address (its ENI's
 *   privateIPv4Address, once its agent reported it) and the container port, as ECS registers
 *   it. Other tasks: the host port the container port was published on, at its instance (the
 *   instance's EC2 id for an `instance` group, its address for an `ip` one).
 * - Registered while the task is RUNNING and wanted; deregistered (draining) as soon as it is
 *   not: stopped, told to stop, or deactivating. A task the scheduler stops deactivates first:
 *   its targets drain, and only once the load balancer has let them go is it told to stop
 *   (ECS's DEACTIVATING), so no request in flight is cut.
 * - Healthy when every target is healthy (or its group has checks off, or is used by no
 *   listener, so nothing checks it); unhealthy when one is, past the grace period.
 */

export interface TargetKey {
  targetGroupArn: string
  id: string
  port: number
}

/** A registered target as the scheduler reads it (the ELBv2 target record's fields it needs). */
export interface TargetRow {
  id: string
  port: number
  state: 'registered' | 'draining'
  health: { state: string; reason?: string | undefined; description?: string | undefined }
}

/** A target group a service registers in, with its targets. */
export interface TargetGroupView {
  arn: string
  targetType: 'instance' | 'ip'
  /** A listener or rule forwards to it: its targets are health-checked. */
  inUse: boolean
  targets: readonly TargetRow[]
}

export type LoadBalancerHealth =
  | { kind: 'none' }
  | { kind: 'healthy' }
  | { kind: 'starting' }
  | { kind: 'unhealthy'; target: TargetKey; description: string }

/** The targets a task should have (pure): one per `loadBalancers` entry whose port it published. */
export function taskTargets(
  task: Pick<TaskRecord, 'containers' | 'networkMode' | 'networkInterface'>,
  instance: Pick<ContainerInstanceRecord, 'ec2InstanceId' | 'privateIpAddress'> | undefined,
  loadBalancers: readonly LoadBalancer[],
  groups: ReadonlyMap<string, TargetGroupView>,
): TargetKey[] {
  const out: TargetKey[] = []
  for (const lb of loadBalancers) {
    const group = lb.targetGroupArn === undefined ? undefined : groups.get(lb.targetGroupArn)
    if (!group) continue
    const container = task.containers.find((c) => c.name === lb.containerName)
    if (task.networkMode === 'awsvpc') {
      const address = task.networkInterface?.privateIpv4Address
      if (group.targetType === 'ip' && container && address !== undefined && lb.containerPort !== undefined) out.push({ targetGroupArn: group.arn, id: address, port: lb.containerPort })
      continue
    }
    if (!instance) continue
    const binding = container?.networkBindings.find((b) => b.containerPort === lb.containerPort && (b.protocol ?? 'tcp') === 'tcp')
    if (!binding?.hostPort) continue
    const id = group.targetType === 'instance' ? instance.ec2InstanceId : instance.privateIpAddress
    if (id !== undefined) out.push({ targetGroupArn: group.arn, id, port: binding.hostPort })
  }
  return out
}

/** The stored row of a target, if it has one. */
export function rowOf(key: TargetKey, groups: ReadonlyMap<string, TargetGroupView>): TargetRow | undefined {
  return groups.get(key.targetGroupArn)?.targets.find((t) => t.id === key.id && t.port === key.port)
}

/** True while the task should take traffic: RUNNING, wanted, not deactivating. */
export const wantsTraffic = (task: Pick<TaskRecord, 'lastStatus' | 'desiredStatus' | 'deactivating'>): boolean =>
  task.lastStatus === 'RUNNING' && task.desiredStatus === 'RUNNING' && task.deactivating === undefined

/**
 * What the load balancers say of a task's health (pure). `none` when it has no targets to
 * judge by (no load balancer, or its port not published yet).
 */
export function loadBalancerHealth(targets: readonly TargetKey[], groups: ReadonlyMap<string, TargetGroupView>, pastGrace: boolean): LoadBalancerHealth {
  if (targets.length === 0) return { kind: 'none' }
  let healthy = true
  for (const key of targets) {
    const group = groups.get(key.targetGroupArn)
    const row = rowOf(key, groups)
    if (!group || !group.inUse) continue
    if (!row || row.state !== 'registered') {
      healthy = false
      continue
    }
    const state = row.health.state
    if (state === 'unhealthy' && pastGrace) return { kind: 'unhealthy', target: key, description: row.health.description ?? 'Health checks failed' }
    if (state !== 'healthy' && state !== 'unavailable') healthy = false
  }
  return healthy ? { kind: 'healthy' } : { kind: 'starting' }
}

/** A change to targets the plan makes, with the group it is in. */
export interface TargetChanges {
  register: TargetKey[]
  deregister: TargetKey[]
}

/**
 * Which targets to register and deregister (pure): every target of a task that wants traffic
 * and is not registered (a draining one is registered again, as RegisterTargets does); every
 * registered target of a task that does not.
 */
export function targetChanges(tasks: readonly { task: TaskRecord; targets: readonly TargetKey[] }[], groups: ReadonlyMap<string, TargetGroupView>): TargetChanges {
  const register: TargetKey[] = []
  const deregister: TargetKey[] = []
  for (const { task, targets } of tasks) {
    const wanted = wantsTraffic(task)
    for (const key of targets) {
      const row = rowOf(key, groups)
      if (wanted && row?.state !== 'registered') register.push(key)
      if (!wanted && row?.state === 'registered') deregister.push(key)
    }
  }
  return { register, deregister }
}

/** True once none of a deactivating task's targets is left in its group: the load balancer has let it go. */
export const targetsDrained = (targets: readonly TargetKey[], groups: ReadonlyMap<string, TargetGroupView>): boolean =>
  targets.every((key) => rowOf(key, groups) === undefined)

/** Counts targets per target group, in first-seen order: the events name each group. */
export function countByGroup(keys: readonly TargetKey[]): [targetGroupArn: string, count: number][] {
  const counts = new Map<string, number>()
  for (const k of keys) counts.set(k.targetGroupArn, (counts.get(k.targetGroupArn) ?? 0) + 1)
  return [...counts]
}
