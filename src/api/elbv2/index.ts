import elbv2Model from '../../core/aws-model/elbv2.json' with { type: 'json' }
import { ElbErrors } from '../../core/errors.js'
import { createAuthorizer } from '../iam/index.js'
import type { ErrorLogger } from '../protocols/json-protocol.js'
import { createQueryService, type QueryOperation, type QueryService } from '../protocols/query-protocol.js'
import type { ServiceModel } from '../shapes/model.js'
import { describeAccountLimits } from './account-limits.js'
import { ELBV2_AUTHORIZATION } from './authorization.js'
import type { ElbDeps, ElbOperation } from './deps.js'
import { listenerOperations } from './listeners/index.js'
import { loadBalancerOperations } from './load-balancers/index.js'
import { ELBV2_REFUSED_MEMBERS } from './refused-members.js'
import { ruleOperations } from './rules/index.js'
import { addTagsOperation, describeTagsOperation, removeTagsOperation } from './tag-operations.js'
import { targetGroupOperations } from './target-groups/index.js'
import { targetOperations } from './targets/index.js'

export type { ElbDeps } from './deps.js'

/** Every ELBv2 action Berth implements, by its wire name. The rest answer InvalidAction. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OPERATIONS: Record<string, ElbOperation<any, any>> = {
  ...loadBalancerOperations,
  ...listenerOperations,
  ...ruleOperations,
  ...targetGroupOperations,
  ...targetOperations,
  AddTags: addTagsOperation,
  RemoveTags: removeTagsOperation,
  DescribeTags: describeTagsOperation,
  DescribeAccountLimits: describeAccountLimits,
}

export const implementedElbv2Operations = (): string[] => Object.keys(OPERATIONS)

/** ELBv2 over the query protocol (Version 2015-12-01, signing name elasticloadbalancing). */
export function createElbv2Service(deps: ElbDeps, logError: ErrorLogger): QueryService {
  const operations: Record<string, QueryOperation> = {}
  for (const [name, op] of Object.entries(OPERATIONS)) operations[name] = (input) => op(input, deps)
  return createQueryService(
    {
      model: elbv2Model as unknown as ServiceModel,
      invalidParameter: ElbErrors.validation,
      operations,
      refusedMembers: ELBV2_REFUSED_MEMBERS,
      authorize: createAuthorizer({
        table: ELBV2_AUTHORIZATION,
        names: deps.arns,
        store: deps.store,
        region: deps.arns.partition.region,
        prefix: 'elasticloadbalancing',
        omitWildcardResource: true,
      }),
    },
    logError,
  )
}
