import type {
  DescribeTargetGroupAttributesInput,
  DescribeTargetGroupAttributesOutput,
  ModifyTargetGroupAttributesInput,
  ModifyTargetGroupAttributesOutput,
} from '../../../core/aws-model/elbv2.types.js'
import type { ElbOperation } from '../deps.js'
import { requireTargetGroup } from '../resolve.js'
import { attributeList } from '../views.js'
import { applyTgAttributes } from './tg-attributes.js'

export const describeTargetGroupAttributes: ElbOperation<DescribeTargetGroupAttributesInput, DescribeTargetGroupAttributesOutput> = async (input, deps) =>
  deps.store.read(async (tx) => ({ Attributes: attributeList((await requireTargetGroup(tx, input.TargetGroupArn)).attributes) }))

/** All or nothing; answers every attribute. */
export const modifyTargetGroupAttributes: ElbOperation<ModifyTargetGroupAttributesInput, ModifyTargetGroupAttributesOutput> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const group = await requireTargetGroup(tx, input.TargetGroupArn)
    const attributes = applyTgAttributes(group.attributes, input.Attributes)
    await tx.targetGroups.put({ ...group, attributes })
    return { Attributes: attributeList(attributes) }
  })
