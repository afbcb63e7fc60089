/** The load-balancer data plane's public surface: the control plane builds a DataPlaneConfig and calls apply. */
export type * from './config.js'
export { DataPlane, type ApplyResult, type DataPlaneDeps, type TargetHealthChange } from './data-plane.js'
export type { DataPlaneMetrics } from './metrics.js'
export type { TrafficSnapshot, LoadBalancerSnapshot } from './counters.js'
export { RESPONSE_TIME_BOUNDS_MS } from './counters.js'
export { DESCRIPTION, REASON, TARGET_HEALTH_STATES, type ReasonCode, type TargetHealth, type TargetHealthState } from './health-state.js'
export { parseMatcher } from './matcher.js'
export type { Probe, ProbeSpec } from './health-checker.js'
