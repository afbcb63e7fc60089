import type { CreateTargetGroupInput, CreateTargetGroupOutput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { newElbId } from '../../../core/model/elb-arns.js'
import type { TargetGroupRecord } from '../../../core/model/target-group.js'
import { LIMITS, nowSeconds, type ElbOperation } from '../deps.js'
import { addTags, checkTags } from '../tags.js'
import { targetGroupView } from '../views.js'
import { defaultHealthCheck, healthCheckSettings } from './health-check.js'
import { TG_ATTRIBUTE_DEFAULTS } from './tg-attributes.js'

/**
 * An HTTP or HTTPS group of instance or ip targets (other protocols, target types, protocol
 * versions and IPv6 are refused before this, refused-members.ts). Idempotent as AWS's is: the
 * same name with the same settings answers the group that exists.
 */
export const createTargetGroup: ElbOperation<CreateTargetGroupInput, CreateTargetGroupOutput> = async (input, deps) => {
  const name = checkTargetGroupName(input.Name)
  if (input.Protocol === undefined) throw ElbErrors.validation('A protocol must be specified')
  if (input.Port === undefined) throw ElbErrors.validation('A port must be specified')
  if (input.VpcId === undefined) throw ElbErrors.validation('A VPC ID must be specified')
  if (!/^vpc-[0-9a-f]{8,17}$/.test(input.VpcId)) throw ElbErrors.validation(`The VPC ID '${input.VpcId}' is not valid`)
  const protocol = input.Protocol as 'HTTP' | 'HTTPS'
  const healthCheck = healthCheckSettings(input, defaultHealthCheck(input.HealthCheckProtocol === undefined ? protocol : (input.HealthCheckProtocol as 'HTTP' | 'HTTPS')))
  const tags = checkTags(input.Tags)
  const settings = {
    protocol,
    port: input.Port,
    vpcId: input.VpcId,
    protocolVersion: 'HTTP1' as const,
    targetType: (input.TargetType ?? 'instance') as 'instance' | 'ip',
    ipAddressType: 'ipv4' as const,
    healthCheck,
  }
  return deps.store.txn(async (tx) => {
    const existing = await tx.targetGroups.byName(name)
    if (existing) {
      const { arn: _a, name: _n, createdAt: _c, attributes: _t, ...had } = existing
      if (JSON.stringify(had) !== JSON.stringify(settings)) throw ElbErrors.duplicateTargetGroupName(name)
      return { TargetGroups: [targetGroupView(existing, [])] }
    }
    if ((await tx.targetGroups.list()).length >= LIMITS.targetGroups) throw ElbErrors.tooManyTargetGroups(LIMITS.targetGroups)
    const group: TargetGroupRecord = {
      arn: deps.arns.targetGroup(name, newElbId()),
      name,
      createdAt: nowSeconds(deps),
      ...settings,
      attributes: { ...TG_ATTRIBUTE_DEFAULTS },
    }
    await tx.targetGroups.put(group)
    await addTags(tx, group.arn, tags)
    // A new group serves no load balancer yet: CreateTargetGroup answers without LoadBalancerArns.
    return { TargetGroups: [targetGroupView(group, [])] }
  })
}

/** "a maximum of 32 characters, … only alphanumeric characters or hyphens, and must not begin or end with a hyphen". */
export function checkTargetGroupName(name: string): string {
  if (name.length > 32) throw ElbErrors.validation(`Target group name '${name}' cannot be longer than '32' characters`)
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw ElbErrors.validation(`Target group name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`)
  if (name.startsWith('-') || name.endsWith('-')) throw ElbErrors.validation(`Target group name '${name}' cannot begin or end with '-'`)
  return name
}
