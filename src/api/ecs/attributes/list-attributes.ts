import type { Attribute, ListAttributesRequest, ListAttributesResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { ContainerInstanceRecord } from '../../../core/model/container-instance.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsOperation } from '../deps.js'
import { decodeToken, encodeToken, pageSize } from '../pagination.js'
import { requireCluster } from '../resolve.js'

/** A row's key: the instance ARN, then the attribute name. Pages follow this order. */
type AttributeKey = [targetId: string, name: string]
const isKey = (k: unknown): k is AttributeKey => Array.isArray(k) && k.length === 2 && k.every((x) => typeof x === 'string')
const before = (a: AttributeKey, b: AttributeKey) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1])

/**
 * One row per attribute per registered instance of the cluster (built-in, agent and custom
 * attributes alike), narrowed by name, or by name and value.
 */
export const listAttributes: EcsOperation<ListAttributesRequest, ListAttributesResponse> = async (input, deps) => {
  if (input.attributeValue !== undefined && input.attributeName === undefined) {
    throw EcsErrors.invalidParameter('attributeValue can only be used together with attributeName.')
  }
  const limit = pageSize(input.maxResults)
  const after = decodeToken(input.nextToken, isKey)
  return deps.store.read(async (tx) => {
    const cluster = await requireCluster(tx, input.cluster, deps)
    const rows = (await registeredInstances(tx, cluster.arn))
      .flatMap((ci) => ci.attributes.map((a) => ({ key: [ci.arn, a.name] as AttributeKey, attribute: { ...a, targetId: ci.arn } })))
      .filter((r) => input.attributeName === undefined || r.attribute.name === input.attributeName)
      .filter((r) => input.attributeValue === undefined || r.attribute.value === input.attributeValue)
      .filter((r) => after === undefined || before(after, r.key))
      .sort((x, y) => (before(x.key, y.key) ? -1 : 1))
    const page = rows.slice(0, limit)
    const attributes: Attribute[] = page.map((r) => r.attribute)
    return rows.length > limit ? { attributes, nextToken: encodeToken(page[page.length - 1]!.key) } : { attributes }
  })
}

/** Every instance of the cluster that is not deregistered, read a page at a time. */
async function registeredInstances(tx: ReadTx, clusterArn: string): Promise<ContainerInstanceRecord[]> {
  const out: ContainerInstanceRecord[] = []
  for (let after: string | undefined; ; ) {
    const batch = await tx.containerInstances.list({ clusterArn, after, limit: 100 })
    out.push(...batch.filter((ci) => ci.status !== 'INACTIVE'))
    if (batch.length < 100) return out
    after = batch[batch.length - 1]!.arn
  }
}
