import { join, resolve } from 'node:path'
import { DockerRuntime } from '../../agent/runtime/docker/index.js'
import { systemClock } from '../../core/clock.js'
import { consoleLogger } from '../../core/log.js'
import { FARGATE_POOL_CLUSTER } from '../../core/model/fargate.js'
import { statsIntervalMsFor } from '../../server/compose.js'
import { keysWithPolicies } from '../keys-file.js'
import { addressAfter, DEFAULT_FIRST_INSTANCE_IP, localInstance, startLocalAgents } from '../local-agents.js'
import { LocalGroup, localGroupArn } from '../local-group.js'
import { parse, parseCount, SERVER_OPTIONS, UsageError } from '../options.js'
import { serveUntilSignal } from '../serve.js'
import { readServing, SERVING_HELP } from '../serving-options.js'
import { LOCAL_AGENT_ENDPOINT_PORT, startEndpointFront } from '../task-endpoint-front.js'

/** Where `berth up`'s Fargate pool host publishes its tasks' ports: apart from the instances' 127.0.0.x and the addresses tests use. */
const DEFAULT_FARGATE_IP = '127.0.250.2'

const HELP = `usage: berth up [options]

Everything on one machine: the control plane with an embedded SQLite store, the cluster, and
--instances local agents (each a simulated host on its own loopback address).

  --cluster NAME    cluster to create at start (default 'default')
  --instances N     local agents to start (default 1; 0 starts none). Each is a
                    simulated host: its own loopback address (127.0.0.2, 127.0.0.3, ...),
                    availability zone (a, b, c in turn) and CPU and memory budget. One
                    that dies is started again (after 1 s, doubling up to 30 s while it
                    keeps dying within a minute)
  --instance-base-ip ADDR
                    the first instance's address; the others follow it (default 127.0.0.2)
  --instance-cpu N  CPU units each instance registers (default 2048)
  --instance-memory N
                    MiB each instance registers (default 4096)
  --fargate-cpu N   CPU units of the Fargate pool, where tasks with launchType FARGATE run
                    (default 4096, BERTH_FARGATE_CPU; 0 turns the pool off). The pool
                    is a hidden host that serves every cluster and is no container
                    instance of any (README: Fargate)
  --fargate-memory N
                    MiB of the Fargate pool (default 8192, BERTH_FARGATE_MEMORY)
  --fargate-ip ADDR the Fargate pool's loopback address (default 127.0.250.2,
                    BERTH_FARGATE_IP)
  --asg-name NAME   the Auto Scaling group the local instances form, for capacity
                    providers to name (default berth-<cluster>); its ARN is printed at
                    start: arn:aws:autoscaling:<region>:<account>:autoScalingGroup:
                    <uuid>:autoScalingGroupName/<name>, the uuid fixed by the name.
                    Instances carry the attribute berth.auto-scaling-group=<name>
  --asg-min-size N  the group's minimum size (default --instances)
  --asg-max-size N  the group's maximum size (default --instances): a capacity provider
                    with managed scaling ENABLED starts and stops local instances
                    between the two to keep CapacityProviderReservation at its target
  --asg-scale-in-after S
                    seconds the group must be larger than it needs before managed
                    scaling stops an idle instance (default 300)
  --task-endpoints on|off
                    serve the task metadata and credentials endpoints to the local
                    instances' containers at 169.254.170.2:80, as ECS does (default on,
                    BERTH_TASK_ENDPOINTS; needs root: the address is added to lo). When
                    it cannot be had, berth up says why and runs without them
${SERVING_HELP}
  --join-token T    the token agents present (BERTH_JOIN_TOKEN; default: a random one,
                    given to the local agents)
  --scaling-period S
                    the period of the alarms target tracking creates (default 60, as
                    AWS's; 10 or 30 to try scaling policies locally, BERTH_SCALING_PERIOD;
                    with 10 the local agents sample every 2 s instead of 5)

Unless --access-key or --keys-file is given, any AWS credentials are accepted. Point a client at the
endpoint it prints:
  aws ecs list-clusters --endpoint-url http://127.0.0.1:7700 --region us-east-1`

