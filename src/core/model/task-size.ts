/**
 * Task-level `cpu` and `memory` are strings on the ECS wire. ECS accepts CPU units ("256") or
 * vCPUs ("1 vCPU", "0.5 vcpu"), and MiB ("512") or GB ("1 GB", "2GB"), and answers with the
 * canonical units: "1 vCPU" is saved as "1024", "0.5 GB" as "512".
 */

/** 1 vCPU = 1024 CPU units; 1 GB = 1024 MiB. */
const UNITS_PER_VCPU = 1024
const MIB_PER_GB = 1024

/** The EC2 range ECS documents for task cpu: 0.125 to 192 vCPUs. */
export const TASK_CPU_RANGE = { min: 128, max: 196_608 } as const

const INTEGER = /^\s*(\d+)\s*$/
const DECIMAL = '(\\d+(?:\\.\\d+)?)'
const VCPU = new RegExp(`^\\s*${DECIMAL}\\s*vcpus?\\s*$`, 'i')
const GB = new RegExp(`^\\s*${DECIMAL}\\s*gb\\s*$`, 'i')

/** CPU units, or undefined when the string is neither units nor vCPUs or falls outside the range. */
export function parseTaskCpu(value: string): number | undefined {
  const units = parseWithUnit(value, VCPU, UNITS_PER_VCPU)
  if (units === undefined || units < TASK_CPU_RANGE.min || units > TASK_CPU_RANGE.max) return undefined
  return units
}

/** MiB, or undefined when the string is neither MiB nor GB, or not positive. */
export function parseTaskMemory(value: string): number | undefined {
  const mib = parseWithUnit(value, GB, MIB_PER_GB)
  return mib === undefined || mib <= 0 ? undefined : mib
}

function parseWithUnit(value: string, unit: RegExp, scale: number): number | undefined {
  const plain = INTEGER.exec(value)
  if (plain) return Number(plain[1])
  const scaled = unit.exec(value)
  if (!scaled) return undefined
  const n = Number(scaled[1]) * scale
  // "0.3 vCPU" is 307.2 units: ECS wants whole units, so a fraction is refused.
  return Number.isInteger(n) ? n : undefined
}

/**
 * The cpu/memory pairs Fargate runs (Linux), from the ECS task-size table:
 * 256 → 512, 1024, 2048; 512 → 1–4 GB; 1024 → 2–8 GB; 2048 → 4–16 GB; 4096 → 8–30 GB
 * (1 GB steps); 8192 → 16–60 GB (4 GB steps); 16384 → 32–120 GB (8 GB steps).
 */
const FARGATE_MEMORY: Readonly<Record<number, (mib: number) => boolean>> = {
  256: (m) => m === 512 || m === 1024 || m === 2048,
  512: (m) => steps(m, 1024, 4096, 1024),
  1024: (m) => steps(m, 2048, 8192, 1024),
  2048: (m) => steps(m, 4096, 16384, 1024),
  4096: (m) => steps(m, 8192, 30720, 1024),
  8192: (m) => steps(m, 16384, 61440, 4096),
  16384: (m) => steps(m, 32768, 122880, 8192),
}

const steps = (m: number, min: number, max: number, step: number) => m >= min && m <= max && (m - min) % step === 0

export function isFargateSize(cpuUnits: number, memoryMib: number): boolean {
  return FARGATE_MEMORY[cpuUnits]?.(memoryMib) ?? false
}
