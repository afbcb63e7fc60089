import { posix } from 'node:path'
import { DEFAULT_DOCKER_SOCKETS, normalizeCapability, type HostAccessLimits } from './engine/host-access.js'

/**
 * The agent's configuration, in the ECS agent's style: `KEY=value` settings from a config file
 * (like /etc/ecs/ecs.config), overridden by the environment, overridden by flags. Keys the ECS
 * agent knows keep its names (ECS_CLUSTER, ECS_INSTANCE_ATTRIBUTES, ECS_RESERVED_PORTS, ...);
 * Berth's own start with BERTH_.
 */
export interface AgentConfig {
  cluster: string
  /** The control plane's URL, e.g. http://127.0.0.1:7700. */
  serverUrl: string
  joinToken: string | undefined
  /** Where host ports are published and networkBindings[].bindIP points. */
  bindIp: string
  /**
   * The address the control plane and its load balancer reach this host's published ports at:
   * the instance identity document's `privateIp`, as an EC2 instance's. BERTH_ADVERTISE_IP;
   * else the bind address, unless that is 0.0.0.0 (then the host's first non-loopback IPv4).
   */
  advertiseIp: string
  /** CPU units to register (1024 per core). */
  cpu: number
  /** MiB to register. */
  memory: number
  availabilityZone: string
  instanceType: string
  /** Custom attributes (ECS_INSTANCE_ATTRIBUTES, a JSON object). */
  attributes: Record<string, string>
  reservedPorts: number[]
  reservedUdpPorts: number[]
  allowPrivileged: boolean
  /** What else tasks may not reach on this host (engine/host-access.ts): all open unless set. */
  hostAccess: HostAccessLimits
  /** Seconds between SIGTERM and SIGKILL when a container definition gives no stopTimeout. */
  containerStopTimeout: number
  pullBehavior: 'default' | 'always' | 'once' | 'prefer-cached'
  /** Where the agent keeps what must survive its restart (its instance ARN, log cursors). */
  dataDir: string
  /** Seconds between heartbeats on the channel. */
  heartbeatSeconds: number
  /** How long a stopped task's containers stay before they are removed. */
  taskCleanupSeconds: number
  /** Seconds between container stats samples shipped to the server (0: none). */
  statsIntervalSeconds: number
  /** Region for SigV4 signatures. */
  region: string
  /**
   * EFS volumes (engine/efs-volume.ts). `dir` (BERTH_EFS_DIR): file system `fs-x` is the folder
   * `<dir>/fs-x`, shared by every instance that names the same folder (berth up gives its
   * agents one). `exports` (BERTH_EFS_EXPORTS, JSON `{"fs-x": "10.0.0.5:/exports/x"}`): an NFS
   * export per file system id, mounted through Docker's local driver; it wins over `dir`.
   * Neither: the instance does not advertise ecs.capability.efs.
   */
  efs: { dir: string | undefined; exports: Record<string, string> }
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY: the agent signs its API calls with them. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined
  /**
   * Where the agent serves its tasks' metadata and credentials endpoints (agent/endpoints),
   * BERTH_TASK_ENDPOINT=HOST:PORT or `off`. `berth agent` defaults it to 169.254.170.2:80, as
   * ECS (the address is added to the host); `berth up` gives each local agent its own address
   * behind one shared listener there. Off (the default of agents embedded in tests): containers
   * get no endpoint variables, and a task with a role cannot start.
   */
  taskEndpoint: { host: string; port: number } | undefined
}

/** What the agent's host has, read by the caller (os.cpus(), os.totalmem(), os.networkInterfaces()). */
export interface HostResources {
  cpus: number
  memoryMiB: number
  /** The host's first non-loopback IPv4 address, if it has one. */
  primaryIpv4?: string | undefined
}

export type Settings = Readonly<Record<string, string | undefined>>

export class ConfigError extends Error {}

/** Parses `KEY=value` lines; `#` comments and blank lines are skipped; values may be quoted. */
export function parseConfigFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0) throw new ConfigError(`line ${i + 1}: expected KEY=value, got '${line}'`)
    out[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1).trim())
  }
  return out
}

