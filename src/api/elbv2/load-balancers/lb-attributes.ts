import { ElbErrors } from '../../../core/errors.js'

/**
 * ALB's load-balancer attributes: every key with its default, in the order AWS lists them
 * (elb-facts §5.1), and what Berth accepts for each. Berth has no S3, WAF or zonal shift, so
 * turning those on is refused; the data plane acts on idle timeout, XFF and Host handling.
 */
export const LB_ATTRIBUTE_DEFAULTS: Readonly<Record<string, string>> = {
  'access_logs.s3.enabled': 'false',
  'access_logs.s3.bucket': '',
  'access_logs.s3.prefix': '',
  'health_check_logs.s3.enabled': 'false',
  'health_check_logs.s3.bucket': '',
  'health_check_logs.s3.prefix': '',
  'idle_timeout.timeout_seconds': '60',
  'deletion_protection.enabled': 'false',
  'routing.http2.enabled': 'true',
  'routing.http.drop_invalid_header_fields.enabled': 'false',
  'routing.http.xff_client_port.enabled': 'false',
  'routing.http.preserve_host_header.enabled': 'false',
  'routing.http.xff_header_processing.mode': 'append',
  'load_balancing.cross_zone.enabled': 'true',
  'routing.http.desync_mitigation_mode': 'defensive',
  'client_keep_alive.seconds': '3600',
  'waf.fail_open.enabled': 'false',
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': 'false',
  'zonal_shift.config.enabled': 'false',
  'connection_logs.s3.enabled': 'false',
  'connection_logs.s3.bucket': '',
  'connection_logs.s3.prefix': '',
}

type Check = (value: string, key: string) => void

const bool: Check = (v, k) => {
  if (v !== 'true' && v !== 'false') throw ElbErrors.invalidConfiguration(`The value of '${k}' must be 'true' or 'false', not '${v}'`)
}
const range =
  (min: number, max: number): Check =>
  (v, k) => {
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw ElbErrors.invalidConfiguration(`'${k}' value '${v}' must be between '${min}-${max}' inclusive`)
  }
const oneOf =
  (...values: string[]): Check =>
  (v, k) => {
    if (!values.includes(v)) throw ElbErrors.invalidConfiguration(`'${k}' must be one of '${values.join(', ')}', not '${v}'`)
  }
/** A feature Berth does not have: only its off value is accepted. */
const offOnly =
  (off: string, why: string): Check =>
  (v, k) => {
    if (v !== off) throw ElbErrors.invalidConfiguration(`Berth does not support '${k}' = '${v}': ${why}`)
  }
const anything: Check = () => undefined

const NO_S3 = 'Berth has no S3 to write logs to.'
const CHECKS: Record<string, Check> = {
  'access_logs.s3.enabled': offOnly('false', NO_S3),
  'access_logs.s3.bucket': anything,
  'access_logs.s3.prefix': anything,
  'health_check_logs.s3.enabled': offOnly('false', NO_S3),
  'health_check_logs.s3.bucket': anything,
  'health_check_logs.s3.prefix': anything,
  'connection_logs.s3.enabled': offOnly('false', NO_S3),
  'connection_logs.s3.bucket': anything,
  'connection_logs.s3.prefix': anything,
  'idle_timeout.timeout_seconds': range(1, 4000),
  'deletion_protection.enabled': bool,
  'routing.http2.enabled': bool,
  'routing.http.drop_invalid_header_fields.enabled': bool,
  'routing.http.xff_client_port.enabled': bool,
  'routing.http.preserve_host_header.enabled': bool,
  'routing.http.xff_header_processing.mode': oneOf('append', 'preserve', 'remove'),
  'load_balancing.cross_zone.enabled': offOnly('true', 'cross-zone load balancing is always on for application load balancers.'),
  'routing.http.desync_mitigation_mode': oneOf('monitor', 'defensive', 'strictest'),
  'client_keep_alive.seconds': range(60, 604800),
  'waf.fail_open.enabled': offOnly('false', 'Berth has no WAF.'),
  'routing.http.x_amzn_tls_version_and_cipher_suite.enabled': offOnly('false', 'Berth does not add TLS headers.'),
  'zonal_shift.config.enabled': offOnly('false', 'Berth has no zonal shift.'),
}

/** The attributes after applying `changes` (pure); refuses an unknown key or a value out of range. */
export function applyLbAttributes(current: Readonly<Record<string, string>>, changes: readonly { Key?: string; Value?: string }[]): Record<string, string> {
  const next = { ...current }
  for (const { Key: key, Value: value = '' } of changes) {
    if (key === undefined) throw ElbErrors.validation('An attribute key must be specified')
    const check = Object.hasOwn(CHECKS, key) ? CHECKS[key] : undefined
    if (!check) throw ElbErrors.invalidConfiguration(`Key ${key} not valid`)
    check(value, key)
    next[key] = value
  }
  return next
}
