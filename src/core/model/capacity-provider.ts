import { withDefaults, type StrategyItem } from './capacity-provider-strategy.js'
import type {
  AutoScalingGroupProvider,
  CapacityProviderStrategyItem,
  CapacityProviderStatus,
  CapacityProviderUpdateStatus,
  ManagedScaling,
} from '../aws-model/ecs.types.js'

/**
 * An Auto Scaling group capacity provider as Berth stores it (CreateCapacityProvider,
 * UpdateCapacityProvider and DeleteCapacityProvider are its only writers). FARGATE and
 * FARGATE_SPOT are not stored: every account has them (capacity-provider-strategy.ts).
 */
export interface CapacityProviderRecord {
  arn: string
  name: string
  /** ACTIVE until deleted, then INACTIVE (kept, as ECS shows deleted providers for a while). */
  status: Extract<CapacityProviderStatus, 'ACTIVE' | 'INACTIVE'>
  /** With ECS's defaults filled in (withProviderDefaults), as ECS echoes them. */
  autoScalingGroupProvider: FilledAutoScalingGroupProvider
  updateStatus?: CapacityProviderUpdateStatus
  updateStatusReason?: string
  /** Epoch milliseconds. */
  createdAt: number
}

export interface FilledAutoScalingGroupProvider extends AutoScalingGroupProvider {
  managedScaling: Required<ManagedScaling>
  managedTerminationProtection: 'ENABLED' | 'DISABLED'
  managedDraining: 'ENABLED' | 'DISABLED'
}

/**
 * ECS's defaults (API reference, ManagedScaling): targetCapacity 100, minimumScalingStepSize
 * 1, maximumScalingStepSize 10000, instanceWarmupPeriod 300; managed scaling and termination
 * protection off unless asked for; managed draining on (ECS turns it on for new providers).
 */
export function withProviderDefaults(p: AutoScalingGroupProvider): FilledAutoScalingGroupProvider {
  return {
    autoScalingGroupArn: p.autoScalingGroupArn,
    managedScaling: fillScaling(p.managedScaling),
    managedTerminationProtection: p.managedTerminationProtection ?? 'DISABLED',
    managedDraining: p.managedDraining ?? 'ENABLED',
  }
}

export function fillScaling(s: ManagedScaling | undefined, base?: Required<ManagedScaling>): Required<ManagedScaling> {
  return {
    status: s?.status ?? base?.status ?? 'DISABLED',
    targetCapacity: s?.targetCapacity ?? base?.targetCapacity ?? 100,
    minimumScalingStepSize: s?.minimumScalingStepSize ?? base?.minimumScalingStepSize ?? 1,
    maximumScalingStepSize: s?.maximumScalingStepSize ?? base?.maximumScalingStepSize ?? 10000,
    instanceWarmupPeriod: s?.instanceWarmupPeriod ?? base?.instanceWarmupPeriod ?? 300,
  }
}

/**
 * The group an `autoScalingGroupArn` names: ECS takes the group's ARN
 * (`arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>`)
 * or its bare name. Undefined for anything else.
 */
export function autoScalingGroupNameOf(ref: string): string | undefined {
  if (!ref.startsWith('arn:')) return /^[\w.@+=,-]{1,255}$/.test(ref) ? ref : undefined
  const m = /^arn:aws:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/(.{1,255})$/.exec(ref)
  return m?.[1]
}

/**
 * The container instance attribute that says which Auto Scaling group an instance belongs to
 * (`berth up` sets it on its simulated instances; an operator's agents can set it with
 * ECS_INSTANCE_ATTRIBUTES). Tasks of an Auto Scaling group provider go only to its instances.
 */
export const AUTO_SCALING_GROUP_ATTRIBUTE = 'berth.auto-scaling-group'

/**
 * A strategy's items as the split uses them: ECS's defaults (weight 0, base 0), and a lone
 * item of weight 0 taking every task beyond its base, as a one-provider strategy does on ECS.
 */
export function effectiveStrategy(items: readonly CapacityProviderStrategyItem[]): StrategyItem[] {
  const filled = withDefaults(items)
  return filled.length === 1 && filled[0]!.weight === 0 ? [{ ...filled[0]!, weight: 1 }] : filled
}
