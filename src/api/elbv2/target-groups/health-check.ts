import type { CreateTargetGroupInput, ModifyTargetGroupInput } from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import { HEALTH_CHECK_DEFAULTS, type HealthCheckSettings } from '../../../core/model/target-group.js'

type HealthCheckInput = Pick<
  CreateTargetGroupInput & ModifyTargetGroupInput,
  | 'HealthCheckProtocol'
  | 'HealthCheckPort'
  | 'HealthCheckEnabled'
  | 'HealthCheckPath'
  | 'HealthCheckIntervalSeconds'
  | 'HealthCheckTimeoutSeconds'
  | 'HealthyThresholdCount'
  | 'UnhealthyThresholdCount'
  | 'Matcher'
>

/**
 * A group's health-check settings: `base` (the defaults for a new group, the current ones for
 * ModifyTargetGroup) with what the request sets, checked as ALB checks them (pure). The
 * model's ranges (interval 5–300, timeout 2–120, thresholds 2–10) are checked before this.
 */
export function healthCheckSettings(input: HealthCheckInput, base: HealthCheckSettings): HealthCheckSettings {
  if (input.HealthCheckEnabled === false) {
    throw ElbErrors.invalidConfiguration('Health checks cannot be disabled for target groups with target type instance or ip')
  }
  const protocol = input.HealthCheckProtocol ?? base.protocol
  if (protocol !== 'HTTP' && protocol !== 'HTTPS') {
    throw ElbErrors.invalidConfiguration(`Health check protocol '${protocol}' is not supported for target groups with the HTTP or HTTPS protocol`)
  }
  const port = input.HealthCheckPort ?? base.port
  if (port !== 'traffic-port' && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    throw ElbErrors.validation(`Health check port '${port}' must be 'traffic-port' or a port from 1 to 65535`)
  }
  const path = input.HealthCheckPath ?? base.path
  if (!path.startsWith('/')) throw ElbErrors.validation(`Health check path '${path}' must begin with a '/' character`)
  const settings: HealthCheckSettings = {
    enabled: true,
    protocol,
    port,
    path,
    intervalSeconds: input.HealthCheckIntervalSeconds ?? base.intervalSeconds,
    timeoutSeconds: input.HealthCheckTimeoutSeconds ?? base.timeoutSeconds,
    healthyThreshold: input.HealthyThresholdCount ?? base.healthyThreshold,
    unhealthyThreshold: input.UnhealthyThresholdCount ?? base.unhealthyThreshold,
    matcher: checkMatcher(input.Matcher?.HttpCode ?? base.matcher),
  }
  if (settings.timeoutSeconds >= settings.intervalSeconds) {
    throw ElbErrors.validation(`Health check timeout '${settings.timeoutSeconds}' must be smaller than the interval '${settings.intervalSeconds}'`)
  }
  return settings
}

export const defaultHealthCheck = (protocol: 'HTTP' | 'HTTPS'): HealthCheckSettings => ({ enabled: true, protocol, ...HEALTH_CHECK_DEFAULTS })

/** `200`, `200,202`, `200-299`, or a comma list of codes and ranges; each code 200–499 (ALB). */
export function checkMatcher(code: string): string {
  const parts = code.split(',')
  const ok = parts.every((p) => {
    const m = /^(\d{3})(?:-(\d{3}))?$/.exec(p.trim())
    if (!m) return false
    const lo = Number(m[1])
    const hi = m[2] !== undefined ? Number(m[2]) : lo
    return lo >= 200 && hi <= 499 && lo <= hi
  })
  if (!ok) throw ElbErrors.validation(`HttpCode '${code}' must be like 200 | 200-399 | 200,201 ..., with codes from 200 to 499`)
  return code
}
