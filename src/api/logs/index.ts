import logsModel from '../../core/aws-model/logs.json' with { type: 'json' }
import { LogsErrors } from '../../core/errors.js'
import { createJsonService, type ErrorLogger, type JsonOperation, type JsonService } from '../protocols/json-protocol.js'
import { createAuthorizer } from '../iam/index.js'
import type { ServiceModel } from '../shapes/model.js'
import { LOGS_AUTHORIZATION } from './authorization.js'
import { LOGS_REFUSED_MEMBERS } from './refused-members.js'
import type { LogsDeps, LogsOperation } from './deps.js'
import { eventOperations } from './events/index.js'
import { groupOperations } from './groups/index.js'
import { streamOperations } from './streams/index.js'
import { tagOperations } from './tags/index.js'

export type { LogsDeps } from './deps.js'

export const LOGS_TARGET_PREFIX = 'Logs_20140328'

/** Every CloudWatch Logs action Berth implements, by its wire name. The rest answer UnknownOperationException. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OPERATIONS: Record<string, LogsOperation<any, any>> = {
  ...groupOperations,
  ...streamOperations,
  ...eventOperations,
  ...tagOperations,
}

export const implementedLogsOperations = (): string[] => Object.keys(OPERATIONS)

export function createLogsService(deps: LogsDeps, logError: ErrorLogger): JsonService {
  const operations: Record<string, JsonOperation> = {}
  for (const [name, op] of Object.entries(OPERATIONS)) operations[name] = (input) => op(input, deps)
  return createJsonService(
    {
      targetPrefix: LOGS_TARGET_PREFIX,
      model: logsModel as unknown as ServiceModel,
      invalidParameter: LogsErrors.invalidParameter,
      errorMessageKey: 'message',
      operations,
      refusedMembers: LOGS_REFUSED_MEMBERS,
      authorize: createAuthorizer({
        table: LOGS_AUTHORIZATION,
        names: deps.arns,
        store: deps.store,
        region: deps.arns.partition.region,
        prefix: 'logs',
      }),
    },
    logError,
  )
}
