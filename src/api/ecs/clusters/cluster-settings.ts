import type { ClusterSettings } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'

/**
 * containerInsights is the one cluster setting ECS has; its values are `enabled`, `disabled`
 * and, since 2024, `enhanced`. Berth stores and echoes it: its AWS/ECS metrics are published
 * whatever the setting says (the metrics are Berth's own, not Container Insights' extra ones).
 */
const CONTAINER_INSIGHTS_VALUES = ['enabled', 'disabled', 'enhanced']

/** The cluster's settings with `changes` applied by name; a setting without a name or with an unknown value is refused. */
export function applyClusterSettings(current: ClusterSettings, changes: ClusterSettings): ClusterSettings {
  let out = [...current]
  for (const s of changes) {
    if (s.name !== 'containerInsights') throw EcsErrors.invalidParameter('A cluster setting needs a name: containerInsights.')
    if (s.value === undefined || !CONTAINER_INSIGHTS_VALUES.includes(s.value)) {
      throw EcsErrors.invalidParameter(`Invalid value for containerInsights: ${String(s.value)}. Valid values are ${CONTAINER_INSIGHTS_VALUES.join(', ')}.`)
    }
    out = [...out.filter((o) => o.name !== s.name), { name: s.name, value: s.value }]
  }
  return out
}
