import type { TaskSources } from '../core/model/task-sources.js'
import { EcsArns } from '../core/arn.js'
import type { Clock } from '../core/clock.js'
import type { Partition } from '../core/config.js'
import type { Logger } from '../core/log.js'
import { LogsArns } from '../core/model/log.js'
import { ScalingArns } from '../core/model/scaling.js'
import type { TaskRoles } from '../core/task-roles.js'
import type { Store } from '../state/store.js'
import { ElbArns } from '../core/model/elb-arns.js'
import { createScalingService } from './autoscaling/index.js'
import { createEcsService } from './ecs/index.js'
import { createElbv2Service } from './elbv2/index.js'
import { CloudWatchArns, createCloudWatchServices } from './cloudwatch/index.js'
import type { MetricStore } from '../metrics/metric-store.js'
import { createAuthenticator, OPEN_AUTH, type AuthConfig } from './protocols/authenticate.js'
import { createLogsService } from './logs/index.js'
import { createRouter, type Router } from './router.js'

export interface AppOptions {
  store: Store
  clock: Clock
  partition: Partition
  logger: Logger
  /** Who may call: open (the default) or SigV4-verified against access keys. */
  auth?: AuthConfig
  /** The token agents register with to get an instance secret; absent, no agent can join. */
  joinToken?: string
  /** Where HTTPS listeners' certificates are read from: `<id>.crt` and `<id>.key` (api/elbv2/listeners/certificate.ts). */
  certificatesDir?: string
  /** Where CloudWatch metrics are put and read (src/metrics); absent, the CloudWatch API is not served. */
  metrics?: MetricStore
  /** The period of the alarms target tracking creates: AWS's 60 s unless compressed for local testing (--scaling-period). */
  scalingPeriodSeconds?: number
  /** Tasks' secrets, environment files and registry credentials, as the operator configured them (--task-sources). */
  taskSources?: TaskSources
  /** Role ARN → the credentials its tasks get (core/task-roles.ts); absent, every task role is refused. */
  taskRoles?: TaskRoles
}

/** The control plane's request handling, whole, with no sockets: tests drive it directly. */
export function createApp(options: AppOptions): Router {
  const logError = (error: unknown, where: string) => options.logger.error('request failed', { where, error })
  const arns = new EcsArns(options.partition)
  const agents = options.joinToken ? { agents: { joinToken: options.joinToken, logger: options.logger } } : {}
  const ecs = createEcsService({ store: options.store, clock: options.clock, partition: options.partition, arns, ...agents, ...(options.taskSources ? { taskSources: options.taskSources } : {}), ...(options.taskRoles ? { taskRoles: options.taskRoles } : {}) }, logError)
  const logs = createLogsService({ store: options.store, clock: options.clock, arns: new LogsArns(options.partition) }, logError)
  const authenticate = createAuthenticator(options.auth ?? OPEN_AUTH, options.clock, options.partition.region)
  const elbv2 = createElbv2Service(
    { store: options.store, clock: options.clock, arns: new ElbArns(options.partition), certificatesDir: options.certificatesDir ?? './.berth/certificates' },
    logError,
  )
  const scaling = createScalingService(
    { store: options.store, clock: options.clock, arns: new ScalingArns(options.partition), ecsArns: arns, scalingPeriodSeconds: options.scalingPeriodSeconds ?? 60 },
    logError,
  )
  const cloudwatch = options.metrics
    ? createCloudWatchServices({ store: options.store, clock: options.clock, metrics: options.metrics, arns: new CloudWatchArns(options.partition) }, logError)
    : undefined
  return createRouter({
    json: [ecs, logs, scaling, ...(cloudwatch ? [cloudwatch.json] : [])],
    query: [elbv2, ...(cloudwatch ? [cloudwatch.query] : [])],
    authenticate,
    logError,
  })
}
