import type { TaskRoles } from '../../core/task-roles.js'
import type { WebSocket } from 'ws'
import { secretMatches } from '../../core/agent-credentials.js'
import { parseAgentMessage } from '../../core/agent-protocol-parse.js'
import type { AgentMessage, HelloMessage, LogsMessage, ServerMessage, StatsMessage } from '../../core/agent-protocol.js'
import type { Clock } from '../../core/clock.js'
import type { Logger } from '../../core/log.js'
import type { Store } from '../../state/store.js'
import type { TaskSources } from '../../core/model/task-sources.js'
import { desiredFingerprint, desiredTasksFor } from './desired-tasks.js'
import { applyReports } from './handlers/apply-reports.js'
import { dispatchAgentMessage, type AgentHandlers, type SessionContext } from './handlers/handlers.js'
import { logsHandler } from './handlers/logs-handler.js'
import { reportHandler } from './handlers/report-handler.js'
import { statsHandler } from './handlers/stats-handler.js'
import { SilenceWatch } from './silence-watch.js'

export interface AgentSessionDeps {
  store: Store
  clock: Clock
  logger: Logger
  /** An agent silent this long is cut off and its instance marked disconnected. */
  silenceTimeoutMs: number
  /** Appends shipped container logs; resolves once they are committed. */
  appendLogs?: (message: LogsMessage) => Promise<void>
  /** Takes the container stats an agent sampled (in memory: src/metrics), with the instance that sent them. */
  onStats?: (instanceArn: string, message: StatsMessage) => void
  /** Resolves desired tasks' secrets, environment files and registry credentials (desired-tasks.ts). */
  taskSources?: TaskSources
  /** Role ARN → credentials (core/task-roles.ts): a task with a mapped role carries its credentials to the agent. */
  taskRoles?: TaskRoles | undefined
  /** Called once the agent said who it is; returns false if another session replaced it. */
  claim: (instanceArn: string, session: AgentSession) => void
  release: (instanceArn: string, session: AgentSession) => boolean
}

/** Codes the server closes a channel with, so an agent can tell why. */
export const CLOSE = { unknownInstance: 4004, replaced: 4009, silent: 4008, badHello: 4000, refused: 4003 } as const

/** Who opened the channel: the instance secret it presented, and its address for the log. */
export interface SessionPeer {
  instanceSecret: string | undefined
  from: string
}

/**
 * One agent's channel. Messages are handled one at a time, in order. After `hello` the session
 * pushes the instance's desired tasks whenever they change (it watches the store's index), and
 * acknowledges each report once it is committed.
 */
export class AgentSession {
  #instanceArn: string | undefined
  #queue: Promise<void> = Promise.resolve()
  #closed = new AbortController()
  /** Judges silence by the last frame read, after the frames waiting are read (silence-watch.ts). */
  readonly #silence: SilenceWatch
  #lastFingerprint: string | undefined
  readonly #handlers: AgentHandlers

