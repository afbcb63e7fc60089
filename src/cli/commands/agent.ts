import { readFile } from 'node:fs/promises'
import { cpus, networkInterfaces, totalmem } from 'node:os'
import { startAgent } from '../../agent/agent.js'
import { ConfigError, parseConfigFile, resolveAgentConfig, type AgentConfig } from '../../agent/config.js'
import { createHostEngine } from '../../agent/host-engine.js'
import { DockerRuntime } from '../../agent/runtime/docker/index.js'
import { systemClock } from '../../core/clock.js'
import { consoleLogger } from '../../core/log.js'
import { parse, UsageError } from '../options.js'

const HELP = `usage: berth agent [options]

Turns this host into a container instance of a cluster: registers it with the control plane,
runs the tasks placed on it on the Docker Engine (DOCKER_HOST), reports what happens.

Settings come from --config (KEY=value lines, like the ECS agent's /etc/ecs/ecs.config), then
the environment, then these flags:
  --config FILE          a settings file
  --cluster NAME         ECS_CLUSTER (default 'default')
  --server URL           BERTH_SERVER, the control plane (default http://127.0.0.1:7700)
  --join-token T         BERTH_JOIN_TOKEN, the server's join token (required;
                         berth server prints it when it makes one)
  --bind-ip ADDR         BERTH_BIND_IP, where host ports are published (default 127.0.0.1)
  --advertise-ip ADDR    BERTH_ADVERTISE_IP, where the server's load balancers reach those
                         ports (default: the bind address; with 0.0.0.0, the host's first
                         non-loopback IPv4)
  --cpu N                BERTH_CPU, CPU units to register (default 1024 per core)
  --memory N             BERTH_MEMORY, MiB to register (default: the host's)
  --availability-zone Z  BERTH_AVAILABILITY_ZONE (default us-east-1a)
  --data-dir DIR         ECS_DATADIR, what survives a restart (default ./.berth/agent)
  --stats-interval-seconds N
                         BERTH_STATS_INTERVAL_SECONDS, how often container CPU and memory
                         are sampled for CloudWatch's AWS/ECS metrics (default 5; 0: never)

Also read: ECS_INSTANCE_ATTRIBUTES, ECS_RESERVED_PORTS, ECS_RESERVED_PORTS_UDP,
ECS_RESERVED_MEMORY, ECS_CONTAINER_STOP_TIMEOUT, ECS_IMAGE_PULL_BEHAVIOR,
BERTH_ALLOW_PRIVILEGED, BERTH_INSTANCE_TYPE, BERTH_TASK_CLEANUP_SECONDS,
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (to sign API calls).

What tasks may reach on this host (all open unless set; a task asking for more stops with
a stoppedReason naming the setting):
  BERTH_ALLOWED_HOST_PATHS=/srv/data,...  host volumes and devices only under these
  BERTH_DISABLE_DOCKER_SOCKET=true        no mount of the Docker socket or a directory above it
  BERTH_DISABLE_HOST_NETWORK=true         no networkMode host
  BERTH_ALLOWED_CAPABILITIES=NET_ADMIN,.. only these in linuxParameters.capabilities.add
                                          (empty: none)`

const AGENT_OPTIONS = {
  config: { type: 'string' },
  cluster: { type: 'string' },
  server: { type: 'string' },
  'join-token': { type: 'string' },
  'bind-ip': { type: 'string' },
  'advertise-ip': { type: 'string' },
  cpu: { type: 'string' },
  memory: { type: 'string' },
  'availability-zone': { type: 'string' },
  'data-dir': { type: 'string' },
  'stats-interval-seconds': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

export async function runAgent(argv: string[]): Promise<number> {
  let config: AgentConfig
  try {
    const opts = parse(argv, AGENT_OPTIONS)
    if (opts.help) {
      console.log(HELP)
      return 0
    }
    const file = opts.config ? parseConfigFile(await readFile(opts.config, 'utf8')) : {}
    // `berth agent` serves the task endpoints where ECS does unless told otherwise (README: agent).
    config = resolveAgentConfig({ cpus: cpus().length, memoryMiB: Math.floor(totalmem() / 2 ** 20), primaryIpv4: primaryIpv4() }, { BERTH_TASK_ENDPOINT: '169.254.170.2:80' }, file, process.env, {
      ECS_CLUSTER: opts.cluster,
      BERTH_SERVER: opts.server,
      BERTH_JOIN_TOKEN: opts['join-token'],
      BERTH_BIND_IP: opts['bind-ip'],
      BERTH_ADVERTISE_IP: opts['advertise-ip'],
      BERTH_CPU: opts.cpu,
      BERTH_MEMORY: opts.memory,
      BERTH_AVAILABILITY_ZONE: opts['availability-zone'],
      ECS_DATADIR: opts['data-dir'],
      BERTH_STATS_INTERVAL_SECONDS: opts['stats-interval-seconds'],
    })
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      console.error(`berth agent: ${error.message}\n\n${HELP}`)
      return 2
    }
    throw error
  }
  const logger = consoleLogger
  const runtime = new DockerRuntime()
  await runtime.ping()
  const agent = await startAgent(config, {
    runtime,
    clock: systemClock,
    logger,
    createEngine: (containerInstanceArn, extras) => createHostEngine(config, { runtime, clock: systemClock, logger }, containerInstanceArn, extras),
  })
  const outcome = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
    void agent.forgotten.then(() => resolve('forgotten'))
  })
  logger.info('agent stopping', { because: outcome })
  await agent.stop()
  runtime.close()
  return outcome === 'forgotten' ? 1 : 0
}

/** The host's first non-internal IPv4 address: where a load balancer elsewhere reaches ports published on 0.0.0.0. */
function primaryIpv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address
  }
  return undefined
}