const UP_OPTIONS = {
  ...SERVER_OPTIONS,
  cluster: { type: 'string', default: process.env['ECS_CLUSTER'] ?? 'default' },
  instances: { type: 'string', default: '1' },
  'instance-cpu': { type: 'string', default: '2048' },
  'instance-memory': { type: 'string', default: '4096' },
  'instance-base-ip': { type: 'string', default: DEFAULT_FIRST_INSTANCE_IP },
  'fargate-cpu': { type: 'string', default: process.env['BERTH_FARGATE_CPU'] ?? '4096' },
  'fargate-memory': { type: 'string', default: process.env['BERTH_FARGATE_MEMORY'] ?? '8192' },
  'fargate-ip': { type: 'string', default: process.env['BERTH_FARGATE_IP'] ?? DEFAULT_FARGATE_IP },
  'asg-name': { type: 'string', default: '' },
  'asg-min-size': { type: 'string', default: '' },
  'asg-max-size': { type: 'string', default: '' },
  'asg-scale-in-after': { type: 'string', default: '300' },
  'task-endpoints': { type: 'string', default: process.env['BERTH_TASK_ENDPOINTS'] ?? 'on' },
} as const

export async function runUp(argv: string[]): Promise<number> {
  try {
    const opts = parse(argv, UP_OPTIONS)
    if (opts.help) {
      console.log(HELP)
      return 0
    }
    const instances = parseCount('instances', opts.instances)
    const cpu = parseCount('instance-cpu', opts['instance-cpu'])
    const memory = parseCount('instance-memory', opts['instance-memory'])
    const pool = { cpu: parseCount('fargate-cpu', opts['fargate-cpu']), memory: parseCount('fargate-memory', opts['fargate-memory']) }
    const poolIp = parseFirstIp(opts['fargate-ip'], 1, 'fargate-ip')
    const poolOn = pool.cpu > 0 && pool.memory > 0
    const minSize = opts['asg-min-size'] ? parseCount('asg-min-size', opts['asg-min-size']) : instances
    const maxSize = opts['asg-max-size'] ? parseCount('asg-max-size', opts['asg-max-size']) : Math.max(instances, minSize)
    if (minSize > maxSize) throw new UsageError(`--asg-min-size ${minSize} is above --asg-max-size ${maxSize}`)
    const groupName = opts['asg-name'] || `berth-${opts.cluster}`
    const firstIp = parseFirstIp(opts['instance-base-ip'], Math.max(instances, maxSize))
    const endpoints = opts['task-endpoints']
    if (endpoints !== 'on' && endpoints !== 'off') throw new UsageError(`--task-endpoints must be on or off, not '${endpoints}'`)
    const serving = readServing(opts, 'up')
    const { joinToken, partition, scalingPeriodSeconds, access } = serving
    if (instances > 0 || poolOn) {
      const engine = new DockerRuntime()
      try {
        await engine.ping()
      } catch (error) {
        console.error(
          `berth up: ${error instanceof Error ? error.message : String(error)}\n` +
            `berth up: local instances run their tasks on a Docker Engine. On Debian, 'bash scripts/setup-host.sh' installs ` +
            `docker.io and starts dockerd; or run 'berth up --instances 0 --fargate-cpu 0' for the API alone.`,
        )
        return 1
      } finally {
        engine.close()
      }
    }
    // Every local agent's settings: one EFS folder for all (a file system id is the same
    // directory wherever its task runs), the stats cadence of the scaling period, credentials.
    const agentEnv = {
      BERTH_EFS_DIR: resolve(opts['data-dir'], 'efs'),
      ...agentStatsInterval(scalingPeriodSeconds),
      ...agentCredentials(access.keys, opts.region, keysWithPolicies(access)),
    }
    // One listener at 169.254.170.2:80 for every local agent's task endpoints (README: agent),
    // the group's instances as it may grow and the Fargate pool's host alike.
    const endpointHosts = [...Array.from({ length: maxSize }, (_, i) => localInstance(i, opts.region, firstIp).bindIp), ...(poolOn ? [poolIp] : [])]
    const front = endpoints === 'on' && endpointHosts.length > 0 ? await startEndpointFront(endpointHosts, consoleLogger) : undefined
    const taskEndpointPort = front ? LOCAL_AGENT_ENDPOINT_PORT : undefined
    const group = new LocalGroup({
      taskEndpointPort,
      name: groupName,
      initial: instances,
      minSize,
      maxSize,
      region: opts.region,
      clock: systemClock,
      joinToken,
      cluster: opts.cluster,
      dataDir: join(opts['data-dir'], 'agents'),
      cpu,
      memory,
      firstIp,
      env: agentEnv,
      logger: consoleLogger,
    })
    try {
      return await serveUntilSignal(
        {
          ...serving.plane,
          clusters: [opts.cluster],
          autoScalingGroups: { pool: group, scaleInAfterMs: parseCount('asg-scale-in-after', opts['asg-scale-in-after']) * 1000 },
        },
        (endpoint) => [
          `berth up: API at ${endpoint} (region ${opts.region}, ${serving.auth})`,
          `berth up: cluster '${opts.cluster}', ${instances} local instance(s), data in ${opts['data-dir']}`,
          `berth up: Auto Scaling group ${localGroupArn(partition, groupName)} (min ${minSize}, max ${maxSize})`,
          poolOn ? `berth up: Fargate pool of ${pool.cpu} CPU units and ${pool.memory} MiB at ${poolIp}` : 'berth up: no Fargate pool (--fargate-cpu 0)',
        ],
        'berth up: ready',
        (plane) => {
          group.attach(plane.endpoint)
          const fargate = poolOn
            ? startLocalAgents(
                {
                  count: 1,
                  label: 'fargate pool',
                  serverUrl: plane.endpoint,
                  joinToken,
                  cluster: FARGATE_POOL_CLUSTER,
                  dataDir: join(opts['data-dir'], 'fargate'),
                  cpu: pool.cpu,
                  memory: pool.memory,
                  firstIp: poolIp,
                  taskEndpointPort,
                  env: agentEnv,
                  logger: consoleLogger,
                },
                opts.region,
              )
            : undefined
          return {
            ready: waitFor(() => plane.connectedAgents().length >= instances + (poolOn ? 1 : 0)),
            stop: async () => {
              await Promise.all([group.stop(), fargate?.stop()])
            },
          }
        },
      )
    } finally {
      await front?.close()
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`berth up: ${error.message}\n\n${HELP}`)
      return 2
    }
    throw error
  }
}

