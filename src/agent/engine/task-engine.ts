import type { EfsSettings } from './efs-volume.js'
import type { PlanSettings } from './plan.js'
import { randomBytes } from 'node:crypto'
import type { DesiredTask, LogBatch, TaskReport } from '../../core/agent-protocol.js'
import { systemClock, type Clock } from '../../core/clock.js'
import { silentLogger, type Logger } from '../../core/log.js'
import type { ContainerObservation, RuntimeEvent } from '../runtime/observation.js'
import { hasVolumes, type ContainerRuntime, type RuntimeEventStream } from '../runtime/runtime.js'
import { adoptedReport, groupAdopted } from './adoption.js'
import type { TaskEngine } from './engine.js'
import type { HostAccessLimits } from './host-access.js'
import { ImagePuller, type ImagePullBehavior } from './image-puller.js'
import { HOLDER_NAME, instanceFilter, LABELS, taskFilter } from './labels.js'
import { TaskManager, type AdoptedContainer, type ContainerInfo } from './task-manager.js'
import { realTimers, type Timers } from '../../core/timers.js'

/** Where the engine's log lines go: the log shipper (agent/logs) implements it; the engine only forwards. */
export interface LogsDelegate {
  onLogs(listener: (batch: LogBatch) => void): void
  logsAcknowledged(batch: LogBatch): void
}

export interface TaskEngineOptions {
  runtime: ContainerRuntime
  /** This instance: every container the engine makes carries it, and it touches no other. */
  containerInstanceArn: string
  /** The cluster's name, for tasks whose desired record names none. */
  cluster: string
  /** Where host ports are published; networkBindings[].bindIP. */
  bindIp: string
  clock?: Clock
  logger?: Logger
  /** Privileged containers run only when allowed (BERTH_ALLOW_PRIVILEGED); otherwise the task fails to start. Default false. */
  allowPrivileged?: boolean
  /** Host paths, the Docker socket, the host network and capabilities tasks may not reach. Default: no limit. */
  hostAccess?: HostAccessLimits
  /** Where EFS file systems are (efs-volume.ts). Default: none, and EFS volumes fail their task. */
  efs?: EfsSettings
  /** Between SIGTERM and SIGKILL for containers without a stopTimeout (ECS_CONTAINER_STOP_TIMEOUT). Default 30 s. */
  defaultStopTimeoutMs?: number
  /** ECS_IMAGE_PULL_BEHAVIOR. Default `default`. */
  pullBehavior?: ImagePullBehavior
  /** How long a STOPPED task's containers stay after the server lets it go. Default 60 s. */
  taskCleanupDelayMs?: number
  /** The static busybox the holder image is built from. Default /bin/busybox. */
  busyboxPath?: string
  /** A container of a task started (or was adopted running): the log shipper follows awslogs containers. */
  onContainerStarted?: (info: ContainerInfo) => void
  /** A container is about to be removed (removal waits): the log shipper takes its last lines and forgets it. */
  onContainerGone?: (info: ContainerInfo) => void | Promise<void>
  /** `onLogs` and `logsAcknowledged` are forwarded here. */
  logs?: LogsDelegate
  /** The instance serves the task endpoints: containers get their variables (PlanSettings.taskEndpoint). */
  taskEndpoint?: PlanSettings['taskEndpoint']
  /** For tests: the timers and the random part of container names. */
  testing?: { timers?: Timers; randomHex?: () => string }
}

const DEFAULTS = { defaultStopTimeoutMs: 30_000, taskCleanupDelayMs: 60_000 } as const
const RESUBSCRIBE_DELAY_MS = 500
const FINISHED_MEMORY = 10_000

/** The agent's task engine over one runtime (see engine.ts for the contract, README.md for the design). */
export function createTaskEngine(options: TaskEngineOptions): TaskEngine {
  return new Engine(options)
}

class Engine implements TaskEngine {
  readonly #o: TaskEngineOptions
  readonly #clock: Clock
  readonly #logger: Logger
  readonly #timers: Timers
  readonly #images: ImagePuller
  readonly #managers = new Map<string, TaskManager>()
  readonly #byRuntimeId = new Map<string, TaskManager>()
  /** Containers found at start, by task ARN, until the first desired set says what they are. */
  #adopted = new Map<string, AdoptedContainer[]>()
  #firstDesired = true
  /** Tasks cleaned up lately (bounded): never started again. */
  readonly #finished = new Set<string>()
  readonly #reportListeners: ((r: TaskReport) => void)[] = []
  #abort = new AbortController()
  #stopped = false

