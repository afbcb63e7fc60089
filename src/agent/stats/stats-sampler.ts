import type { StatsMessage, TaskReport, TaskStats } from '../../core/agent-protocol.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import { pause, type Timers } from '../../core/timers.js'
import type { ContainerStats, StatsRuntime } from '../runtime/index.js'
import { cpuUnitsBetween, type CpuReading } from './cpu-units.js'

export interface StatsSamplerOptions {
  runtime: StatsRuntime
  /** The tasks the agent knows now (the engine's snapshot): their RUNNING containers are sampled. */
  knownTasks: () => readonly TaskReport[]
  /** Ships one frame; fire-and-forget (a frame lost with the connection is superseded by the next). */
  send: (message: StatsMessage) => void
  clock: Clock
  timers: Timers
  logger: Logger
  intervalMs: number
}

/** How many containers are asked at once: Docker answers one-shot stats quickly, and this bounds what waits in memory. */
const PARALLEL = 8

/**
 * Every interval, reads Docker's one-shot stats of every running container of the agent's
 * tasks and ships CPU units and memory per container in one `stats` frame. One-shot stats
 * carry no previous reading (precpu is empty), so the sampler keeps the last CPU counters of
 * each container itself (three numbers each) and forgets containers that are gone; a
 * container's first reading only primes it, and it appears from the second on.
 */
export class StatsSampler {
  readonly #previous = new Map<string, CpuReading>()
  readonly #stop = new AbortController()
  #loop: Promise<void> | undefined

  constructor(private readonly o: StatsSamplerOptions) {}

  start(): void {
    this.#loop ??= this.#run()
  }

  async stop(): Promise<void> {
    this.#stop.abort()
    await this.#loop
  }

  async #run(): Promise<void> {
    const signal = this.#stop.signal
    while (!signal.aborted) {
      await pause(this.o.timers, this.o.intervalMs, signal)
      if (signal.aborted) return
      try {
        const message = await this.sampleOnce()
        if (message.tasks.length > 0 && !signal.aborted) this.o.send(message)
      } catch (error) {
        this.o.logger.warn('sampling container stats failed', { error })
      }
    }
  }

  /** One round: every running container read once; what the next frame carries. */
  async sampleOnce(): Promise<StatsMessage> {
    const targets = this.o.knownTasks().flatMap((t) =>
      t.knownStatus === 'RUNNING'
        ? t.containers.filter((c) => c.status === 'RUNNING' && c.runtimeId).map((c) => ({ taskArn: t.taskArn, name: c.name, runtimeId: c.runtimeId! }))
        : [],
    )
    const readings = await inBatches(targets, PARALLEL, (t) => this.o.runtime.stats(t.runtimeId).catch(() => undefined))
    const byTask = new Map<string, TaskStats>()
    const seen = new Set<string>()
    targets.forEach((t, i) => {
      const stats = readings[i]
      if (!stats) return
      seen.add(t.runtimeId)
      const previous = this.#previous.get(t.runtimeId)
      this.#previous.set(t.runtimeId, { cpuTotalNs: stats.cpuTotalNs, systemCpuNs: stats.systemCpuNs, onlineCpus: stats.onlineCpus })
      const cpuUnits = previous ? cpuUnitsBetween(previous, stats) : undefined
      if (cpuUnits === undefined) return
      let task = byTask.get(t.taskArn)
      if (!task) byTask.set(t.taskArn, (task = { taskArn: t.taskArn, containers: [] }))
      task.containers.push({ name: t.name, timestamp: timestampOf(stats, this.o.clock), cpuUnits: round(cpuUnits), memoryBytes: stats.memoryUsedBytes })
    })
    for (const id of this.#previous.keys()) if (!seen.has(id)) this.#previous.delete(id)
    return { type: 'stats', tasks: [...byTask.values()] }
  }
}

const timestampOf = (stats: ContainerStats, clock: Clock): number => (stats.time > 0 ? Math.floor(stats.time) : clock.now())
/** Hundredths of a unit are more than any reading's precision, and keep frames short. */
const round = (n: number): number => Math.round(n * 100) / 100

async function inBatches<T, R>(items: readonly T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))))
  return out
}
