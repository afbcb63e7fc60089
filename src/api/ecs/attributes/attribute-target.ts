import type { Attribute } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ClusterRecord } from '../../../core/model/cluster.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'
import type { ReadTx } from '../../../state/store.js'
import { findInstance } from '../container-instances/instance-ref.js'
import type { EcsDeps } from '../deps.js'

/**
 * The container instance an attribute targets: `targetId` is its ARN, or its id together with
 * `targetType` (ECS requires the type with a short id). An instance the cluster does not hold,
 * or a deregistered one, is TargetNotFoundException.
 */
export async function requireTarget(
  tx: ReadTx,
  cluster: ClusterRecord,
  attribute: Attribute,
  deps: Pick<EcsDeps, 'arns'>,
): Promise<ContainerInstanceRecord> {
  const targetId = attribute.targetId
  if (targetId === undefined || targetId === '') {
    throw EcsErrors.invalidParameter(`The attribute '${attribute.name}' needs a targetId: a container instance ARN or id.`)
  }
  if (!targetId.startsWith('arn:') && attribute.targetType === undefined) {
    throw EcsErrors.invalidParameter(`The attribute '${attribute.name}' names its target by id (${targetId}), so it needs a targetType too.`)
  }
  const { instance } = await findInstance(tx, cluster, targetId, deps.arns)
  if (!instance || instance.status === 'INACTIVE') throw EcsErrors.targetNotFound(targetId)
  return instance
}

/** Instances changed by one Put/DeleteAttributes call, each read once and written once. */
export class TouchedInstances {
  readonly #byArn = new Map<string, ContainerInstanceRecord>()

  /** The latest version of `instance` within this call. */
  current(instance: ContainerInstanceRecord): ContainerInstanceRecord {
    return this.#byArn.get(instance.arn) ?? instance
  }

  set(instance: ContainerInstanceRecord): void {
    this.#byArn.set(instance.arn, instance)
  }

  /** Every changed instance, its version bumped once for this call. */
  changed(): ContainerInstanceRecord[] {
    return [...this.#byArn.values()].map((ci) => ({ ...ci, version: ci.version + 1 }))
  }
}
