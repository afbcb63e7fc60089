import type { Server } from 'node:http'
import { createApp } from '../api/app.js'
import { createHttpServer, listen } from '../api/http-server.js'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import type { Router } from '../api/router.js'
import { EcsArns } from '../core/arn.js'
import type { Clock } from '../core/clock.js'
import type { Partition } from '../core/config.js'
import type { Controller } from '../core/controller.js'
import type { Logger } from '../core/log.js'
import type { Timers } from '../core/timers.js'
import { DataPlane, type TargetHealthChange } from '../lb/index.js'
import { ecsMetricsTicker } from '../metrics/ecs-metrics-ticker.js'
import { elbMetricsTicker } from '../metrics/elb-metrics-ticker.js'
import { TaskSampleBook } from '../metrics/task-samples.js'
import { metricsRoute, PrometheusExporter, timedRouter } from '../prometheus/index.js'
import { scaler } from '../autoscaling/scaler.js'
import { alarmEvaluator } from '../metrics/alarms/evaluator.js'
import type { MetricStore } from '../metrics/metric-store.js'
import { HEALTHY_AFTER_RUNNING_MS } from '../scheduler/services/health.js'
import { serviceScheduler } from '../scheduler/services/service-scheduler.js'
import type { TaskRoles } from '../core/task-roles.js'
import type { Store } from '../state/store.js'
import type { TaskSources } from '../core/model/task-sources.js'
import { createLogAppender } from './agent-channel/append-logs.js'
import { attachAgentChannel, type AgentChannel } from './agent-channel/channel-server.js'
import { runControllers } from './controllers/run-controllers.js'
import { managedScalingController } from '../capacity/managed-scaling-controller.js'
import { provisioningController } from '../scheduler/capacity/index.js'
import type { AutoScalingGroupPool } from '../capacity/pool.js'
import { loadBalancerController } from './controllers/load-balancers/load-balancer-controller.js'
import { taskReaper } from './controllers/task-reaper.js'

/** What the control plane runs on. Production passes the system's; tests their own. */
export interface ControlPlaneDeps {
  store: Store
  clock: Clock
  timers: Timers
  logger: Logger
  partition: Partition
  /** CloudWatch metrics (src/metrics): what sources put, what the APIs, Prometheus and `berth top` read. */
  metrics: MetricStore
}

export interface ControlPlaneSettings {
  /** Who may call the API: open, or SigV4-verified against access keys. */
  auth: AuthConfig
  /**
   * Agents register with it to get their instance's secret and present it to open the
   * channel (core/agent-credentials.ts). Never optional: the channel is never open.
   */
  joinToken: string
  /**
   * An agent silent this long is marked disconnected; one disconnected this long again is
   * lost, and the service scheduler replaces its tasks elsewhere.
   */
  agentSilenceTimeoutMs: number
  /**
   * How long a RUNNING task without container health checks waits before a service counts it
   * healthy: ECS's 40 seconds unless a test asks for less.
   */
  healthyAfterMs?: number | undefined
  /** Where load-balancer listeners bind (`--lb-address`): 127.0.0.1 unless the operator serves a network. */
  loadBalancerAddress?: string | undefined
  /** Server-side time of each request, in ms (benchmarks); see HttpServerOptions. */
  onRequestTimed?: ((ms: number) => void) | undefined
  /**
   * Where HTTPS listeners' certificates live: `arn:aws:acm:…:certificate/<id>` is
   * `<certificatesDir>/<id>.crt` and `<id>.key` (--certificates-dir; default <data-dir>/certificates).
   */
  certificatesDir?: string | undefined
  /**
   * How often AWS/ECS and AWS/ApplicationELB figures are computed from the latest container
   * samples and load-balancer counters (default: statsIntervalMsFor the scaling period).
   */
  metricsIntervalMs?: number | undefined
  /** The storage resolution those observations carry: 60 (as AWS's) unless periods are compressed. */
  metricsStorageResolution?: 1 | 60 | undefined
  /**
   * The period of the alarms target tracking creates (`--scaling-period`): AWS's 60 s by
   * default, so a policy behaves as it will on AWS; 10 s compresses it for local testing.
   */
  scalingPeriodSeconds?: number | undefined
  /**
   * Tasks' secrets, environment files and registry credentials (--task-sources): RunTask and
   * services refuse what is not here; the agent channel resolves the rest into each desired task.
   */
  taskSources?: TaskSources | undefined
  /**
   * The Auto Scaling groups capacity providers' managed scaling may resize (`berth up`'s pool
   * of simulated instances); without it no managed scaling runs.
   */
  autoScalingGroups?: { pool: AutoScalingGroupPool; intervalMs?: number | undefined; scaleInAfterMs?: number | undefined } | undefined
  /**
   * Role ARN → the credentials tasks with that role get (core/task-roles.ts; --task-roles-file):
   * RunTask refuses a role not here, and the agent channel sends a task's with its desired task.
   */
  taskRoles?: TaskRoles | undefined
}

