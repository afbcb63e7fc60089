import type { RegisterContainerInstanceRequest, RegisterContainerInstanceResponse } from '../../../core/aws-model/ecs.types.js'
import { AGENT_HEADERS, agentCredentialsOf, hashInstanceSecret, newInstanceSecret } from '../../../core/agent-credentials.js'
import { EcsErrors } from '../../../core/errors.js'
import { newResourceId } from '../../../core/ids.js'
import { checkCustomAttributeLimit } from '../attributes/check-attributes.js'
import type { EcsDeps, EcsOperation } from '../deps.js'
import { clusterNameOf, requireCluster } from '../resolve.js'
import { FARGATE_POOL_CLUSTER, fargatePoolCluster } from '../../../core/model/fargate.js'
import { checkTagLimit } from '../../../core/model/tag.js'
import { checkTags } from '../tags/check-tags.js'
import { checkJoinToken, decideInstanceSecret, refusalMessage, type RefusedReason } from './agent-credentials.js'
import { newInstanceRecord, reregisteredRecord, type Registration } from './instance-record.js'
import { requireInstance } from './instance-ref.js'
import { viewContainerInstance } from './instance-view.js'
import { checkTotalResources, readIdentityDocument, registrationAttributes } from './registration.js'

/**
 * Registers a host into a cluster (the ECS agent's call), or re-registers the instance
 * `containerInstanceArn` names. Everything is checked before the transaction, so bad input
 * changes nothing. An agent's credentials ride in headers (agent-credentials.ts): with the
 * join token the instance gets a secret, answered once in `x-berth-instance-secret`; an
 * instance that has one is re-registered only by the agent holding it.
 */
export const registerContainerInstance: EcsOperation<RegisterContainerInstanceRequest, RegisterContainerInstanceResponse> = async (
  input,
  deps,
  ctx,
) => {
  const given = agentCredentialsOf(ctx?.requestHeaders ?? {})
  const token = checkJoinToken(given, deps.agents?.joinToken)
  if ('refused' in token) throw refuse(deps, token.refused, input.containerInstanceArn)
  const tags = checkTags(input.tags ?? [])
  const identity = readIdentityDocument(input.instanceIdentityDocument)
  const reg: Registration = {
    resources: checkTotalResources(input.totalResources),
    attributes: registrationAttributes(input.attributes ?? [], identity, deps.partition.region),
    versionInfo: input.versionInfo ?? {},
    platformDevices: input.platformDevices,
    identity,
  }
  const { response, secret } = await deps.store.txn(async (tx) => {
    const cluster = await registrationCluster(tx, input.cluster, token.agent, deps)
    const previous = input.containerInstanceArn !== undefined ? await requireInstance(tx, cluster, input.containerInstanceArn, deps.arns) : undefined
    const decision = decideInstanceSecret(token.agent, given, previous)
    if (typeof decision !== 'string') throw refuse(deps, decision.refused, previous?.arn)
    let record
    if (previous) {
      record = reregisteredRecord(previous, reg)
    } else {
      const id = newResourceId()
      const arn = deps.arns.containerInstance(cluster.name, id)
      record = newInstanceRecord(reg, { id, arn, clusterArn: cluster.arn, now: deps.clock.now() })
    }
    const secret = decision === 'issue' ? newInstanceSecret() : undefined
    if (secret !== undefined) record = { ...record, agentSecretHash: hashInstanceSecret(secret) }
    checkCustomAttributeLimit(record.attributes)
    checkTagLimit(await tx.tags.get(record.arn), tags)
    await tx.containerInstances.put(record)
    await tx.tags.put(record.arn, tags)
    return { response: { containerInstance: await viewContainerInstance(tx, record, ['TAGS']) }, secret }
  })
  // Only once committed: a secret answered for a registration that rolled back would match nothing.
  if (secret !== undefined && ctx) ctx.responseHeaders[AGENT_HEADERS.instanceSecret] = secret
  return response
}

/**
 * The cluster an instance joins. The Fargate pool's hosts join the pool's cluster, which is
 * never stored (core/model/fargate.ts); only an agent holding the join token may, so the
 * plain API cannot add capacity to the pool. For anyone else the pool is a missing cluster.
 */
async function registrationCluster(tx: Parameters<typeof requireCluster>[0], ref: string | undefined, agent: boolean, deps: EcsDeps) {
  if (agent && ref !== undefined && clusterNameOf(ref) === FARGATE_POOL_CLUSTER) return fargatePoolCluster(deps.arns)
  return requireCluster(tx, ref, deps)
}

/** A refused registration is logged (an operator wants to see who tried) and answered as ClientException. */
function refuse(deps: EcsDeps, reason: RefusedReason, instanceArn: string | undefined) {
  deps.agents?.logger.warn('registration refused', { reason, ...(instanceArn ? { instance: instanceArn } : {}) })
  return EcsErrors.client(refusalMessage(reason, instanceArn))
}
