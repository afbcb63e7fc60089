import { ScalingErrors } from '../../core/errors.js'
import { ECS_DESIRED_COUNT, ECS_NAMESPACE, parseServiceResourceId, type ScalableTargetRecord } from '../../core/model/scaling.js'
import type { ReadTx } from '../../state/store.js'

/**
 * Berth scales one thing: ECS services' desired count. Requests for another namespace or
 * dimension are refused here, naming what Berth serves.
 */
export function checkNamespace(namespace: string): void {
  if (namespace !== ECS_NAMESPACE) {
    throw ScalingErrors.validation(`Berth serves Application Auto Scaling for ECS services only: ServiceNamespace must be 'ecs', not '${namespace}'.`)
  }
}

export function checkDimension(dimension: string | undefined): void {
  if (dimension !== undefined && dimension !== ECS_DESIRED_COUNT) {
    throw ScalingErrors.validation(`Unsupported scalable dimension '${dimension}' for service namespace 'ecs': Berth scales ecs:service:DesiredCount.`)
  }
}

/** `service/<cluster>/<service>`, split; AWS's message otherwise. */
export function checkResourceId(resourceId: string): { clusterName: string; serviceName: string } {
  const parsed = parseServiceResourceId(resourceId)
  if (!parsed) throw ScalingErrors.validation(`Unsupported service namespace, resource type or scalable dimension: ResourceId '${resourceId}' is not of the form service/<cluster>/<service>.`)
  return parsed
}

/** Namespace, dimension and resource id of a request that names one target. */
export function checkTargetRef(input: { ServiceNamespace: string; ScalableDimension: string; ResourceId: string }): { clusterName: string; serviceName: string } {
  checkNamespace(input.ServiceNamespace)
  checkDimension(input.ScalableDimension)
  return checkResourceId(input.ResourceId)
}

export async function requireTarget(tx: ReadTx, resourceId: string): Promise<ScalableTargetRecord> {
  const target = await tx.scalableTargets.get(resourceId)
  if (!target) throw ScalingErrors.objectNotFound(`No scalable target registered for service namespace: ecs, resource ID: ${resourceId}, scalable dimension: ecs:service:DesiredCount`)
  return target
}
