/** The cumulative CPU counters of one stats reading (runtime/observation.ts ContainerStats). */
export interface CpuReading {
  /** The container's CPU time, all cores, nanoseconds. */
  cpuTotalNs: number
  /** The host's CPU time, all cores, nanoseconds. */
  systemCpuNs: number
  onlineCpus: number
}

/** ECS's unit: 1024 CPU units per core. */
export const CPU_UNITS_PER_CORE = 1024

/**
 * CPU units a container used between two readings, as ECS (and `docker stats`) compute it:
 *
 *   Δ container cpu time / Δ host cpu time × online CPUs × 1024
 *
 * The host's time counts every core, so the ratio is the share of the whole host; times the
 * cores it is cores busy, times 1024 units. E.g. on 2 cores, the container used 1 s while the
 * host's counters moved 2 s (one second of wall time): 1/2 × 2 × 1024 = 1024 units, one core.
 *
 * Undefined when the pair cannot say: the host counter did not move, or the container's went
 * backwards (it restarted between readings, so its counter began again).
 */
export function cpuUnitsBetween(previous: CpuReading, current: CpuReading): number | undefined {
  const container = current.cpuTotalNs - previous.cpuTotalNs
  const host = current.systemCpuNs - previous.systemCpuNs
  if (host <= 0 || container < 0 || current.onlineCpus <= 0) return undefined
  return (container / host) * current.onlineCpus * CPU_UNITS_PER_CORE
}
