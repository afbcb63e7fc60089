import type { Attribute, DeleteAttributesRequest, DeleteAttributesResponse } from '../../../core/aws-model/ecs.types.js'
import { withoutAttributes } from '../../../core/model/attribute.js'
import type { EcsOperation } from '../deps.js'
import { requireCluster } from '../resolve.js'
import { TouchedInstances, requireTarget } from './attribute-target.js'
import { checkAttribute } from './check-attributes.js'
import { checkAttributeCount } from './put-attributes.js'

/**
 * Removes attributes by name from their targets, all or none. A value in the request is not
 * needed and not compared. Each deleted attribute comes back with the value it had; a name the
 * instance did not have is not an error and comes back as given.
 */
export const deleteAttributes: EcsOperation<DeleteAttributesRequest, DeleteAttributesResponse> = async (input, deps) => {
  input.attributes.forEach((a) => checkAttribute({ name: a.name }))
  return deps.store.txn(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    // A missing cluster is ClusterNotFoundException before the list is judged: ECS checks in that order.
    checkAttributeCount(input.attributes)
    const touched = new TouchedInstances()
    const deleted: Attribute[] = []
    for (const attribute of input.attributes) {
      const instance = touched.current(await requireTarget(tx, cluster, attribute, deps))
      const had = instance.attributes.find((a) => a.name === attribute.name)
      if (had) touched.set({ ...instance, attributes: withoutAttributes(instance.attributes, [attribute.name]) })
      const { value: _asked, ...rest } = attribute
      deleted.push({ ...rest, ...(had?.value !== undefined ? { value: had.value } : {}), targetId: instance.arn })
    }
    for (const instance of touched.changed()) await tx.containerInstances.put(instance)
    return { attributes: deleted }
  })
}
