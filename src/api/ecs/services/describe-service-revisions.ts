import type { DescribeServiceRevisionsRequest, DescribeServiceRevisionsResponse } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import type { EcsOperation } from '../deps.js'
import { missing } from '../resolve.js'
import { serviceRevisionView } from './service-deployment-view.js'

/** The model's limit: "You can specify a maximum of 20 ARNs." */
const MAX_ARNS = 20

/** DescribeServiceRevisions: each revision named, unknown ones in `failures` as MISSING. */
export const describeServiceRevisions: EcsOperation<DescribeServiceRevisionsRequest, DescribeServiceRevisionsResponse> = async (input, deps) => {
  const arns = input.serviceRevisionArns
  if (arns.length === 0) throw EcsErrors.invalidParameter('serviceRevisionArns cannot be empty.')
  if (arns.length > MAX_ARNS) throw EcsErrors.invalidParameter(`serviceRevisionArns can have at most ${MAX_ARNS} items.`)
  return deps.store.read(async (tx) => {
    const out: DescribeServiceRevisionsResponse = { serviceRevisions: [], failures: [] }
    for (const arn of arns) {
      const revision = await tx.serviceRevisions.get(arn)
      if (revision) out.serviceRevisions!.push(serviceRevisionView(revision))
      else out.failures!.push(missing(arn))
    }
    return out
  })
}
