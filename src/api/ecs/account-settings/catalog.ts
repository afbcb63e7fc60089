import type { SettingName } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'

interface SettingRule {
  /** The values ECS accepts for it. */
  values: readonly string[]
  /** What ECS answers when nobody set it (ListAccountSettings effectiveSettings, type aws_managed). */
  awsDefault: string
  /** Values Berth cannot honour, with why: refused rather than stored as if they took effect. */
  refused?: Readonly<Record<string, string>>
}

/**
 * Every setting name of the model's SettingName enum, with the values ECS accepts. Berth stores
 * and lists them as ECS does: most only change ARN formats or defaults for features Berth either
 * already behaves as (long ARNs, tagging authorized on create, no ENI limit to trunk) or does not
 * have (Fargate, Container Insights' own metrics, GuardDuty), so storing them changes nothing
 * Berth does. containerInsights is acted on: CreateCluster without settings takes the caller's.
 * A value that would ask Berth to behave otherwise is refused by name.
 */
export const ACCOUNT_SETTINGS: Readonly<Record<SettingName, SettingRule>> = {
  serviceLongArnFormat: { values: ['enabled', 'disabled'], awsDefault: 'enabled', refused: { disabled: 'Berth always names services with the long ARN format.' } },
  taskLongArnFormat: { values: ['enabled', 'disabled'], awsDefault: 'enabled', refused: { disabled: 'Berth always names tasks with the long ARN format.' } },
  containerInstanceLongArnFormat: {
    values: ['enabled', 'disabled'],
    awsDefault: 'enabled',
    refused: { disabled: 'Berth always names container instances with the long ARN format.' },
  },
  awsvpcTrunking: { values: ['enabled', 'disabled'], awsDefault: 'disabled' },
  containerInsights: { values: ['enabled', 'disabled', 'enhanced'], awsDefault: 'disabled' },
  fargateFIPSMode: { values: ['enabled', 'disabled'], awsDefault: 'disabled' },
  tagResourceAuthorization: {
    values: ['on', 'off'],
    awsDefault: 'on',
    refused: { off: 'Berth always authorizes ecs:TagResource when a resource is created with tags.' },
  },
  fargateTaskRetirementWaitPeriod: { values: ['0', '7', '14'], awsDefault: '7' },
  guardDutyActivate: { values: ['enabled', 'disabled'], awsDefault: 'disabled' },
  defaultLogDriverMode: {
    values: ['blocking', 'non-blocking'],
    awsDefault: 'blocking',
    refused: { 'non-blocking': "Berth's agent does not change the log driver mode of containers; set mode in a container's logConfiguration." },
  },
  fargateEventWindows: { values: ['enabled', 'disabled'], awsDefault: 'disabled' },
}

export const SETTING_NAMES = Object.keys(ACCOUNT_SETTINGS) as SettingName[]

/** A value for `name` as PutAccountSetting(Default) takes it: one ECS accepts and Berth honours. */
export function checkSettingValue(name: SettingName, value: string): void {
  if (name === 'guardDutyActivate') throw EcsErrors.invalidParameter('guardDutyActivate is read-only in Amazon ECS: Amazon GuardDuty manages it.')
  const rule = ACCOUNT_SETTINGS[name]
  if (!rule.values.includes(value)) {
    throw EcsErrors.invalidParameter(`Invalid value ${value} for setting ${name}. Valid values are ${rule.values.join(', ')}.`)
  }
  const why = rule.refused?.[value]
  if (why) throw EcsErrors.invalidParameter(`${name} ${value} is not supported: ${why}`)
}
