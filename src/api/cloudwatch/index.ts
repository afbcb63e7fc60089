import cloudwatchModel from '../../core/aws-model/cloudwatch.json' with { type: 'json' }
import { createAuthorizer } from '../iam/index.js'
import { createJsonService, type ErrorLogger, type JsonService } from '../protocols/json-protocol.js'
import { createQueryService, type QueryService } from '../protocols/query-protocol.js'
import type { RequestContext } from '../protocols/wire.js'
import type { AuthorizationTable } from '../iam/index.js'
import type { ServiceModel } from '../shapes/model.js'
import type { RefusedMembers } from '../shapes/refused-members.js'
import type { CloudWatchArns } from './arns.js'
import { METRIC_AUTHORIZATION } from './authorization.js'
import type { CloudWatchDeps, CloudWatchOperation } from './deps.js'
import { CloudWatchErrors } from './errors.js'
import { ALARM_AUTHORIZATION, ALARM_REFUSED_MEMBERS, alarmOperations } from './alarms/index.js'
import { metricOperations } from './metrics/index.js'
import { CLOUDWATCH_REFUSED_MEMBERS } from './refused-members.js'

export type { CloudWatchDeps } from './deps.js'
export { CloudWatchArns } from './arns.js'

/**
 * One group of CloudWatch operations (metrics here; alarms plug in the same way): the
 * operations by wire name, what IAM each asks, and the members refused.
 */
export interface OperationGroup {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  operations: Record<string, CloudWatchOperation<any, any>>
  authorization: AuthorizationTable<CloudWatchArns>
  refusedMembers: RefusedMembers
}

/** Every CloudWatch action Berth implements, by group. The rest answer InvalidAction / UnknownOperationException. */
const GROUPS: readonly OperationGroup[] = [
  { operations: metricOperations, authorization: METRIC_AUTHORIZATION, refusedMembers: CLOUDWATCH_REFUSED_MEMBERS },
  { operations: alarmOperations, authorization: ALARM_AUTHORIZATION, refusedMembers: ALARM_REFUSED_MEMBERS },
]

export const implementedCloudWatchOperations = (): string[] => GROUPS.flatMap((g) => Object.keys(g.operations))

/** Every group's refused members, by operation (the member ledger reads it). */
export const CLOUDWATCH_REFUSED: RefusedMembers = Object.assign({}, ...GROUPS.map((g) => g.refusedMembers)) as RefusedMembers

/** Every group's IAM checks, by operation. */
export const CLOUDWATCH_AUTHORIZATION: AuthorizationTable<CloudWatchArns> = Object.assign({}, ...GROUPS.map((g) => g.authorization)) as AuthorizationTable<CloudWatchArns>

export interface CloudWatchServices {
  /** The query protocol (Version 2010-08-01): the aws CLI v2 and older SDKs. */
  query: QueryService
  /** JSON 1.0 (`GraniteServiceVersion20100801.<Op>`, query-compatible errors): newer SDKs. */
  json: JsonService
}

/** CloudWatch over both wires its clients speak, one operation table behind them. */
export function createCloudWatchServices(deps: CloudWatchDeps, logError: ErrorLogger): CloudWatchServices {
  const model = cloudwatchModel as unknown as ServiceModel
  const operations: Record<string, (input: unknown, ctx: RequestContext) => Promise<unknown>> = {}
  for (const group of GROUPS) for (const [name, op] of Object.entries(group.operations)) operations[name] = (input, ctx) => op(input, deps, ctx)
  const refusedMembers = CLOUDWATCH_REFUSED
  const authorize = createAuthorizer({
    table: CLOUDWATCH_AUTHORIZATION,
    names: deps.arns,
    store: deps.store,
    region: deps.arns.partition.region,
    prefix: 'cloudwatch',
    omitWildcardResource: true,
  })
  const common = { model, invalidParameter: CloudWatchErrors.invalidParameterValue, operations, refusedMembers, authorize }
  return {
    query: createQueryService(common, logError),
    json: createJsonService({ ...common, targetPrefix: model.metadata['targetPrefix'] ?? 'GraniteServiceVersion20100801', errorMessageKey: 'message' }, logError),
  }
}
