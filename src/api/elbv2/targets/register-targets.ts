import type { RegisterTargetsInput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { newTarget, reregistered } from '../../../core/model/target.js'
import { LIMITS, nowSeconds, type ElbOperation } from '../deps.js'
import { requireTargetGroup } from '../resolve.js'
import { InstanceIndex, checkTarget } from './check-target.js'

/**
 * Registers (id, port) pairs: a new one starts initial / Elb.RegistrationInProgress; one
 * registered already is left as it is; a draining one is registered again. An instance that
 * reported a VPC (`ecs.vpc-id`) other than the group's is InvalidTarget, nothing registered.
 */
export const registerTargets: ElbOperation<RegisterTargetsInput, object> = async (input, deps) =>
  deps.store.txn(async (tx) => {
    const group = await requireTargetGroup(tx, input.TargetGroupArn)
    const instances = new InstanceIndex()
    const now = nowSeconds(deps)
    let count = (await tx.targets.forTargetGroup(group.arn)).length
    const checked = []
    for (const t of input.Targets) checked.push(await checkTarget(tx, group, t, instances))
    // ELB names every instance of another VPC than the group's at once. An instance that
    // reported no VPC (Berth's own agent, on no EC2) cannot be told apart and is taken.
    if (group.targetType === 'instance') {
      const strangers: string[] = []
      for (const { id } of checked) {
        const vpc = await instances.vpcOf(tx, id)
        if (vpc !== undefined && vpc !== group.vpcId && !strangers.includes(id)) strangers.push(id)
      }
      if (strangers.length > 0) throw ElbErrors.targetsNotInVpc(group.vpcId, strangers)
    }
    for (const target of checked) {
      const existing = await tx.targets.get(group.arn, target.id, target.port)
      if (existing) {
        if (existing.state === 'draining') await tx.targets.put(reregistered(existing, now))
        continue
      }
      if (++count > LIMITS.targetsPerTargetGroup) throw ElbErrors.tooManyTargets(LIMITS.targetsPerTargetGroup)
      await tx.targets.put(newTarget({ targetGroupArn: group.arn, ...target }, now))
    }
    return {}
  })