/** The first instance's address: IPv4, with room after it for every instance. */
function parseFirstIp(value: string, instances: number, option = 'instance-base-ip'): string {
  const parts = value.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) {
    throw new UsageError(`--${option} must be an IPv4 address such as 127.0.0.2, not '${value}'`)
  }
  const last = Number(parts[3]) + Math.max(instances - 1, 0)
  if (Number(parts[3]) === 0 || last > 254) {
    throw new UsageError(`--${option} ${value} leaves no room for ${instances} instance addresses in ${parts.slice(0, 3).join('.')}.1-254`)
  }
  return addressAfter(value, 0)
}

/** Polls without keeping the process alive: after a stop, a condition never met must not hold it. */
async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 100).unref())
}

/**
 * When the API verifies signatures, local agents sign with the first key pair that has no
 * policy (full access), else the first: its policies must then allow ecs:RegisterContainerInstance.
 */
function agentCredentials(keys: ReadonlyMap<string, string>, region: string, withPolicies: ReadonlySet<string>): Record<string, string> {
  const first = [...keys].find(([id]) => !withPolicies.has(id)) ?? [...keys][0]
  return first ? { AWS_ACCESS_KEY_ID: first[0], AWS_SECRET_ACCESS_KEY: first[1], AWS_DEFAULT_REGION: region } : { AWS_DEFAULT_REGION: region }
}

/** The local agents sample as often as the server computes figures, unless BERTH_STATS_INTERVAL_SECONDS says otherwise. */
const agentStatsInterval = (scalingPeriodSeconds: number): Record<string, string> =>
  process.env['BERTH_STATS_INTERVAL_SECONDS'] !== undefined ? {} : { BERTH_STATS_INTERVAL_SECONDS: String(statsIntervalMsFor(scalingPeriodSeconds) / 1000) }