const unquote = (v: string) => (/^(["']).*\1$/.test(v) ? v.slice(1, -1) : v)

/** Resolves settings (file, then env, then flags, later wins) into a checked AgentConfig. */
export function resolveAgentConfig(host: HostResources, ...layers: Settings[]): AgentConfig {
  const s: Record<string, string> = {}
  for (const layer of layers) for (const [k, v] of Object.entries(layer)) if (v !== undefined) s[k] = v
  const get = (key: string) => s[key]
  const bindIp = ipv4('BERTH_BIND_IP', get('BERTH_BIND_IP') ?? '127.0.0.1')
  const advertised = get('BERTH_ADVERTISE_IP')
  return {
    cluster: get('ECS_CLUSTER') || 'default',
    serverUrl: url(get('BERTH_SERVER') ?? 'http://127.0.0.1:7700'),
    joinToken: get('BERTH_JOIN_TOKEN') || undefined,
    bindIp,
    advertiseIp: advertised ? ipv4('BERTH_ADVERTISE_IP', advertised) : bindIp !== '0.0.0.0' ? bindIp : (host.primaryIpv4 ?? '127.0.0.1'),
    cpu: whole('BERTH_CPU', get('BERTH_CPU'), host.cpus * 1024),
    memory: whole('BERTH_MEMORY', get('BERTH_MEMORY'), host.memoryMiB - whole('ECS_RESERVED_MEMORY', get('ECS_RESERVED_MEMORY'), 0)),
    availabilityZone: get('BERTH_AVAILABILITY_ZONE') || 'us-east-1a',
    instanceType: get('BERTH_INSTANCE_TYPE') || 'berth.local',
    attributes: stringMap('ECS_INSTANCE_ATTRIBUTES', get('ECS_INSTANCE_ATTRIBUTES')),
    reservedPorts: ports('ECS_RESERVED_PORTS', get('ECS_RESERVED_PORTS') ?? '[22, 2375, 2376, 51678, 51679]'),
    reservedUdpPorts: ports('ECS_RESERVED_PORTS_UDP', get('ECS_RESERVED_PORTS_UDP') ?? '[]'),
    allowPrivileged: bool('BERTH_ALLOW_PRIVILEGED', get('BERTH_ALLOW_PRIVILEGED') ?? (get('ECS_DISABLE_PRIVILEGED') === 'false' ? 'true' : 'false')),
    hostAccess: hostAccess(get),
    containerStopTimeout: seconds('ECS_CONTAINER_STOP_TIMEOUT', get('ECS_CONTAINER_STOP_TIMEOUT') ?? '30s'),
    pullBehavior: pullBehavior(get('ECS_IMAGE_PULL_BEHAVIOR') ?? 'default'),
    dataDir: get('ECS_DATADIR') || './.berth/agent',
    heartbeatSeconds: whole('BERTH_HEARTBEAT_SECONDS', get('BERTH_HEARTBEAT_SECONDS'), 10),
    taskCleanupSeconds: whole('BERTH_TASK_CLEANUP_SECONDS', get('BERTH_TASK_CLEANUP_SECONDS'), 60),
    statsIntervalSeconds: whole('BERTH_STATS_INTERVAL_SECONDS', get('BERTH_STATS_INTERVAL_SECONDS'), 5),
    region: get('AWS_REGION') || get('AWS_DEFAULT_REGION') || 'us-east-1',
    credentials: credentials(get('AWS_ACCESS_KEY_ID'), get('AWS_SECRET_ACCESS_KEY')),
    efs: { dir: absolute('BERTH_EFS_DIR', get('BERTH_EFS_DIR')), exports: nfsExports(get('BERTH_EFS_EXPORTS')) },
    taskEndpoint: taskEndpoint(get('BERTH_TASK_ENDPOINT') ?? 'off'),
  }
}

/** BERTH_TASK_ENDPOINT: `off`, or HOST:PORT (an IPv4 address and a port). */
function taskEndpoint(v: string): { host: string; port: number } | undefined {
  if (v === 'off' || v === '') return undefined
  const m = /^([\d.]+):(\d{1,5})$/.exec(v)
  const port = m ? Number(m[2]) : NaN
  if (!m || port < 1 || port > 65535) throw new ConfigError(`BERTH_TASK_ENDPOINT must be HOST:PORT (e.g. 169.254.170.2:80) or off, not '${v}'`)
  return { host: ipv4('BERTH_TASK_ENDPOINT', m[1] as string), port }
}

function url(v: string): string {
  try {
    const u = new URL(v)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error()
    return v.replace(/\/+$/, '')
  } catch {
    throw new ConfigError(`BERTH_SERVER must be an http(s) URL, not '${v}'`)
  }
}

function ipv4(key: string, v: string): string {
  if (!/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v) || v.split('.').some((p) => Number(p) > 255)) {
    throw new ConfigError(`${key} must be an IPv4 address, not '${v}'`)
  }
  return v
}

function whole(key: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${key} must be a whole number, not '${v}'`)
  return n
}

/** BERTH_ALLOWED_HOST_PATHS, BERTH_DISABLE_DOCKER_SOCKET, BERTH_DISABLE_HOST_NETWORK, BERTH_ALLOWED_CAPABILITIES. */
function hostAccess(get: (key: string) => string | undefined): HostAccessLimits {
  const list = (key: string) => {
    const v = get(key)
    // Unset: no limit. Set, even to nothing: only what it lists (nothing at all when empty).
    return v === undefined ? undefined : v.split(',').map((x) => x.trim()).filter((x) => x !== '')
  }
  const paths = list('BERTH_ALLOWED_HOST_PATHS')
  const notAbsolute = paths?.find((p) => !p.startsWith('/'))
  if (notAbsolute !== undefined) throw new ConfigError(`BERTH_ALLOWED_HOST_PATHS must list absolute paths, not '${notAbsolute}'`)
  const dockerHost = get('DOCKER_HOST')
  return {
    allowedHostPaths: paths?.map((p) => (p === '/' ? p : posix.normalize(p).replace(/\/+$/, ''))),
    denyDockerSocket: bool('BERTH_DISABLE_DOCKER_SOCKET', get('BERTH_DISABLE_DOCKER_SOCKET') || 'false'),
    dockerSocketPaths: [...DEFAULT_DOCKER_SOCKETS, ...(dockerHost?.startsWith('unix://') ? [posix.normalize(dockerHost.slice('unix://'.length))] : [])],
    denyHostNetwork: bool('BERTH_DISABLE_HOST_NETWORK', get('BERTH_DISABLE_HOST_NETWORK') || 'false'),
    allowedCapabilities: list('BERTH_ALLOWED_CAPABILITIES')?.map(normalizeCapability),
  }
}

function bool(key: string, v: string): boolean {
  if (v === 'true') return true
  if (v === 'false') return false
  throw new ConfigError(`${key} must be true or false, not '${v}'`)
}

/** ECS agent durations: `30s`, `1m`, `500ms`, or plain seconds. */
function seconds(key: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(v)
  if (!m) throw new ConfigError(`${key} must be a duration like 30s, not '${v}'`)
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']
  return Number(m[1]) * factor
}

function ports(key: string, v: string): number[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(v)
  } catch {
    throw new ConfigError(`${key} must be a JSON list of ports, e.g. [22, 2375], not '${v}'`)
  }
  if (!Array.isArray(parsed) || !parsed.every((p) => Number.isInteger(p) && p > 0 && p <= 65535)) {
    throw new ConfigError(`${key} must be a JSON list of port numbers, not '${v}'`)
  }
  return parsed as number[]
}

function stringMap(key: string, v: string | undefined): Record<string, string> {
  if (!v) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(v)
  } catch {
    throw new ConfigError(`${key} must be a JSON object of strings, e.g. {"stack": "prod"}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((x) => typeof x === 'string')) {
    throw new ConfigError(`${key} must be a JSON object of strings, e.g. {"stack": "prod"}`)
  }
  return parsed as Record<string, string>
}

function pullBehavior(v: string): AgentConfig['pullBehavior'] {
  if (v === 'default' || v === 'always' || v === 'once' || v === 'prefer-cached') return v
  throw new ConfigError(`ECS_IMAGE_PULL_BEHAVIOR must be default, always, once or prefer-cached, not '${v}'`)
}

function credentials(accessKeyId: string | undefined, secretAccessKey: string | undefined): AgentConfig['credentials'] {
  if (!accessKeyId && !secretAccessKey) return undefined
  if (!accessKeyId || !secretAccessKey) throw new ConfigError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY go together')
  return { accessKeyId, secretAccessKey }
}

function absolute(key: string, v: string | undefined): string | undefined {
  if (!v) return undefined
  if (!v.startsWith('/')) throw new ConfigError(`${key} must be an absolute path, not '${v}'`)
  return posix.normalize(v)
}

/** BERTH_EFS_EXPORTS: file system id → `host:/path` of its NFS export. */
function nfsExports(v: string | undefined): Record<string, string> {
  const map = stringMap('BERTH_EFS_EXPORTS', v)
  for (const [id, target] of Object.entries(map)) {
    if (!/^fs-[0-9a-f]{8,40}$/.test(id)) throw new ConfigError(`BERTH_EFS_EXPORTS: '${id}' is not an EFS file system id (fs-0123456789abcdef0)`)
    if (!/^[^:/\s]+:\/\S*$/.test(target)) throw new ConfigError(`BERTH_EFS_EXPORTS: ${id} must map to an NFS export host:/path, not '${target}'`)
  }
  return map
}
