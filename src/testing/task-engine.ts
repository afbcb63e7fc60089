import type { DesiredTask, TaskReport } from '../core/agent-protocol.js'
import { ManualClock } from '../core/clock.js'
import type { TaskEngine } from '../agent/engine/engine.js'
import { createTaskEngine, type TaskEngineOptions } from '../agent/engine/task-engine.js'
import type { ContainerInfo } from '../agent/engine/task-manager.js'
import { FakeRuntime, type FakeRuntimeOptions } from '../agent/runtime/fake/fake-runtime.js'
import { ManualTimers } from './timers.js'
import { waitFor } from './wait.js'

export const TEST_INSTANCE = 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/11111111111111111111111111111111'

/**
 * A task engine over a FakeRuntime with a hand-moved clock, recording what it reports and
 * which containers it announces. Several engines can share one runtime (`runtime` option).
 */
export class EngineHarness {
  readonly reports: TaskReport[] = []
  readonly started: ContainerInfo[] = []
  readonly gone: ContainerInfo[] = []
  readonly engine: TaskEngine
  /** Shared by every harness: engines over one runtime never pick the same container name. */
  static #hex = 0

  constructor(
    readonly runtime: FakeRuntime,
    readonly clock: ManualClock,
    readonly timers: ManualTimers,
    options: Partial<TaskEngineOptions> = {},
  ) {
    this.engine = createTaskEngine({
      runtime,
      containerInstanceArn: TEST_INSTANCE,
      cluster: 'default',
      bindIp: '127.0.0.2',
      clock,
      taskCleanupDelayMs: 1_000,
      onContainerStarted: (i) => this.started.push(i),
      onContainerGone: (i) => this.gone.push(i),
      testing: { timers, randomHex: () => (++EngineHarness.#hex).toString(16).padStart(20, '0') },
      ...options,
    })
    this.engine.onReport((r) => this.reports.push(r))
  }

  /** A started engine over a new fake runtime (or the one given, to share it). */
  static async start(options: Partial<TaskEngineOptions> & { fake?: FakeRuntimeOptions; runtime?: FakeRuntime; clock?: ManualClock; timers?: ManualTimers } = {}): Promise<EngineHarness> {
    const { fake, runtime, clock = new ManualClock(), timers = new ManualTimers(clock), ...rest } = options
    const h = new EngineHarness(runtime ?? new FakeRuntime({ clock, ...fake }), clock, timers, rest)
    await h.engine.start()
    return h
  }

  /** Every report of one task, in order. */
  reportsOf(taskArn: string): TaskReport[] {
    return this.reports.filter((r) => r.taskArn === taskArn)
  }

  latest(taskArn: string): TaskReport | undefined {
    return this.reportsOf(taskArn).at(-1)
  }

  /** Waits until the task's latest report satisfies `done`, and returns it. */
  until(task: DesiredTask | string, done: (r: TaskReport) => boolean, what = 'a report'): Promise<TaskReport> {
    const arn = typeof task === 'string' ? task : task.taskArn
    return waitFor(`${what} of ${arn}`, async () => this.latest(arn), (r) => r !== undefined && done(r), { timeoutMs: 2_000, intervalMs: 1 }) as Promise<TaskReport>
  }

  untilStatus(task: DesiredTask | string, status: TaskReport['knownStatus']): Promise<TaskReport> {
    return this.until(task, (r) => r.knownStatus === status, status)
  }

  /** Lets pending promises and loop passes run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
  }

  /** The engine id of a task's container, from the latest report. */
  idOf(task: DesiredTask, name: string): string {
    const id = this.latest(task.taskArn)?.containers.find((c) => c.name === name)?.runtimeId
    if (!id) throw new Error(`no runtime id for ${name} yet`)
    return id
  }
}
