import type { RegisterContainerInstanceRequest, RegisterContainerInstanceResponse } from '../../../core/aws-model/ecs.types.js'
import { newResourceId } from '../../../core/ids.js'
import { checkCustomAttributeLimit } from '../attributes/check-attributes.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { checkTagLimit } from '../../../core/model/tag.js'
import { checkTags } from '../tags/check-tags.js'
import { newInstanceRecord, reregisteredRecord, type Registration } from './instance-record.js'
import { requireInstance } from './instance-ref.js'
import { viewContainerInstance } from './instance-view.js'
import { checkTotalResources, readIdentityDocument, registrationAttributes } from './registration.js'

/**
 * Registers a host into a cluster (the ECS agent's call), or re-registers the instance
 * `containerInstanceArn` names. Everything is checked before the transaction, so bad input
 * changes nothing.
 */
export const registerContainerInstance: EcsOperation<RegisterContainerInstanceRequest, RegisterContainerInstanceResponse> = async (
  input,
  deps,
) => {
  const tags = checkTags(input.tags ?? [])
  const identity = readIdentityDocument(input.instanceIdentityDocument)
  const reg: Registration = {
    resources: checkTotalResources(input.totalResources),
    attributes: registrationAttributes(input.attributes ?? [], identity, deps.partition.region),
    versionInfo: input.versionInfo ?? {},
    platformDevices: input.platformDevices,
    identity,
  }
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    let record
    if (input.containerInstanceArn !== undefined) {
      record = reregisteredRecord(await requireInstance(tx, cluster, input.containerInstanceArn, deps.arns), reg)
    } else {
      const id = newResourceId()
      const arn = deps.arns.containerInstance(cluster.name, id)
      record = newInstanceRecord(reg, { id, arn, clusterArn: cluster.arn, now: deps.clock.now() })
    }
    checkCustomAttributeLimit(record.attributes)
    checkTagLimit(await tx.tags.get(record.arn), tags)
    await tx.containerInstances.put(record)
    await tx.tags.put(record.arn, tags)
    return { containerInstance: await viewContainerInstance(tx, record, ['TAGS']) }
  })
}