/** The agents' default BERTH_STATS_INTERVAL_SECONDS, in ms. */
export const DEFAULT_METRICS_INTERVAL_MS = 5_000

/**
 * How often agents sample and the server computes AWS/ECS figures for a scaling period: every
 * 5 s, but every 2 s under 10 s periods. A period's datapoint is the average of the figures
 * stamped in it; with two a period, the one taken before a load started weighed half, and the
 * period the load starts in rarely counted (the alarm fired a whole period late). Five a
 * period make that average follow the share of the period that was loaded.
 */
export const statsIntervalMsFor = (scalingPeriodSeconds: number | undefined): number =>
  scalingPeriodSeconds !== undefined && scalingPeriodSeconds <= 10 ? 2_000 : DEFAULT_METRICS_INTERVAL_MS

export interface ComposedControlPlane {
  readonly router: Router
  readonly channel: AgentChannel
  /** The load balancers' data plane (src/lb): where listeners listen, traffic counts. */
  readonly dataPlane: DataPlane
  /** The controllers running, by name. */
  readonly controllers: readonly string[]
  /** Serves the API and the agent channel; resolves with the endpoint. */
  listen(port: number, host: string): Promise<string>
  /** Stops in order: controllers, agent sessions, the listener (in-flight requests finish), the store. */
  close(): Promise<void>
}

/** Every controller of the control plane. Production, tests and the bench run the same ones. */
export function controllersOf(
  deps: ControlPlaneDeps,
  settings: ControlPlaneSettings,
  lb: { dataPlane: DataPlane; health: HealthRelay; onSchedulerPass?: ((pass: { services: number; ms: number }) => void) | undefined },
  samples: TaskSampleBook = new TaskSampleBook(),
): Controller[] {
  const { dataPlane } = lb
  const metrics = {
    ...deps,
    intervalMs: settings.metricsIntervalMs ?? statsIntervalMsFor(settings.scalingPeriodSeconds),
    ...(settings.metricsStorageResolution ? { storageResolution: settings.metricsStorageResolution } : {}),
  }
  const balancers = loadBalancerController({
    ...deps,
    dataPlane,
    address: settings.loadBalancerAddress ?? '127.0.0.1',
    certificatesDir: settings.certificatesDir ?? '.',
  })
  lb.health.connect(balancers.onTargetHealth)
  return [
    taskReaper(deps),
    balancers.controller,
    alarmEvaluator(deps),
    serviceScheduler({
      ...deps,
      arns: new EcsArns(deps.partition),
      settings: { lostAfterMs: settings.agentSilenceTimeoutMs, healthyAfterMs: settings.healthyAfterMs ?? HEALTHY_AFTER_RUNNING_MS },
      onPass: lb.onSchedulerPass,
    }),
    provisioningController(deps),
    ecsMetricsTicker({ ...metrics, samples }),
    elbMetricsTicker({ ...metrics, counters: () => dataPlane.metrics() }),
    scaler({
      ...deps,
      arns: new EcsArns(deps.partition),
      periodSeconds: settings.scalingPeriodSeconds ?? 60,
    }),
    ...(settings.autoScalingGroups
      ? [
          managedScalingController({
            ...deps,
            pool: settings.autoScalingGroups.pool,
            ...(settings.autoScalingGroups.intervalMs !== undefined ? { intervalMs: settings.autoScalingGroups.intervalMs } : {}),
            ...(settings.autoScalingGroups.scaleInAfterMs !== undefined ? { scaleInAfterMs: settings.autoScalingGroups.scaleInAfterMs } : {}),
          }),
        ]
      : []),
  ]
}

