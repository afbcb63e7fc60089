import type { DeleteRetentionPolicyRequest, PutRetentionPolicyRequest } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import { RETENTION_DAYS, retentionCutoff } from '../../../core/model/log.js'
import type { LogsOperation } from '../deps.js'
import { expireInBatches } from '../expire-in-batches.js'
import { checkGroupName, requireGroup } from '../resolve.js'

/**
 * Events older than the retention are never returned from then on; Berth deletes them here,
 * in batches of their own transactions once the policy is set (expire-in-batches.ts), and
 * again on every later write to a stream of the group (AWS deletes them within days).
 */
export const putRetentionPolicy: LogsOperation<PutRetentionPolicyRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  if (!RETENTION_DAYS.includes(input.retentionInDays)) {
    throw LogsErrors.validation(
      input.retentionInDays,
      'retentionInDays',
      `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    )
  }
  const group = await deps.store.txn(async (tx) => {
    const group = await requireGroup(tx, name)
    await tx.logs.setRetention(group.id, input.retentionInDays)
    return group
  })
  await expireInBatches(deps.store, { groupId: group.id }, retentionCutoff(input.retentionInDays, deps.clock.now()))
  return {}
}

export const deleteRetentionPolicy: LogsOperation<DeleteRetentionPolicyRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  return deps.store.txn(async (tx) => {
    const group = await requireGroup(tx, name)
    await tx.logs.setRetention(group.id, undefined)
    return {}
  })
}
