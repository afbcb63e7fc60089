import type { LogConfiguration } from '../../core/aws-model/ecs.types.js'
import { LOG_GROUP_NAME, isLogStreamName } from '../../core/model/log.js'

/** One container whose output may be shipped: what the engine knows of it when it starts it. */
export interface LogTarget {
  taskArn: string
  /** The last part of the task ARN. */
  taskId: string
  clusterName: string
  /** The container definition's name. */
  containerName: string
  /** The runtime's container id (Docker's full 64-hex id). */
  runtimeId: string
  /** The container definition's `logConfiguration`, when it has one. */
  logConfiguration?: LogConfiguration | undefined
}

/** Where a container's lines go: the LogBatch fields every batch of its stream carries. */
export interface AwslogsDestination {
  logGroupName: string
  logStreamName: string
  createGroup: boolean
}

export type AwslogsResolution =
  | { kind: 'ship'; destination: AwslogsDestination; /** Options given but not honoured, one line each. */ notes: string[] }
  | { kind: 'not-awslogs' }
  | { kind: 'invalid'; reason: string }

/** Options the shipper honours or knowingly ignores without a note (the rest get one). */
const SILENTLY_IGNORED = new Set(['mode', 'max-buffer-size', 'awslogs-endpoint', 'awslogs-credentials-endpoint', 'awslogs-force-flush-interval-seconds', 'tag'])

/**
 * Where the `awslogs` driver would put a container's lines, as ECS configures it (pure):
 *   - group: `awslogs-group` (required);
 *   - stream: `<awslogs-stream-prefix>/<container name>/<task id>` with a prefix; without one,
 *     the container's id, as Docker's awslogs driver names a stream it was given no name for
 *     (ECS docs, using_awslogs: "If you don't specify a prefix with this option, then the log
 *     stream is named after the container ID that's assigned by the Docker daemon");
 *   - `awslogs-create-group`: Go's ParseBool values, as Docker reads it.
 * Options Berth does not honour are returned as notes: `awslogs-region` other than the
 * agent's (Berth has one region: the lines go there), `awslogs-multiline-pattern` and
 * `awslogs-datetime-format` (every line is its own event).
 */
export function resolveAwslogs(target: LogTarget, region: string): AwslogsResolution {
  const config = target.logConfiguration
  if (config?.logDriver !== 'awslogs') return { kind: 'not-awslogs' }
  const options: Record<string, string> = config.options ?? {}
  const group = options['awslogs-group']
  if (!group) return { kind: 'invalid', reason: 'awslogs-group is required' }
  if (!LOG_GROUP_NAME.test(group)) return { kind: 'invalid', reason: `awslogs-group ${group} is not a valid log group name` }
  const prefix = options['awslogs-stream-prefix']
  const stream = prefix ? `${prefix}/${target.containerName}/${target.taskId}` : target.runtimeId
  if (!isLogStreamName(stream)) return { kind: 'invalid', reason: `log stream name ${stream} is not valid (1-512 characters, no ':' or '*')` }
  const createGroup = parseBool(options['awslogs-create-group'] ?? 'false')
  if (createGroup === undefined) return { kind: 'invalid', reason: `awslogs-create-group must be true or false, not ${options['awslogs-create-group']}` }

  const notes: string[] = []
  const wanted = options['awslogs-region']
  if (wanted && wanted !== region) notes.push(`awslogs-region ${wanted}: shipped to this server's region ${region}`)
  for (const key of ['awslogs-multiline-pattern', 'awslogs-datetime-format']) {
    if (options[key]) notes.push(`${key} is not supported: every line is its own event`)
  }
  for (const key of Object.keys(options)) {
    if (!key.startsWith('awslogs-') && !SILENTLY_IGNORED.has(key)) notes.push(`log option ${key} is ignored`)
  }
  return { kind: 'ship', destination: { logGroupName: group, logStreamName: stream, createGroup }, notes }
}

/** Go's strconv.ParseBool, which Docker's awslogs driver uses for its boolean options. */
function parseBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false
  return undefined
}
