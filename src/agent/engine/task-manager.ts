import type { DesiredTask, TaskReport } from '../../core/agent-protocol.js'
import type { LogConfiguration } from '../../core/aws-model/ecs.types.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import type { ContainerStatus } from '../../core/status.js'
import type { ContainerObservation } from '../runtime/observation.js'
import { hasVolumes, type ContainerRuntime } from '../runtime/runtime.js'
import { ACTIONS, isRetryable, prepareVolumes, reasonFor, type ActionOutcome, type ActionStep } from './actions.js'
import type { ImagePuller } from './image-puller.js'
import { dockerContainerName, HOLDER_NAME, taskFilter, taskIdOf } from './labels.js'
import { dependencyView } from './dependency-view.js'
import { nextState } from './next-state.js'
import type { PlanSettings, TaskPlan } from './plan.js'
import { exitVerdict } from './restart-policy.js'
import { ESSENTIAL_EXITED_REASON, buildReport, observe, taskKnownStatus, type ContainerState, type TaskState } from './task-state.js'
import { planTask, unplannedTask } from './task-plan.js'
import type { Timers } from '../../core/timers.js'

/** What the log shipper (agent/logs) hears when a container starts or is removed. */
export interface ContainerInfo {
  taskArn: string
  taskId: string
  cluster: string
  family: string
  revision: number
  containerName: string
  runtimeId: string
  logConfiguration?: LogConfiguration
}

export interface TaskManagerDeps {
  runtime: ContainerRuntime
  clock: Clock
  timers: Timers
  logger: Logger
  settings: PlanSettings
  cleanupDelayMs: number
  images: ImagePuller
  randomHex: () => string
  onReport(report: TaskReport): void
  onContainerStarted(info: ContainerInfo): void
  /** Called before a container is removed; removal waits for it. */
  onContainerGone(info: ContainerInfo): void | Promise<void>
  /** The manager learned the engine id of one of its containers: events about it come here. */
  track(runtimeId: string): void
  /** The task's containers and volumes are removed: the engine forgets it. */
  onDone(): void
}

/** A container of this task found on the engine at start (adoption after a restart). */
export interface AdoptedContainer {
  name: string
  observation: ContainerObservation
}

type Event =
  | { kind: 'desired'; task: DesiredTask | undefined }
  | { kind: 'inspect'; runtimeId?: string }
  | { kind: 'done'; name: string; step: ActionStep; outcome: ActionOutcome | undefined; error?: unknown }
  | { kind: 'wake' }
  | { kind: 'cleanup' }

/** Transient failures: tried again after 0.5 s, 1 s, 2 s; a stop is retried for as long as it takes. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000]
const MAX_STOP_RETRY_MS = 5_000

/**
 * One owner per task: the only writer of its statuses. It processes one queue of events
 * (desired changes, runtime events, action results, timers) and loops
 * update known/desired → next state per container → start actions → wait.
 * Actions run concurrently; their results come back as events, so state changes only here.
 */
export class TaskManager {
  readonly taskArn: string
  readonly #d: TaskManagerDeps
  readonly #plan: TaskPlan
  readonly #state: TaskState
  readonly #queue: Event[] = []
  readonly #timers = new Map<string, () => void>()
  readonly #announced = new Set<string>()
  #running = false
  #closed = false
  #inDesiredSet = true
  #prepared: Promise<void> | undefined
  #lastReport = ''

