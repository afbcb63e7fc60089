import type { TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { newDeploymentDigits, newServiceDeploymentId } from '../../../core/ids.js'
import {
  FINISHED_SERVICE_DEPLOYMENT,
  type ServiceDeploymentRecord,
  type ServiceRecord,
  type ServiceRevisionRecord,
} from '../../../core/model/service.js'
import { finishedServiceDeployment, newDeploymentRecord, newServiceDeploymentRecord, withPrimary } from '../../../core/model/service-deployments.js'
import type { TaskCounts } from '../../../core/model/service-tasks.js'
import type { WriteTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'
import { resolveTrafficShift } from './traffic-pair.js'

/** Berth's words: ECS documents no statusReason for a deployment a newer one replaced. */
export const SUPERSEDED_REASON = 'A newer service deployment replaced this one before it finished.'
/** Berth's words, for the deployment in progress when its service is deleted. */
export const SERVICE_DELETED_REASON = 'The service was deleted before this deployment finished.'

export interface DeploymentStart {
  /**
   * The service with what it is to run already set (networkConfiguration, loadBalancers, the
   * settings); its deployments as they are. Its taskDefinition follows the new PRIMARY.
   */
  service: ServiceRecord
  clusterName: string
  taskDefinition: TaskDefinition
  /** Live task counts by deployment id: the new service deployment's sources start from them. */
  counts: ReadonlyMap<string, TaskCounts>
  now: number
}

/**
 * Starts a deployment (CreateService, and UpdateService when the task definition, network
 * configuration or load balancers change, or forceNewDeployment): a new service revision, a
 * new PRIMARY deployment running it (the old PRIMARY becomes ACTIVE), and a PENDING service
 * deployment moving the live deployments to it. A service deployment still unfinished is
 * superseded: STOPPED, its counts frozen (ECS: a user starting a new deployment stops the one
 * in progress). The scheduler takes it from there. Blue/green, linear and canary: the new
 * deployment gets the group of the pair not taking production traffic, and its service
 * deployment the shift to move along (traffic-pair.ts). Returns the service to store.
 */
export async function startDeployment(tx: WriteTx, input: DeploymentStart, deps: Pick<EcsDeps, 'arns'>): Promise<ServiceRecord> {
  const { service, clusterName, taskDefinition: td, counts, now } = input
  const digits = newDeploymentDigits()
  const shift = await resolveTrafficShift(tx, service, now)
  const revision: ServiceRevisionRecord = {
    arn: deps.arns.serviceRevision(clusterName, service.name, digits),
    serviceArn: service.arn,
    clusterArn: service.clusterArn,
    taskDefinition: td.taskDefinitionArn!,
    launchType: service.launchType,
    loadBalancers: service.loadBalancers,
    resolvedLoadBalancers: service.loadBalancers.flatMap((lb) =>
      // The group its tasks serve from: for a blue/green pair, the one not taking production traffic now.
      lb.advancedConfiguration && shift
        ? [{ targetGroupArn: shift.greenTargetGroupArn, productionListenerRule: lb.advancedConfiguration.productionListenerRule }]
        : lb.targetGroupArn !== undefined
          ? [{ targetGroupArn: lb.targetGroupArn }]
          : [],
    ),
    ...(service.networkConfiguration ? { networkConfiguration: service.networkConfiguration } : {}),
    containerImages: (td.containerDefinitions ?? []).map((c) => ({ containerName: c.name ?? '', image: c.image ?? '' })),
    createdAt: now,
  }
  await tx.serviceRevisions.put(revision)
  const serviceDeploymentArn = deps.arns.serviceDeployment(clusterName, service.name, newServiceDeploymentId())
  const deployment = newDeploymentRecord({
    id: `ecs-svc/${digits}`,
    revision,
    serviceDeploymentArn,
    ...(shift ? { targetGroupArn: shift.greenTargetGroupArn } : {}),
    now,
  })
  await finishUnfinished(tx, service, counts, now, SUPERSEDED_REASON)
  const next = withPrimary(service, deployment, now)
  await tx.serviceDeployments.put(
    newServiceDeploymentRecord({
      arn: serviceDeploymentArn,
      service: next,
      deployment,
      sources: service.deployments,
      counts,
      ...(shift ? { trafficShift: shift.trafficShift } : {}),
      now,
    }),
  )
  return next
}

/** Stops the service's current service deployment if it has not finished; a no-op otherwise. */
export async function finishUnfinished(
  tx: WriteTx,
  service: Pick<ServiceRecord, 'currentServiceDeploymentArn'>,
  counts: ReadonlyMap<string, TaskCounts>,
  now: number,
  reason: string,
): Promise<void> {
  if (!service.currentServiceDeploymentArn) return
  const current = await tx.serviceDeployments.get(service.currentServiceDeploymentArn)
  if (current && !FINISHED_SERVICE_DEPLOYMENT.has(current.status)) await tx.serviceDeployments.put(stopped(current, counts, now, reason))
}

/** A service deployment that ends before finishing: STOPPED (see finishedServiceDeployment). */
export const stopped = (r: ServiceDeploymentRecord, counts: ReadonlyMap<string, TaskCounts>, now: number, reason: string): ServiceDeploymentRecord =>
  finishedServiceDeployment(r, { status: 'STOPPED', reason }, counts, now)