  constructor(
    readonly socket: WebSocket,
    private readonly deps: AgentSessionDeps,
    private readonly peer: SessionPeer = { instanceSecret: undefined, from: 'unknown' },
  ) {
    this.#silence = new SilenceWatch({
      timeoutMs: deps.silenceTimeoutMs,
      onSilent: () => {
        deps.logger.warn('agent went silent; disconnecting it', { instance: this.#instanceArn })
        socket.terminate()
      },
    })
    this.#handlers = {
      heartbeat: () => undefined, // heard() above is all it is for
      report: reportHandler(deps.store, deps.clock),
      logs: logsHandler(deps.appendLogs),
      stats: statsHandler(deps.onStats),
    }
    socket.on('message', (data, isBinary) => {
      this.#silence.heard()
      if (isBinary) return
      const parsed = parseAgentMessage(data.toString())
      if (!parsed.ok) {
        deps.logger.warn('dropped a malformed agent frame', { instance: this.#instanceArn ?? '(before hello)', why: parsed.error })
        return
      }
      const message = parsed.message
      this.#queue = this.#queue.then(() => this.#handle(message)).catch((error: unknown) => {
        deps.logger.error('agent message failed', { instance: this.#instanceArn, error })
        socket.terminate()
      })
    })
    socket.on('close', () => void this.#onClose())
    socket.on('error', () => socket.terminate())
  }

  get instanceArn(): string | undefined {
    return this.#instanceArn
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason)
  }

  async #handle(message: AgentMessage): Promise<void> {
    if (message.type === 'hello') return this.#hello(message)
    const instanceArn = this.#instanceArn
    if (!instanceArn) return // nothing but hello counts before hello
    const session: SessionContext = { instanceArn, ack: (seq) => this.#send({ type: 'ack', seq }) }
    await dispatchAgentMessage(this.#handlers, message, session)
  }

  /**
   * The session becomes the instance's only once the peer proved it holds the instance's
   * secret; until then nothing is written, nothing is sent, and no other session is replaced.
   */
  async #hello(message: HelloMessage): Promise<void> {
    if (this.#instanceArn) return
    const arn = message.containerInstanceArn
    const outcome = await this.deps.store.txn(async (tx) => {
      const instance = await tx.containerInstances.get(arn)
      if (!instance || instance.status === 'INACTIVE') return 'unknown'
      if (!secretMatches(this.peer.instanceSecret, instance.agentSecretHash)) return 'refused'
      if (!instance.agentConnected) {
        const { agentDisconnectedAt: _gone, ...rest } = instance
        await tx.containerInstances.put({ ...rest, agentConnected: true, version: instance.version + 1 })
      }
      await applyReports(tx, arn, message.tasks, this.deps.clock.now())
      return 'claimed'
    })
    if (outcome === 'unknown') {
      this.close(CLOSE.unknownInstance, 'unknown or deregistered container instance')
      return
    }
    if (outcome === 'refused') {
      const reason = this.peer.instanceSecret === undefined ? 'no instance secret' : 'wrong instance secret'
      this.deps.logger.warn('agent channel refused', { instance: arn, reason, from: this.peer.from })
      this.close(CLOSE.refused, `${reason} for this container instance`)
      return
    }
    this.#instanceArn = arn
    this.deps.claim(arn, this)
    this.deps.logger.info('agent connected', { instance: arn })
    void this.#pushDesired(arn)
  }

  /**
   * Level-triggered: whenever a task on this instance changed, recompute what the instance
   * should run, and send it if that differs from what the agent last heard. A commit that
   * wrote no task wakes nothing here; one that wrote tasks elsewhere costs one indexed query.
   */
  async #pushDesired(instanceArn: string): Promise<void> {
    const signal = this.#closed.signal
    let seen: number | undefined
    while (!signal.aborted) {
      try {
        const index = this.deps.store.index()
        if (seen === undefined || (await this.#tasksChanged(instanceArn, seen))) {
          const tasks = await this.deps.store.read(async (tx) => {
            const placed = await tx.tasks.holdingResources(instanceArn)
            const definitions = new Map<string, Awaited<ReturnType<typeof tx.taskDefinitions.get>>>()
            for (const t of placed) definitions.set(t.taskDefinitionArn, await tx.taskDefinitions.get(t.family, t.revision))
            return desiredTasksFor(placed, (t) => definitions.get(t.taskDefinitionArn), this.deps.taskSources, this.deps.taskRoles)
          })
          const fingerprint = desiredFingerprint(tasks)
          if (fingerprint !== this.#lastFingerprint) {
            this.#send({ type: 'desired', tasks })
            this.#lastFingerprint = fingerprint
          }
        }
        seen = index
        await this.deps.store.watch(index, { tables: ['tasks'], signal })
      } catch (error) {
        if (signal.aborted) return
        this.deps.logger.error('pushing desired tasks failed', { instance: instanceArn, error })
        this.socket.terminate()
        return
      }
    }
  }

  #tasksChanged(instanceArn: string, since: number): Promise<boolean> {
    return this.deps.store.read(async (tx) => (await tx.tasks.changedSince({ since, containerInstanceArn: instanceArn, limit: 1 })).length > 0)
  }

  #send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message))
  }

  async #onClose(): Promise<void> {
    this.#silence.stop()
    this.#closed.abort()
    const arn = this.#instanceArn
    if (!arn || !this.deps.release(arn, this)) return
    this.deps.logger.info('agent disconnected', { instance: arn })
    await this.#queue
    await this.deps.store
      .txn(async (tx) => {
        const instance = await tx.containerInstances.get(arn)
        if (instance?.agentConnected) {
          await tx.containerInstances.put({ ...instance, agentConnected: false, agentDisconnectedAt: this.deps.clock.now(), version: instance.version + 1 })
        }
        for (const task of await tx.tasks.holdingResources(arn)) {
          if (task.connectivity === 'DISCONNECTED') continue
          await tx.tasks.put({ ...task, connectivity: 'DISCONNECTED', version: task.version + 1 })
        }
      })
      .catch((error: unknown) => this.deps.logger.error('marking an agent disconnected failed', { instance: arn, error }))
  }
}
