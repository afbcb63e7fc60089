import type { RefusedMembers } from '../shapes/refused-members.js'

/**
 * CloudWatch request members Berth does not act on, refused by name (InvalidParameterValue)
 * rather than dropped. Berth is one account: no cross-account observability, no entities.
 */
const ONE_ACCOUNT = 'Berth serves one account and has no cross-account observability.'

export const CLOUDWATCH_REFUSED_MEMBERS: RefusedMembers = {
  PutMetricData: [
    { path: 'EntityMetricData', reason: 'Berth does not keep entities; put metrics with MetricData.' },
    { path: 'StrictEntityValidation', reason: 'Berth does not keep entities.', refuses: (v) => v === true },
  ],
  ListMetrics: [
    { path: 'IncludeLinkedAccounts', reason: ONE_ACCOUNT, refuses: (v) => v === true },
    { path: 'OwningAccount', reason: ONE_ACCOUNT },
  ],
  GetMetricData: [
    { path: 'MetricDataQueries[].AccountId', reason: ONE_ACCOUNT },
    { path: 'LabelOptions', reason: 'Berth does not format dynamic labels; labels are returned as given.' },
  ],
  GetMetricStatistics: [
    { path: 'ExtendedStatistics', reason: 'Berth keeps rollups (count, sum, minimum, maximum), not the distributions percentiles need; use Statistics.' },
  ],
}
