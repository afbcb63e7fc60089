import type { AddTagsInput, DescribeTagsInput, DescribeTagsOutput, RemoveTagsInput } from '../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../core/errors.js'
import type { ReadTx } from '../../state/store.js'
import type { ElbDeps, ElbOperation } from './deps.js'
import { requireRule } from './resolve.js'
import { addTags, checkTags, tagView } from './tags.js'

/** The resource an ARN names must exist; the not-found error is its type's. Default rules count. */
async function requireResource(tx: ReadTx, arn: string, deps: ElbDeps): Promise<void> {
  switch (deps.arns.kindOf(arn)) {
    case 'loadbalancer':
      if (await tx.loadBalancers.get(arn)) return
      throw ElbErrors.loadBalancerNotFound()
    case 'targetgroup':
      if (await tx.targetGroups.get(arn)) return
      throw ElbErrors.targetGroupNotFound(arn)
    case 'listener':
      if (await tx.listeners.get(arn)) return
      throw ElbErrors.listenerNotFound()
    case 'listener-rule':
      await requireRule(tx, arn)
      return
    default:
      throw ElbErrors.validation(`'${arn}' is not a valid load balancer, listener, rule or target group ARN`)
  }
}

const checkCount = (arns: readonly string[]) => {
  if (arns.length > 20) throw ElbErrors.validation('At most 20 resource ARNs can be specified')
}

export const addTagsOperation: ElbOperation<AddTagsInput, object> = async (input, deps) => {
  checkCount(input.ResourceArns)
  const tags = checkTags(input.Tags)
  return deps.store.txn(async (tx) => {
    for (const arn of input.ResourceArns) {
      await requireResource(tx, arn, deps)
      await addTags(tx, arn, tags)
    }
    return {}
  })
}

export const removeTagsOperation: ElbOperation<RemoveTagsInput, object> = async (input, deps) => {
  checkCount(input.ResourceArns)
  return deps.store.txn(async (tx) => {
    for (const arn of input.ResourceArns) {
      await requireResource(tx, arn, deps)
      await tx.tags.remove(arn, input.TagKeys)
    }
    return {}
  })
}

export const describeTagsOperation: ElbOperation<DescribeTagsInput, DescribeTagsOutput> = async (input, deps) => {
  checkCount(input.ResourceArns)
  return deps.store.read(async (tx) => {
    const out = []
    for (const arn of input.ResourceArns) {
      await requireResource(tx, arn, deps)
      out.push({ ResourceArn: arn, Tags: tagView(await tx.tags.get(arn)) })
    }
    return { TagDescriptions: out }
  })
}