  constructor(desired: DesiredTask, adopted: readonly AdoptedContainer[], deps: TaskManagerDeps) {
    this.taskArn = desired.taskArn
    this.#d = deps
    const names = new Map(adopted.map((a) => [a.name, a.observation.name]))
    const td = desired.taskDefinition
    const nameOf = (n: string) => names.get(n) ?? names.set(n, dockerContainerName(td.family ?? 'task', td.revision ?? 0, n, deps.randomHex())).get(n) as string
    const planned = planTask(desired, deps.settings, nameOf)
    this.#plan = planned.ok ? planned.plan : unplannedTask(desired, deps.settings)
    this.#state = {
      taskArn: desired.taskArn,
      desired: desired.desiredStatus,
      known: 'PENDING',
      containers: this.#plan.containers.map((plan) => ({ plan, known: 'NONE', exists: false, started: false, health: 'UNKNOWN', bindings: [], attempts: 0 })),
    }
    for (const a of adopted) {
      const c = this.#container(a.name)
      if (c) this.#observe(c, a.observation)
    }
    if (!planned.ok) this.#refuse(planned.reason)
    this.#adoptTimes(adopted)
    this.#enqueue({ kind: 'wake' })
  }

  // ---- what the engine tells it ----

  /** The task as the server now wants it; undefined when it is no longer in the desired set. */
  setDesired(task: DesiredTask | undefined): void {
    this.#enqueue({ kind: 'desired', task })
  }

  /** An event about one of its containers: look again. */
  hint(runtimeId: string): void {
    this.#enqueue({ kind: 'inspect', runtimeId })
  }

  /** Look at every container again (the event stream broke). */
  resync(): void {
    this.#enqueue({ kind: 'inspect' })
  }

  report(): TaskReport {
    return buildReport(this.#state)
  }

  runtimeIds(): string[] {
    return this.#state.containers.flatMap((c) => (c.runtimeId ? [c.runtimeId] : []))
  }

  /** Ends the loop and its timers; containers are left as they are. */
  close(): void {
    this.#closed = true
    for (const cancel of this.#timers.values()) cancel()
    this.#timers.clear()
  }

  // ---- the loop ----

  #enqueue(e: Event): void {
    if (this.#closed) return
    this.#queue.push(e)
    void this.#run()
  }

  async #run(): Promise<void> {
    if (this.#running) return
    this.#running = true
    try {
      while (this.#queue.length && !this.#closed) {
        const batch = this.#queue.splice(0)
        const cleanup = await this.#update(batch)
        if (this.#closed) return
        this.#decide()
        this.#publish()
        if (cleanup) await this.#cleanup()
      }
    } catch (e) {
      this.#d.logger.error('task manager failed', { task: this.taskArn, error: e })
    } finally {
      this.#running = false
    }
  }

  /** Folds a batch of events into state; true when it asks for cleanup. */
  async #update(batch: Event[]): Promise<boolean> {
    const inspect = new Set<ContainerState>()
    let cleanup = false
    for (const e of batch) {
      if (e.kind === 'desired') this.#applyDesired(e.task)
      else if (e.kind === 'done') this.#applyOutcome(e)
      else if (e.kind === 'cleanup') cleanup = true
      else if (e.kind === 'inspect') {
        for (const c of this.#state.containers) if (c.runtimeId && (e.runtimeId === undefined || e.runtimeId === c.runtimeId)) inspect.add(c)
      }
    }
    const seen = await Promise.all([...inspect].map(async (c) => [c, await this.#inspect(c)] as const))
    for (const [c, o] of seen) if (o !== 'failed' && (c.applied === undefined || o)) this.#observe(c, o)
    return cleanup && this.#state.known === 'STOPPED' && !this.#inDesiredSet
  }

  /** What the runtime says now; when it cannot say, look again in a while (level-triggered). */
  async #inspect(c: ContainerState): Promise<ContainerObservation | undefined | 'failed'> {
    try {
      return await this.#d.runtime.inspect(c.runtimeId as string)
    } catch (e) {
      this.#d.logger.warn('cannot inspect a container; looking again soon', { task: this.taskArn, container: c.plan.name, error: e })
      this.#wakeAt('reinspect', RETRY_DELAYS_MS.at(-1) as number, { kind: 'inspect' })
      return 'failed'
    }
  }

  #applyDesired(task: DesiredTask | undefined): void {
    this.#inDesiredSet = task !== undefined
    // Desired status only moves forward: a task the agent stopped stays stopped.
    if (!task || task.desiredStatus === 'STOPPED') this.#state.desired = 'STOPPED'
    if (this.#inDesiredSet) this.#cancel('cleanup')
  }

  #applyOutcome(e: Extract<Event, { kind: 'done' }>): void {
    const c = this.#container(e.name)
    if (!c) return
    delete c.applied
    if (e.outcome) {
      c.attempts = 0
      delete c.retryAt
      if (e.outcome.pulled) this.#pulled(c, e.outcome.pulled.imageId)
      if (e.outcome.inspected) this.#observe(c, e.outcome.observation)
      return
    }
    const retry = RETRY_DELAYS_MS[c.attempts]
    if (e.step === 'STOPPED' && c.exists) {
      // A stop must happen: keep trying, unless the container is already gone.
      this.#retry(c, Math.min(MAX_STOP_RETRY_MS, retry ?? MAX_STOP_RETRY_MS), e.error)
      this.#enqueue({ kind: 'inspect', ...(c.runtimeId ? { runtimeId: c.runtimeId } : {}) })
    } else if (isRetryable(e.error) && retry !== undefined) {
      this.#retry(c, retry, e.error)
    } else {
      if (c.restarting) {
        // The restart could not start it: it ends as the exit it was being restarted from.
        c.exitCode ??= c.restarting.exitCode
        delete c.restarting
      }
      this.#fail(c, reasonFor(e.step, e.error))
      if (e.step === 'PULLED') this.#pullsEnded()
    }
  }

  #retry(c: ContainerState, delayMs: number, error: unknown): void {
    c.attempts++
    c.retryAt = this.#d.clock.now() + delayMs
    this.#d.logger.warn('container step failed; trying again', { task: this.taskArn, container: c.plan.name, inMs: delayMs, error })
    this.#wakeAt(`retry:${c.plan.name}`, delayMs)
  }

  #pulled(c: ContainerState, imageId: string): void {
    const before = c.known
    if (c.known === 'NONE') c.known = 'PULLED'
    c.imageDigest ??= imageId
    this.#pullsEnded()
    this.#changed(c, before)
  }

  /** pullStoppedAt: once no container is left to pull (the server keeps the first value it hears). */
  #pullsEnded(): void {
    if (this.#state.containers.every((o) => o.known !== 'NONE')) this.#state.pullStoppedAt ??= this.#d.clock.now()
  }

  #observe(c: ContainerState, o: ContainerObservation | undefined): void {
    if (o && this.#restartsInPlace(c, o)) return
    const before = c.known
    const hadId = c.runtimeId
    observe(c, o)
    if (c.known === 'CREATED' && before !== 'CREATED') c.createdAt ??= this.#d.clock.now()
    if (c.known === 'RUNNING') c.runningSince ??= this.#d.clock.now()
    if (c.runtimeId && c.runtimeId !== hadId) this.#d.track(c.runtimeId)
    this.#changed(c, before)
  }

  /**
   * An exit its restart policy lets the agent undo: the container stays RUNNING and is started
   * again in place (nextState's `restarting`), as the ECS agent restarts it rather than
   * stopping it. True when `o` is such an exit, now or seen again; then it is not folded in.
   */
  #restartsInPlace(c: ContainerState, o: ContainerObservation): boolean {
    const now = this.#d.clock.now()
    const verdict = exitVerdict({ policy: c.plan.restartPolicy, ...c }, o, this.#state.desired, now)
    const fields = { task: this.taskArn, container: c.plan.name, exitCode: o.exitCode }
    if (verdict.kind === 'await-restart') return true
    if (verdict.kind === 'fold') {
      delete c.restarting
      if (verdict.declined) this.#d.logger.info(`not restarting an exited container: ${verdict.declined}`, fields)
      return false
    }
    c.restarting = verdict.restarting
    c.restartCount = (c.restartCount ?? 0) + 1
    c.lastRestartAt = now
    // Announced again once it runs: the log shipper follows its output afresh.
    this.#announced.delete(c.plan.name)
    this.#d.logger.info('restarting an exited container (restartPolicy)', { ...fields, restartCount: c.restartCount })
    return true
  }

  /** A container that cannot get where it is wanted ends STOPPED, saying why. */
  #fail(c: ContainerState, reason: string): void {
    const before = c.known
    c.known = 'STOPPED'
    c.reason ??= reason
    this.#d.logger.warn('container failed', { task: this.taskArn, container: c.plan.name, reason })
    this.#changed(c, before)
  }

  /** Invariants kept on every change of a container's known status. */
  #changed(c: ContainerState, before: ContainerStatus): void {
    // Announced once it has run, even if it exited before anyone saw it RUNNING (its logs count).
    if (c.started && c.runtimeId && !c.plan.internal && !this.#announced.has(c.plan.name)) {
      this.#announced.add(c.plan.name)
      this.#d.onContainerStarted(this.#info(c, c.runtimeId))
    }
    if (c.known !== 'STOPPED' || before === 'STOPPED') return
    // An essential container stopped ⇒ task desired = STOPPED (and the agent says why).
    if (c.plan.essential && this.#state.desired === 'RUNNING') {
      this.#state.desired = 'STOPPED'
      this.#state.stopCode = c.started ? 'EssentialContainerExited' : 'TaskFailedToStart'
      this.#state.stoppedReason = c.started ? ESSENTIAL_EXITED_REASON : (c.reason ?? `Essential container ${c.plan.name} did not start`)
    }
  }

  #refuse(reason: string): void {
    this.#state.desired = 'STOPPED'
    this.#state.stopCode = 'TaskFailedToStart'
    this.#state.stoppedReason = reason
    for (const c of this.#state.containers) if (!c.exists) this.#fail(c, reason)
  }

  /** Next step for every container without one in flight, until nothing moves without an action. */
  #decide(): void {
    const now = this.#d.clock.now()
    for (let moved = true, rounds = 0; moved && rounds < 10; rounds++) {
      moved = false
      for (const c of this.#state.containers) {
        if (c.applied !== undefined) continue
        if (c.retryAt !== undefined && now < c.retryAt) {
          // Woken before the clock says the retry is due (Node's timers keep the loop's cached
          // time, the clock the wall's): wait again, or the retry never comes.
          this.#wakeAt(`retry:${c.plan.name}`, c.retryAt - now)
          continue
        }
        const t = nextState({ known: c.known, desired: this.#state.desired, restarting: c.restarting !== undefined }, dependencyView(c, this.#state.containers, now))
        if (t.kind === 'advance' && t.action) this.#act(c, t.to)
        else if (t.kind === 'advance') {
          const before = c.known
          c.known = t.to
          this.#changed(c, before)
          moved = true
        } else if (t.kind === 'fail') {
          this.#fail(c, t.reason)
          moved = true
        } else if (t.kind === 'blocked' && c.plan.startTimeoutMs !== undefined && c.createdAt !== undefined) {
          this.#wakeAt(`start-timeout:${c.plan.name}`, c.createdAt + c.plan.startTimeoutMs - now)
        }
      }
    }
    this.#updateTask(now)
  }

  #updateTask(now: number): void {
    const s = this.#state
    s.known = taskKnownStatus(s.containers, s.known)
    if (s.known === 'RUNNING') s.startedAt ??= now
    // A task whose essential containers all started ran, even if it stopped before the engine
    // saw it RUNNING (a one-off job that exits at once): it started when its last one did.
    if (s.known === 'STOPPED' && s.startedAt === undefined) {
      const started = startedTogether(s.containers)
      if (started !== undefined) s.startedAt = started
    }
    if (s.known === 'STOPPED') s.executionStoppedAt ??= now
    // Containers of a stopped task stay for the cleanup delay (for `docker logs`), then go.
    if (s.known === 'STOPPED' && !this.#inDesiredSet) this.#wakeAt('cleanup', this.#d.cleanupDelayMs, { kind: 'cleanup' })
  }

  #act(c: ContainerState, step: ActionStep): void {
    c.applied = step
    if (step === 'PULLED') this.#state.pullStartedAt ??= this.#d.clock.now()
    const ctx = { runtime: this.#d.runtime, images: this.#d.images, plan: this.#plan, prepare: () => (this.#prepared ??= prepareVolumes(this.#d.runtime, this.#plan)) }
    ACTIONS[step](ctx, c).then(
      (outcome) => this.#enqueue({ kind: 'done', name: c.plan.name, step, outcome }),
      (error: unknown) => {
        if (step === 'CREATED') this.#prepared = undefined // a failed preparation is tried again
        this.#enqueue({ kind: 'done', name: c.plan.name, step, outcome: undefined, error })
      },
    )
  }

  #publish(): void {
    const report = buildReport(this.#state)
    const json = JSON.stringify(report)
    if (json === this.#lastReport) return
    this.#lastReport = json
    this.#d.onReport(report)
  }

  /** The task is STOPPED and the server has let it go: remove its containers (holder last) and task volumes. */
  async #cleanup(): Promise<void> {
    const { runtime, logger } = this.#d
    try {
      // Whoever reads a container's output (the log shipper) takes the last of it before it goes.
      await Promise.all(
        this.#state.containers.flatMap((c) => (c.runtimeId && !c.plan.internal ? [this.#d.onContainerGone(this.#info(c, c.runtimeId))] : [])),
      )
      const found = await runtime.list({ labels: taskFilter(this.#plan.identity.containerInstanceArn, this.taskArn) })
      const holderLast = [...found].sort((a, b) => Number(a.labels['com.amazonaws.ecs.container-name'] === HOLDER_NAME) - Number(b.labels['com.amazonaws.ecs.container-name'] === HOLDER_NAME))
      for (const f of holderLast) await runtime.remove(f.id, { force: true, volumes: true })
      if (hasVolumes(runtime)) for (const v of this.#plan.volumes) if (v.lifecycle === 'task') await runtime.removeVolume(v.spec.name)
    } catch (e) {
      // The next pass has already set the cleanup timer again: it is tried after another delay.
      logger.warn('task cleanup failed; trying again', { task: this.taskArn, error: e })
      return
    }
    this.close()
    this.#d.onDone()
  }

  // ---- helpers ----

  #container(name: string): ContainerState | undefined {
    return this.#state.containers.find((c) => c.plan.name === name)
  }

  #wakeAt(key: string, inMs: number, event: Event = { kind: 'wake' }): void {
    if (this.#timers.has(key)) return
    this.#timers.set(key, this.#d.timers.after(Math.max(0, inMs), () => {
      this.#timers.delete(key)
      this.#enqueue(event)
    }))
  }

  #cancel(key: string): void {
    this.#timers.get(key)?.()
    this.#timers.delete(key)
  }

  /** An adopted task keeps the times it had: started when its containers started. */
  #adoptTimes(adopted: readonly AdoptedContainer[]): void {
    const starts = adopted.flatMap((a) => (a.observation.startedAt !== undefined ? [a.observation.startedAt] : []))
    if (starts.length && this.#state.containers.every((c) => !c.plan.essential || c.known === 'RUNNING')) this.#state.startedAt = Math.min(...starts)
  }

  #info(c: ContainerState, runtimeId: string): ContainerInfo {
    const id = this.#plan.identity
    return {
      taskArn: id.taskArn,
      taskId: taskIdOf(id.taskArn),
      cluster: id.cluster,
      family: id.family,
      revision: id.revision,
      containerName: c.plan.name,
      runtimeId,
      ...(c.plan.logConfiguration ? { logConfiguration: c.plan.logConfiguration } : {}),
    }
  }
}

function startedTogether(containers: readonly ContainerState[]): number | undefined {
  const essential = containers.filter((c) => c.plan.essential)
  if (essential.length === 0 || essential.some((c) => c.startedAt === undefined)) return undefined
  return Math.max(...essential.map((c) => c.startedAt!))
}
