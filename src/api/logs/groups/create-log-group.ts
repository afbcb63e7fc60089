import type { CreateLogGroupRequest } from '../../../core/aws-model/logs.types.js'
import { LogsErrors } from '../../../core/errors.js'
import type { LogsOperation } from '../deps.js'
import { checkGroupName } from '../resolve.js'
import { checkTags } from '../tags/check-tags.js'

/** Not idempotent, as in AWS: a group that exists is ResourceAlreadyExistsException. */
export const createLogGroup: LogsOperation<CreateLogGroupRequest, object> = async (input, deps) => {
  const name = checkGroupName(input.logGroupName)
  const tags = checkTags(input.tags ?? {})
  return deps.store.txn(async (tx) => {
    if (await tx.logs.group(name)) throw LogsErrors.groupExists()
    await tx.logs.createGroup({
      name,
      creationTime: deps.clock.now(),
      ...(input.kmsKeyId !== undefined ? { kmsKeyId: input.kmsKeyId } : {}),
    })
    await tx.tags.put(deps.arns.group(name), tags)
    return {}
  })
}
