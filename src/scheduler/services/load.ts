import type { AlarmRecord } from '../../core/model/alarm.js'
import type { LoadBalancer, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { findNamedRule } from '../../core/model/elb-topology.js'
import type { RuleAction } from '../../core/model/rule-action.js'
import type { DeploymentRecord, ServiceDeploymentRecord } from '../../core/model/service.js'
import type { ContainerInstanceRecord } from '../../core/model/container-instance.js'
import { serviceGroup, type ServiceRecord } from '../../core/model/service.js'
import type { ReadTx } from '../../state/store.js'
import { watchingAlarms } from './deployment-alarms.js'
import { elbReads, type ElbReads } from './elb-reads.js'
import type { TargetGroupView } from './load-balancing.js'
import type { ClusterView, SchedulerSettings, ServiceSnapshot } from './snapshot.js'

/** A cluster's registered instances (not INACTIVE), read once per pass and shared by its services. */
export async function loadInstances(tx: ReadTx, clusterArn: string): Promise<ContainerInstanceRecord[]> {
  const out: ContainerInstanceRecord[] = []
  let after: string | undefined
  for (;;) {
    const page = await tx.containerInstances.list({ clusterArn, after, limit: 500 })
    out.push(...page.filter((i) => i.status !== 'INACTIVE'))
    if (page.length < 500) return out
    after = page[page.length - 1]!.arn
  }
}

/**
 * One service's snapshot from the store, or undefined when there is nothing to schedule (no
 * such service, or INACTIVE). Its tasks are those of its group that a deployment started
 * (`startedBy: ecs-svc/...`): a RunTask that names the group is not the service's.
 * `elb` may be shared by the services one read looks at, so listeners and rules are listed
 * once per read, not once per service; never across reads (elb-reads.ts).
 */
export async function loadServiceSnapshot(
  tx: ReadTx,
  arn: string,
  context: { cluster: ClusterView; settings: SchedulerSettings; mayPlace: boolean; now: number },
  definitions: Map<string, TaskDefinition> = new Map(),
  elb: ElbReads = elbReads(tx),
): Promise<ServiceSnapshot | undefined> {
  const service = await tx.services.get(arn)
  if (!service || service.status === 'INACTIVE') return undefined
  // An EXTERNAL service has no deployments, and may have no task set yet: still scheduled (it retires, strays stop).
  if (service.deployments.length === 0 && service.deploymentController !== 'EXTERNAL') return undefined
  const tasks = (await tx.tasks.inGroup(service.clusterArn, serviceGroup(service.name), { unaccounted: true })).filter((t) =>
    t.startedBy?.startsWith('ecs-svc/'),
  )
  const loadBalancers = new Map<string, readonly LoadBalancer[]>()
  for (const d of service.deployments) loadBalancers.set(d.id, ownTargetGroup(d, (await tx.serviceRevisions.get(d.revisionArn))?.loadBalancers ?? service.loadBalancers))
  // A task set's tasks register in its own target group (DRAINING ones too, until their targets are gone).
  for (const ts of service.taskSets ?? []) loadBalancers.set(ts.id, ts.loadBalancers ?? [])
  const primary = service.deployments[0]
  const serviceDeployment = primary ? await tx.serviceDeployments.get(primary.serviceDeploymentArn) : undefined
  const shift = serviceDeployment?.trafficShift
  const groupArns = new Set([
    ...[...service.loadBalancers, ...[...loadBalancers.values()].flat()].flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : [])),
    ...(shift ? [shift.blueTargetGroupArn, shift.greenTargetGroupArn] : []),
  ])
  return {
    service,
    serviceDeployment,
    rules: await loadShiftRules(elb, serviceDeployment),
    alarms: await loadWatchedAlarms(tx, service),
    taskDefinitions: await loadTaskDefinitions(tx, service, tasks.map((t) => t.taskDefinitionArn), definitions),
    tasks,
    loadBalancers,
    targetGroups: await loadTargetGroups(tx, elb, groupArns),
    ...context,
  }
}

/**
 * A blue/green deployment's tasks register in the group of the pair it was given when it
 * started (`targetGroupArn` on the deployment), not the one its revision names: the pair swap
 * roles on every deployment. There is one `loadBalancers` entry then (the API allows no more).
 */
function ownTargetGroup(d: DeploymentRecord, lbs: readonly LoadBalancer[]): readonly LoadBalancer[] {
  const own = d.targetGroupArn
  if (own === undefined) return lbs
  return lbs.map((lb, i) => (i === 0 ? { ...lb, targetGroupArn: own } : lb))
}

/** The production and test rules' actions of a shift still under way (none otherwise: nothing to write). */
async function loadShiftRules(elb: ElbReads, sd: ServiceDeploymentRecord | undefined): Promise<Map<string, readonly RuleAction[]>> {
  const out = new Map<string, readonly RuleAction[]>()
  const shift = sd?.trafficShift
  if (!shift || (sd.status !== 'PENDING' && sd.status !== 'IN_PROGRESS' && sd.status !== 'ROLLBACK_REQUESTED' && sd.status !== 'ROLLBACK_IN_PROGRESS')) return out
  const listeners = await elb.listeners()
  const rules = await elb.rules()
  for (const arn of [shift.productionRuleArn, ...(shift.testRuleArn !== undefined ? [shift.testRuleArn] : [])]) {
    const rule = findNamedRule(arn, listeners, rules)
    if (rule) out.set(arn, rule.actions)
  }
  return out
}

/** The alarms a deployment is watched by, while it is (deployment-alarms.ts): a name with no alarm is left out. */
async function loadWatchedAlarms(tx: ReadTx, service: ServiceRecord): Promise<Map<string, AlarmRecord>> {
  const out = new Map<string, AlarmRecord>()
  const config = service.deploymentConfiguration.alarms
  if (!config || !watchingAlarms(service.deploymentConfiguration, service.deployments[0])) return out
  for (const name of new Set(config.alarmNames)) {
    const alarm = await tx.alarms.get(name)
    if (alarm) out.set(name, alarm)
  }
  return out
}

/** The target groups a service registers in, with their targets, as the scheduler reads them. */
async function loadTargetGroups(tx: ReadTx, elb: ElbReads, arns: ReadonlySet<string>): Promise<Map<string, TargetGroupView>> {
  const out = new Map<string, TargetGroupView>()
  if (arns.size === 0) return out
  const inUse = await elb.inUse()
  for (const arn of arns) {
    const group = await tx.targetGroups.get(arn)
    if (!group) continue
    out.set(arn, { arn, targetType: group.targetType, inUse: inUse.has(arn), targets: await tx.targets.forTargetGroup(arn) })
  }
  return out
}

/**
 * The task definitions the service's deployments and tasks run, by ARN. `cache` keeps them
 * between reads: a revision's containers never change (only its status, which is not read).
 */
async function loadTaskDefinitions(
  tx: ReadTx,
  service: ServiceRecord,
  taskArns: readonly string[],
  cache: Map<string, TaskDefinition>,
): Promise<Map<string, TaskDefinition>> {
  const out = new Map<string, TaskDefinition>()
  for (const arn of new Set([...service.deployments.map((d) => d.taskDefinition), ...(service.taskSets ?? []).map((t) => t.taskDefinition), ...taskArns])) {
    let td = cache.get(arn)
    if (!td) {
      const name = arn.slice(arn.lastIndexOf('/') + 1)
      const colon = name.lastIndexOf(':')
      td = await tx.taskDefinitions.get(name.slice(0, colon), Number(name.slice(colon + 1)))
      if (td) cache.set(arn, td)
    }
    if (td) out.set(arn, td)
  }
  return out
}
