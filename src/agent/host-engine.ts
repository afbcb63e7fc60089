import { localEfsFolder } from './engine/efs-local.js'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/log.js'
import type { EngineExtras } from './agent.js'
import type { AgentConfig } from './config.js'
import { createTaskEngine, type ContainerInfo, type TaskEngine } from './engine/index.js'
import { resolveHostPath } from './engine/resolve-host-path.js'
import { createLogShipper } from './logs/index.js'
import type { ContainerRuntime, LogsRuntime } from './runtime/index.js'

/**
 * The task engine of one host with its log shipper attached: the engine says when containers
 * start and go, the shipper follows the awslogs ones and hands its batches to the channel
 * through the engine. What `berth agent` runs, and what end-to-end tests run in-process.
 */
export function createHostEngine(
  config: AgentConfig,
  deps: { runtime: ContainerRuntime & LogsRuntime; clock: Clock; logger: Logger },
  containerInstanceArn: string,
  extras: EngineExtras = {},
): TaskEngine {
  const shipper = createLogShipper({ runtime: deps.runtime, clock: deps.clock, logger: deps.logger, dataDir: config.dataDir, region: config.region })
  const target = (info: ContainerInfo) => ({
    taskArn: info.taskArn,
    taskId: info.taskId,
    clusterName: info.cluster,
    containerName: info.containerName,
    runtimeId: info.runtimeId,
    logConfiguration: info.logConfiguration,
  })
  const engine = createTaskEngine({
    runtime: deps.runtime,
    containerInstanceArn,
    cluster: config.cluster,
    bindIp: config.bindIp,
    clock: deps.clock,
    logger: deps.logger,
    allowPrivileged: config.allowPrivileged,
    hostAccess: { ...config.hostAccess, resolvePath: resolveHostPath },
    efs: { ...config.efs, local: localEfsFolder },
    defaultStopTimeoutMs: config.containerStopTimeout * 1000,
    pullBehavior: config.pullBehavior,
    taskCleanupDelayMs: config.taskCleanupSeconds * 1000,
    ...(extras.taskEndpoint ? { taskEndpoint: extras.taskEndpoint } : {}),
    onContainerStarted: (info) => shipper.follow(target(info)),
    onContainerGone: (info) => shipper.forget(info.runtimeId),
    logs: { onLogs: (listener) => shipper.onBatch(listener), logsAcknowledged: (batch) => shipper.acknowledged(batch) },
  })
  return {
    start: () => engine.start(),
    setDesired: (tasks) => engine.setDesired(tasks),
    snapshot: () => engine.snapshot(),
    onReport: (listener) => engine.onReport(listener),
    onLogs: (listener) => engine.onLogs(listener),
    logsAcknowledged: (batch) => engine.logsAcknowledged(batch),
    async stop() {
      await engine.stop()
      await shipper.stop()
    },
  }
}
