import type { DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { TaskCounts } from '../../../core/model/service-tasks.js'
import type { EcsOperation } from '../deps.js'
import { missing } from '../resolve.js'
import { serviceDeploymentView } from './service-deployment-view.js'
import { loadDeploymentCounts } from './service-view.js'

/** The model's limit: "You can specify a maximum of 20 ARNs." */
const MAX_ARNS = 20

/** DescribeServiceDeployments: each deployment named, unknown ones in `failures` as MISSING. */
export const describeServiceDeployments: EcsOperation<DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse> = async (input, deps) => {
  const arns = input.serviceDeploymentArns
  if (arns.length === 0) throw EcsErrors.invalidParameter('serviceDeploymentArns cannot be empty.')
  if (arns.length > MAX_ARNS) throw EcsErrors.invalidParameter(`serviceDeploymentArns can have at most ${MAX_ARNS} items.`)
  return deps.store.read(async (tx) => {
    const out: DescribeServiceDeploymentsResponse = { serviceDeployments: [], failures: [] }
    // Several deployments of one service share its tasks: count them once.
    const countsByService = new Map<string, Map<string, TaskCounts>>()
    for (const arn of arns) {
      const record = await tx.serviceDeployments.get(arn)
      if (!record) {
        out.failures!.push(missing(arn))
        continue
      }
      const service = await tx.services.get(record.serviceArn)
      let counts = countsByService.get(record.serviceArn)
      if (!counts) {
        counts = service ? await loadDeploymentCounts(tx, service) : new Map()
        countsByService.set(record.serviceArn, counts)
      }
      out.serviceDeployments!.push(serviceDeploymentView(record, counts, service))
    }
    return out
  })
}
