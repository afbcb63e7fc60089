import ecsModel from '../../core/aws-model/ecs.json' with { type: 'json' }
import { EcsErrors } from '../../core/errors.js'
import { createJsonService, type ErrorLogger, type JsonOperation, type JsonService } from '../protocols/json-protocol.js'
import { createAuthorizer } from '../iam/index.js'
import type { ServiceModel } from '../shapes/model.js'
import { accountSettingOperations } from './account-settings/index.js'
import { attributeOperations } from './attributes/index.js'
import { ECS_AUTHORIZATION, resolveEcsResource } from './authorization.js'
import { capacityProviderOperations } from './capacity-providers/index.js'
import { clusterOperations } from './clusters/index.js'
import { containerInstanceOperations } from './container-instances/index.js'
import type { EcsDeps, EcsOperation } from './deps.js'
import { ECS_NOT_IMPLEMENTED, notImplementedMessage } from './not-implemented.js'
import { ECS_REFUSED_MEMBERS } from './refused-members.js'
import { serviceOperations } from './services/index.js'
import { tagOperations } from './tags/index.js'
import { taskDefinitionOperations } from './task-definitions/index.js'
import { taskSetOperations } from './task-sets/index.js'
import { runTaskTokens, taskOperations } from './tasks/index.js'

export type { EcsDeps } from './deps.js'

export const ECS_TARGET_PREFIX = 'AmazonEC2ContainerServiceV20141113'

/**
 * Every ECS action Berth implements, by its wire name. The model's others answer
 * UnsupportedFeatureException naming them and why (not-implemented.ts); names that are no ECS
 * operation, UnknownOperationException.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OPERATIONS: Record<string, EcsOperation<any, any>> = {
  ...clusterOperations,
  ...capacityProviderOperations,
  ...taskDefinitionOperations,
  ...containerInstanceOperations,
  ...attributeOperations,
  ...tagOperations,
  ...taskOperations,
  ...serviceOperations,
  ...taskSetOperations,
  ...accountSettingOperations,
}

export const implementedEcsOperations = (): string[] => Object.keys(OPERATIONS)

export function createEcsService(deps: EcsDeps, logError: ErrorLogger): JsonService {
  const operations: Record<string, JsonOperation> = {}
  const withTokens: EcsDeps = { ...deps, runTaskTokens: deps.runTaskTokens ?? runTaskTokens(deps.clock) }
  for (const [name, op] of Object.entries(OPERATIONS)) operations[name] = (input, ctx) => op(input, withTokens, ctx)
  return createJsonService(
    {
      targetPrefix: ECS_TARGET_PREFIX,
      model: ecsModel as unknown as ServiceModel,
      invalidParameter: EcsErrors.invalidParameter,
      errorMessageKey: 'message',
      operations,
      refusedMembers: ECS_REFUSED_MEMBERS,
      notImplemented: (operation) => {
        const reason = Object.hasOwn(ECS_NOT_IMPLEMENTED, operation) ? ECS_NOT_IMPLEMENTED[operation] : undefined
        return reason === undefined ? undefined : EcsErrors.unsupported(notImplementedMessage(operation, reason))
      },
      authorize: createAuthorizer({
        table: ECS_AUTHORIZATION,
        names: deps.arns,
        store: deps.store,
        region: deps.partition.region,
        prefix: 'ecs',
        resolve: (ref, tx) => resolveEcsResource(ref, tx, deps.arns),
        ecsResourceTags: true,
      }),
    },
    logError,
  )
}
