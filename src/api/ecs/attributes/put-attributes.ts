import type { Attribute, PutAttributesRequest, PutAttributesResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { withAttributes } from '../../../core/model/attribute.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { TouchedInstances, requireTarget } from './attribute-target.js'
import { checkAttribute, checkCustomAttributeLimit } from './check-attributes.js'

/** ECS takes up to 10 attributes per call. */
export const MAX_ATTRIBUTES_PER_CALL = 10

/**
 * Creates attributes or replaces their values, all or none: an unknown target, a bad name or
 * value, or an instance pushed past 10 custom attributes fails the whole call. Returns the
 * attributes with each targetId as the instance's full ARN.
 */
export const putAttributes: EcsOperation<PutAttributesRequest, PutAttributesResponse> = async (input, deps) => {
  input.attributes.forEach(checkAttribute)
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    checkAttributeCount(input.attributes)
    const touched = new TouchedInstances()
    const applied: Attribute[] = []
    for (const attribute of input.attributes) {
      const instance = touched.current(await requireTarget(tx, cluster, attribute, deps))
      touched.set({ ...instance, attributes: withAttributes(instance.attributes, [attribute]) })
      applied.push({ ...attribute, targetId: instance.arn })
    }
    for (const instance of touched.changed()) {
      checkCustomAttributeLimit(instance.attributes)
      await tx.containerInstances.put(instance)
    }
    return { attributes: applied }
  })
}

export function checkAttributeCount(attributes: readonly Attribute[]): void {
  if (attributes.length === 0) throw EcsErrors.invalidParameter('attributes must hold at least one attribute.')
  if (attributes.length > MAX_ATTRIBUTES_PER_CALL) {
    throw EcsErrors.invalidParameter(`You can specify up to ${MAX_ATTRIBUTES_PER_CALL} attributes in a single call.`)
  }
}
