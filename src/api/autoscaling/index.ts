import model from '../../core/aws-model/application-autoscaling.json' with { type: 'json' }
import { ScalingErrors } from '../../core/errors.js'
import { createAuthorizer } from '../iam/index.js'
import { createJsonService, type ErrorLogger, type JsonOperation, type JsonService } from '../protocols/json-protocol.js'
import type { ServiceModel } from '../shapes/model.js'
import { describeScalingActivities } from './activities/describe-scaling-activities.js'
import { resolveTargetRef, SCALING_AUTHORIZATION } from './authorization.js'
import type { ScalingDeps, ScalingOperation } from './deps.js'
import { policyOperations } from './policies/index.js'
import { SCALING_REFUSED_MEMBERS } from './refused-members.js'
import { scheduledOperations } from './scheduled/index.js'
import { tagOperations } from './tags/index.js'
import { targetOperations } from './targets/index.js'

export type { ScalingDeps } from './deps.js'

export const SCALING_TARGET_PREFIX = 'AnyScaleFrontendService'

/** Every Application Auto Scaling action Berth implements; GetPredictiveScalingForecast answers UnknownOperationException. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OPERATIONS: Record<string, ScalingOperation<any, any>> = {
  ...targetOperations,
  ...policyOperations,
  ...scheduledOperations,
  DescribeScalingActivities: describeScalingActivities,
  ...tagOperations,
}

export const implementedScalingOperations = (): string[] => Object.keys(OPERATIONS)

export function createScalingService(deps: ScalingDeps, logError: ErrorLogger): JsonService {
  const operations: Record<string, JsonOperation> = {}
  for (const [name, op] of Object.entries(OPERATIONS)) operations[name] = (input) => op(input, deps)
  return createJsonService(
    {
      targetPrefix: SCALING_TARGET_PREFIX,
      model: model as unknown as ServiceModel,
      invalidParameter: ScalingErrors.validation,
      errorMessageKey: 'Message',
      operations,
      refusedMembers: SCALING_REFUSED_MEMBERS,
      authorize: createAuthorizer({
        table: SCALING_AUTHORIZATION,
        names: deps.arns,
        store: deps.store,
        region: deps.arns.partition.region,
        prefix: 'application-autoscaling',
        resolve: resolveTargetRef,
      }),
    },
    logError,
  )
}
