import type { AlarmStatistic } from '../core/model/alarm.js'
import type { ScalableTargetRecord, TargetTrackingPolicyRecord } from '../core/model/scaling.js'

/** The CloudWatch metric a target-tracking policy tracks, as its alarms and the scaler read it. */
export interface TrackedMetric {
  namespace: string
  metricName: string
  dimensions: { name: string; value: string }[]
  statistic: AlarmStatistic
  unit?: string | undefined
}

/**
 * The predefined metric types for ECS services, as AWS defines them: the service's average CPU
 * and memory utilization (AWS/ECS, ClusterName + ServiceName, Average), and the requests per
 * target of the target group that ResourceLabel names (AWS/ApplicationELB RequestCountPerTarget,
 * TargetGroup, Sum).
 */
export function trackedMetric(policy: Pick<TargetTrackingPolicyRecord, 'predefined' | 'customized'>, target: Pick<ScalableTargetRecord, 'clusterName' | 'serviceName'>): TrackedMetric {
  const service = [
    { name: 'ClusterName', value: target.clusterName },
    { name: 'ServiceName', value: target.serviceName },
  ]
  const p = policy.predefined
  if (p?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization') return { namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: service, statistic: 'Average' }
  if (p?.PredefinedMetricType === 'ECSServiceAverageMemoryUtilization') return { namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions: service, statistic: 'Average' }
  if (p?.PredefinedMetricType === 'ALBRequestCountPerTarget') {
    const label = parseResourceLabel(p.ResourceLabel ?? '')
    if (!label) throw new Error(`not an ALB resource label: ${p.ResourceLabel}`)
    return { namespace: 'AWS/ApplicationELB', metricName: 'RequestCountPerTarget', dimensions: [{ name: 'TargetGroup', value: label.targetGroup }], statistic: 'Sum' }
  }
  const c = policy.customized
  if (!c?.MetricName || !c.Namespace || !c.Statistic) throw new Error('a target-tracking policy without a metric')
  return {
    namespace: c.Namespace,
    metricName: c.MetricName,
    dimensions: (c.Dimensions ?? []).map((d) => ({ name: d.Name, value: d.Value })),
    statistic: c.Statistic,
    ...(c.Unit !== undefined ? { unit: c.Unit } : {}),
  }
}

/** `app/<lb-name>/<lb-id>/targetgroup/<tg-name>/<tg-id>`: the load balancer's and target group's dimension values. */
export function parseResourceLabel(label: string): { loadBalancer: string; targetGroup: string } | undefined {
  const m = /^(app\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32})\/(targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{1,32})$/.exec(label)
  return m ? { loadBalancer: m[1]!, targetGroup: m[2]! } : undefined
}