/**
 * The one composition root of the control plane: the API, the HTTP front door, the agent
 * channel and every controller, over the store, clock, timers and logger it is given.
 * `berth server`, `berth up`, the test harnesses and the bench all start here.
 */
export function composeControlPlane(deps: ControlPlaneDeps, settings: ControlPlaneSettings): ComposedControlPlane {
  const { store, clock, logger } = deps
  const health = new HealthRelay()
  /** The agents' latest container samples: the stats handler writes, the ecs-metrics ticker reads. */
  const samples = new TaskSampleBook()
  const dataPlane = new DataPlane({ clock, timers: deps.timers, logger, onTargetHealth: health.send })
  const router = createApp({
    store,
    clock,
    partition: deps.partition,
    logger,
    auth: settings.auth,
    joinToken: settings.joinToken,
    metrics: deps.metrics,
    ...(settings.taskRoles ? { taskRoles: settings.taskRoles } : {}),
    ...(settings.certificatesDir !== undefined ? { certificatesDir: settings.certificatesDir } : {}),
    ...(settings.scalingPeriodSeconds !== undefined ? { scalingPeriodSeconds: settings.scalingPeriodSeconds } : {}),
    ...(settings.taskSources ? { taskSources: settings.taskSources } : {}),
  })
  // Prometheus (src/prometheus): GET /metrics, the API timed by operation, scheduler passes.
  const prometheus = new PrometheusExporter({ store, metrics: deps.metrics, clock, traffic: () => dataPlane.metrics() })
  const server: Server = createHttpServer({
    router: timedRouter(router, prometheus.observeRequest),
    routes: [metricsRoute(prometheus, settings.auth)],
    onUnhandledError: (error) => logger.error('unhandled error', { error }),
    ...(settings.onRequestTimed ? { onRequestTimed: settings.onRequestTimed } : {}),
  })
  const channel = attachAgentChannel(server, {
    store,
    clock,
    logger,
    joinToken: settings.joinToken,
    silenceTimeoutMs: settings.agentSilenceTimeoutMs,
    appendLogs: createLogAppender(store, clock, logger),
    onStats: (instanceArn, message) => samples.record(instanceArn, message, clock.now()),
    ...(settings.taskSources ? { taskSources: settings.taskSources } : {}),
    ...(settings.taskRoles ? { taskRoles: settings.taskRoles } : {}),
  })
  const controllers = controllersOf(deps, settings, { dataPlane, health, onSchedulerPass: prometheus.observeSchedulerPass }, samples)
  const running = runControllers(controllers, deps)
  let closed = false
  return {
    router,
    channel,
    dataPlane,
    controllers: controllers.map((c) => c.name),
    async listen(port, host) {
      const address = await listen(server, port, host)
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
      return `http://${shown}:${address.port}`
    },
    async close() {
      if (closed) return
      closed = true
      await running.stop()
      await dataPlane.close()
      await channel.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
      await store.close()
    },
  }
}

/** Carries the data plane's health reports to the load-balancer controller, which is made after it. */
export class HealthRelay {
  #to: ((change: TargetHealthChange) => void) | undefined
  readonly send = (change: TargetHealthChange): void => this.#to?.(change)
  connect(to: (change: TargetHealthChange) => void): void {
    this.#to = to
  }
}