  constructor(o: TaskEngineOptions) {
    this.#o = o
    this.#clock = o.clock ?? systemClock
    this.#logger = o.logger ?? silentLogger
    this.#timers = o.testing?.timers ?? realTimers
    this.#images = new ImagePuller(o.runtime, o.pullBehavior ?? 'default', o.busyboxPath)
  }

  async start(): Promise<void> {
    // Subscribe first, then list: whatever happens after the listing is seen as an event.
    await this.#subscribe()
    const found = await this.#o.runtime.list({ labels: instanceFilter(this.#o.containerInstanceArn) })
    const seen = await Promise.all(found.map((f) => this.#o.runtime.inspect(f.id)))
    this.#adopted = groupAdopted(seen.filter((o): o is ContainerObservation => o !== undefined))
    this.#logger.info('task engine started', { instance: this.#o.containerInstanceArn, adoptedTasks: this.#adopted.size })
  }

  setDesired(tasks: readonly DesiredTask[]): void {
    if (this.#stopped) return
    const wanted = new Map(tasks.map((t) => [t.taskArn, t]))
    for (const t of tasks) {
      const m = this.#managers.get(t.taskArn)
      if (m) m.setDesired(t)
      // A task this engine ran and cleaned up is over: if it is wanted again, it is only reported STOPPED.
      else this.#startManager(this.#finished.has(t.taskArn) ? { ...t, desiredStatus: 'STOPPED' } : t)
    }
    for (const [arn, m] of this.#managers) if (!wanted.has(arn)) m.setDesired(undefined)
    if (this.#firstDesired) {
      this.#firstDesired = false
      // No orphan container: what carries this instance's label but no task the server wants goes.
      for (const arn of this.#adopted.keys()) if (!wanted.has(arn)) void this.#removeOrphan(arn)
      this.#adopted.clear()
    }
  }

  snapshot(): TaskReport[] {
    return [...[...this.#managers.values()].map((m) => m.report()), ...[...this.#adopted.entries()].map(([arn, cs]) => adoptedReport(arn, cs))]
  }

  onReport(listener: (report: TaskReport) => void): void {
    this.#reportListeners.push(listener)
  }

  onLogs(listener: (batch: LogBatch) => void): void {
    this.#o.logs?.onLogs(listener)
  }

  logsAcknowledged(batch: LogBatch): void {
    this.#o.logs?.logsAcknowledged(batch)
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#abort.abort()
    for (const m of this.#managers.values()) m.close()
    this.#managers.clear()
    this.#byRuntimeId.clear()
  }

  // ---- tasks ----

  #startManager(t: DesiredTask): void {
    const adopted = this.#adopted.get(t.taskArn) ?? []
    this.#adopted.delete(t.taskArn)
    const o = this.#o
    const m = new TaskManager(t.clusterName ? t : { ...t, clusterName: o.cluster }, adopted, {
      runtime: o.runtime,
      clock: this.#clock,
      timers: this.#timers,
      logger: this.#logger,
      settings: {
        containerInstanceArn: o.containerInstanceArn,
        bindIp: o.bindIp,
        allowPrivileged: o.allowPrivileged ?? false,
        defaultStopTimeoutMs: o.defaultStopTimeoutMs ?? DEFAULTS.defaultStopTimeoutMs,
        hostAccess: o.hostAccess,
        efs: o.efs,
        taskEndpoint: o.taskEndpoint,
      },
      cleanupDelayMs: o.taskCleanupDelayMs ?? DEFAULTS.taskCleanupDelayMs,
      images: this.#images,
      randomHex: o.testing?.randomHex ?? (() => randomBytes(10).toString('hex')),
      onReport: (r) => this.#emit(r),
      onContainerStarted: (info) => void this.#notify(o.onContainerStarted, info),
      onContainerGone: (info) => this.#notify(o.onContainerGone, info),
      // Ids of adopted containers come during construction: those are indexed just below.
      track: (id) => this.#index(t.taskArn, id),
      onDone: () => this.#forget(t.taskArn),
    })
    this.#managers.set(t.taskArn, m)
    for (const id of m.runtimeIds()) this.#byRuntimeId.set(id, m)
    if (adopted.length) this.#logger.info('adopted task', { task: t.taskArn, containers: adopted.length })
  }

  #index(taskArn: string, runtimeId: string): void {
    const m = this.#managers.get(taskArn)
    if (m) this.#byRuntimeId.set(runtimeId, m)
  }

  #forget(taskArn: string): void {
    const m = this.#managers.get(taskArn)
    if (!m) return
    this.#managers.delete(taskArn)
    this.#finished.add(taskArn)
    if (this.#finished.size > FINISHED_MEMORY) this.#finished.delete(this.#finished.values().next().value as string)
    for (const id of m.runtimeIds()) if (this.#byRuntimeId.get(id) === m) this.#byRuntimeId.delete(id)
    this.#logger.info('task cleaned up', { task: taskArn })
  }

  #emit(report: TaskReport): void {
    for (const l of this.#reportListeners) {
      try {
        l(report)
      } catch (e) {
        this.#logger.error('a report listener failed', { error: e })
      }
    }
  }

  /** Runs a hook; its failure is logged, never the engine's. Resolves when an async hook does. */
  async #notify(hook: ((info: ContainerInfo) => void | Promise<void>) | undefined, info: ContainerInfo): Promise<void> {
    try {
      await hook?.(info)
    } catch (e) {
      this.#logger.error('a container hook failed', { container: info.containerName, error: e })
    }
  }

  /** Stops and removes a task's containers (holder last) and its task-scoped volumes. */
  async #removeOrphan(taskArn: string): Promise<void> {
    const { runtime, containerInstanceArn } = this.#o
    const filter = taskFilter(containerInstanceArn, taskArn)
    try {
      const found = await runtime.list({ labels: filter })
      const timeoutMs = this.#o.defaultStopTimeoutMs ?? DEFAULTS.defaultStopTimeoutMs
      const isHolder = (labels: Record<string, string>) => labels[LABELS.containerName] === HOLDER_NAME
      await Promise.all(found.filter((f) => !isHolder(f.labels) && f.state === 'running').map((f) => runtime.stop(f.id, { timeoutMs })))
      for (const f of [...found].sort((a, b) => Number(isHolder(a.labels)) - Number(isHolder(b.labels)))) await runtime.remove(f.id, { force: true, volumes: true })
      if (hasVolumes(runtime)) for (const v of await runtime.listVolumes({ labels: filter })) await runtime.removeVolume(v.name)
      this.#logger.info('removed orphan task containers', { task: taskArn, containers: found.length })
    } catch (e) {
      this.#logger.warn('could not remove orphan containers', { task: taskArn, error: e })
    }
  }

  // ---- runtime events: hints that make a manager look again ----

  async #subscribe(): Promise<void> {
    const stream = this.#o.runtime.events({ signal: this.#abort.signal, labels: instanceFilter(this.#o.containerInstanceArn) })
    await stream.ready
    void this.#consume(stream)
  }

  async #consume(stream: RuntimeEventStream): Promise<void> {
    try {
      for await (const e of stream) this.#onEvent(e)
      return // ended because the engine stopped
    } catch (e) {
      if (this.#stopped) return
      this.#logger.warn('runtime event stream broke; subscribing again and looking at every container', { error: e })
    }
    await new Promise<void>((resolve) => this.#timers.after(RESUBSCRIBE_DELAY_MS, resolve))
    for (;;) {
      if (this.#stopped) return
      try {
        await this.#subscribe()
        break
      } catch (e) {
        this.#logger.warn('cannot subscribe to runtime events yet', { error: e })
        await new Promise<void>((resolve) => this.#timers.after(RESUBSCRIBE_DELAY_MS * 4, resolve))
      }
    }
    for (const m of this.#managers.values()) m.resync()
  }

  #onEvent(e: RuntimeEvent): void {
    this.#byRuntimeId.get(e.id)?.hint(e.id)
  }
}
