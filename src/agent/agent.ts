import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/log.js'
import { realTimers, type Timers } from '../core/timers.js'
import type { AgentConfig } from './config.js'
import { lockDataFolder } from './data/data-lock.js'
import type { TaskEngine } from './engine/engine.js'
import type { TaskEngineOptions } from './engine/task-engine.js'
import { createEndpointHandler } from './endpoints/endpoint-handler.js'
import { credentialsIdOf } from './endpoints/ids.js'
import { listenEndpoint, type EndpointListener } from './endpoints/listen.js'
import { TaskDirectory } from './endpoints/task-directory.js'
import { hasStats, type ContainerRuntime, type InfoRuntime } from './runtime/index.js'
import { linkEngine } from './session/engine-link.js'
import { EcsApi, EcsApiError } from './session/ecs-api.js'
import { registerInstance, type RegisteredInstance } from './session/register.js'
import { StatsSampler } from './stats/stats-sampler.js'

export interface AgentDeps {
  runtime: ContainerRuntime & InfoRuntime
  clock: Clock
  /** What paces the stats sampler; the system's unless a test drives time (ManualTimers). */
  timers?: Timers
  logger: Logger
  /**
   * Builds the task engine for the instance once it is registered; `taskEndpoint`, when the
   * agent serves the task endpoints, goes to the engine's options of the same name.
   */
  createEngine: (containerInstanceArn: string, extras: EngineExtras) => TaskEngine
}

export interface EngineExtras {
  taskEndpoint?: TaskEngineOptions['taskEndpoint']
}

export interface RunningAgent {
  readonly containerInstanceArn: string
  /** Resolves once the channel is up for the first time. */
  readonly connected: Promise<void>
  /** Resolves if the server forgets this instance (it was deregistered): the agent stops. */
  readonly forgotten: Promise<void>
  /** Stops the agent; its containers keep running, as the ECS agent leaves them. */
  stop(): Promise<void>
}

/**
 * One host's agent: takes its data folder (one agent per folder), registers the instance (or
 * re-registers the one the folder remembers), adopts what already runs on the engine, then
 * keeps the channel to the server.
 */
export async function startAgent(config: AgentConfig, deps: AgentDeps): Promise<RunningAgent> {
  if (!config.joinToken) {
    throw new Error("the agent needs the server's join token (BERTH_JOIN_TOKEN or --join-token): berth server prints it when it starts")
  }
  const lock = await lockDataFolder(config.dataDir)
  let registered: RegisteredInstance
  try {
    const info = await deps.runtime.info()
    const api = new EcsApi({ serverUrl: config.serverUrl, credentials: config.credentials, region: config.region })
    registered = await registerWithRetry(api, config, info.version, deps.logger)
    if (!registered.instanceSecret) throw new Error(`the control plane issued no instance secret for ${registered.containerInstanceArn}; the agent cannot open its channel`)
  } catch (error) {
    await lock.release()
    throw error
  }
  const arn = registered.containerInstanceArn
  deps.logger.info('registered', { containerInstance: arn, cluster: config.cluster, bindIp: config.bindIp })
  const endpoint = config.taskEndpoint ? taskEndpointParts(registered.instanceSecret) : undefined
  const built = deps.createEngine(arn, endpoint ? { taskEndpoint: { credentialsIdOf: endpoint.credentialsIdOf } } : {})
  const engine = endpoint ? feedingDirectory(built, endpoint.directory) : built
  await engine.start()
  let listener: EndpointListener | undefined
  if (config.taskEndpoint && endpoint) {
    const handler = createEndpointHandler({
      directory: endpoint.directory,
      knownTasks: () => engine.snapshot(),
      runtime: deps.runtime,
      containerInstanceArn: arn,
      availabilityZone: config.availabilityZone,
      clock: deps.clock,
      logger: deps.logger,
    })
    try {
      listener = await listenEndpoint(handler, config.taskEndpoint.host, config.taskEndpoint.port)
    } catch (error) {
      await engine.stop()
      await lock.release()
      throw error
    }
    deps.logger.info('task endpoints served', { at: listener.address })
  }
  let markForgotten!: () => void
  const forgotten = new Promise<void>((resolve) => (markForgotten = resolve))
  const channel = linkEngine(engine, {
    serverUrl: config.serverUrl,
    joinToken: config.joinToken,
    instanceSecret: registered.instanceSecret,
    containerInstanceArn: arn,
    logger: deps.logger,
    heartbeatMs: config.heartbeatSeconds * 1000,
    onForgotten: () => markForgotten(),
  })
  channel.start()
  const runtime = deps.runtime
  const sampler =
    config.statsIntervalSeconds > 0 && hasStats(runtime)
      ? new StatsSampler({
          runtime,
          knownTasks: () => engine.snapshot(),
          send: (message) => channel.send(message),
          clock: deps.clock,
          timers: deps.timers ?? realTimers,
          logger: deps.logger,
          intervalMs: config.statsIntervalSeconds * 1000,
        })
      : undefined
  sampler?.start()
  return {
    containerInstanceArn: arn,
    connected: channel.connected,
    forgotten,
    async stop() {
      await sampler?.stop()
      await channel.stop()
      await listener?.close()
      await engine.stop()
      await lock.release()
    },
  }
}

/** The directory the endpoints read and the credentials ids, keyed by the instance secret (endpoints/ids.ts). */
function taskEndpointParts(instanceSecret: string): { directory: TaskDirectory; credentialsIdOf: (taskArn: string) => string } {
  const idOf = (taskArn: string) => credentialsIdOf(instanceSecret, taskArn)
  return { directory: new TaskDirectory(idOf), credentialsIdOf: idOf }
}

/** The engine, with every desired set also handed to the endpoints' directory first. */
function feedingDirectory(engine: TaskEngine, directory: TaskDirectory): TaskEngine {
  return {
    start: () => engine.start(),
    setDesired: (tasks) => {
      directory.set(tasks)
      engine.setDesired(tasks)
    },
    snapshot: () => engine.snapshot(),
    onReport: (listener) => engine.onReport(listener),
    onLogs: (listener) => engine.onLogs(listener),
    logsAcknowledged: (batch) => engine.logsAcknowledged(batch),
    stop: () => engine.stop(),
  }
}

/** The server may still be starting (berth up starts both): retry a refused connection. */
async function registerWithRetry(api: EcsApi, config: AgentConfig, dockerVersion: string, logger: Logger): Promise<RegisteredInstance> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await registerInstance(api, config, { dockerVersion })
    } catch (error) {
      if (error instanceof EcsApiError || attempt >= 20) throw error
      logger.warn('control plane not reachable yet; retrying', { server: config.serverUrl, attempt })
      await new Promise((r) => setTimeout(r, Math.min(250 * attempt, 2_000)))
    }
  }
}
