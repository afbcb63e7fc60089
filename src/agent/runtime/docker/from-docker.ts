import type {
  ActualPortBinding,
  ContainerObservation,
  ContainerState,
  ContainerStats,
  ContainerSummary,
  HealthStatus,
  RuntimeEvent,
  RuntimeEventType,
  VolumeSummary,
} from '../observation.js'
import { CONTAINER_STATES, RUNTIME_EVENT_TYPES } from '../observation.js'
import { signalName } from '../signals.js'
import { asArray, asNumber, asObject, asString, asStringRecord, asTime } from './json.js'

const MiB = 1024 * 1024

/** `GET /containers/{id}/json` → an observation (pure). */
export function toObservation(raw: unknown): ContainerObservation {
  const o = asObject(raw)
  const config = asObject(o['Config'])
  const state = asObject(o['State'])
  const host = asObject(o['HostConfig'])
  const net = asObject(o['NetworkSettings'])
  const status = toState(state['Status'])
  const exitCode = asNumber(state['ExitCode'])
  const health = asObject(state['Health'])
  const healthStatus = toHealth(health['Status'])
  const lastLog = asObject(asArray(health['Log']).at(-1))
  const memory = asNumber(host['Memory'])
  const reservation = asNumber(host['MemoryReservation'])
  const shares = asNumber(host['CpuShares'])
  const pid = asNumber(state['Pid'])
  const error = asString(state['Error'])
  const lastOutput = asString(lastLog['Output'])
  const startedAt = asTime(state['StartedAt'])
  const finishedAt = asTime(state['FinishedAt'])
  const { ip, mac } = addressOf(net)
  const networkMode = asString(host['NetworkMode']) ?? 'default'
  return {
    id: asString(o['Id']) ?? '',
    name: (asString(o['Name']) ?? '').replace(/^\//, ''),
    image: asString(config['Image']) ?? '',
    imageId: asString(o['Image']) ?? '',
    labels: asStringRecord(config['Labels']),
    state: status,
    ...(exitCode !== undefined && (status === 'exited' || status === 'dead') ? { exitCode } : {}),
    oomKilled: state['OOMKilled'] === true,
    ...(error ? { error } : {}),
    createdAt: asTime(o['Created']) ?? 0,
    ...(startedAt !== undefined ? { startedAt } : {}),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    ...(healthStatus
      ? { health: { status: healthStatus, failingStreak: asNumber(health['FailingStreak']) ?? 0, ...(lastOutput !== undefined ? { lastOutput } : {}) } }
      : {}),
    ports: toPorts(net['Ports']),
    resources: {
      ...(memory ? { memoryMiB: memory / MiB } : {}),
      ...(reservation ? { memoryReservationMiB: reservation / MiB } : {}),
      ...(shares ? { cpuShares: shares } : {}),
    },
    // The engine says `default` for the default bridge network.
    networkMode: networkMode === 'default' ? 'bridge' : networkMode,
    ...(ip ? { ipAddress: ip } : {}),
    ...(ip && mac ? { macAddress: mac.toLowerCase() } : {}),
    ...(pid ? { pid } : {}),
  }
}

/**
 * The address on the container's network: `NetworkSettings.Networks.<name>` (the default
 * bridge's, else the first that has one), else the top-level `IPAddress`/`MacAddress` that
 * engines before API 1.44 also fill in. Empty strings (a stopped container) count as none.
 */
function addressOf(net: Record<string, unknown>): { ip?: string | undefined; mac?: string | undefined } {
  const networks = asObject(net['Networks'])
  const entries = [networks['bridge'], ...Object.values(networks)].map(asObject)
  const found = entries.find((n) => asString(n['IPAddress']))
  if (found) return { ip: asString(found['IPAddress']), mac: asString(found['MacAddress']) || undefined }
  return { ip: asString(net['IPAddress']) || undefined, mac: asString(net['MacAddress']) || undefined }
}

/** `NetworkSettings.Ports`: `{"5000/tcp": [{"HostIp": "127.0.0.2", "HostPort": "32768"}] | null}`. */
function toPorts(raw: unknown): ActualPortBinding[] {
  const out: ActualPortBinding[] = []
  for (const [key, bindings] of Object.entries(asObject(raw))) {
    const [port, proto] = key.split('/')
    const protocol = proto === 'udp' ? 'udp' : 'tcp'
    for (const b of asArray(bindings)) {
      const hostPort = Number(asString(asObject(b)['HostPort']))
      if (!hostPort) continue
      out.push({ containerPort: Number(port), protocol, hostIp: asString(asObject(b)['HostIp']) ?? '', hostPort })
    }
  }
  return out.sort((a, b) => a.containerPort - b.containerPort || a.hostIp.localeCompare(b.hostIp))
}

/** A state this code does not know (a newer engine's) reads as `dead`: not running, not coming back. */
function toState(v: unknown): ContainerState {
  const s = asString(v)
  return (CONTAINER_STATES as readonly string[]).includes(s ?? '') ? (s as ContainerState) : 'dead'
}

function toHealth(v: unknown): HealthStatus | undefined {
  const s = asString(v)
  return s === 'starting' || s === 'healthy' || s === 'unhealthy' ? s : undefined
}

/** One row of `GET /containers/json`. */
export function toSummary(raw: unknown): ContainerSummary {
  const o = asObject(raw)
  return {
    id: asString(o['Id']) ?? '',
    name: (asString(asArray(o['Names'])[0]) ?? '').replace(/^\//, ''),
    image: asString(o['Image']) ?? '',
    labels: asStringRecord(o['Labels']),
    state: toState(o['State']),
    createdAt: (asNumber(o['Created']) ?? 0) * 1000,
  }
}

/**
 * One line of `GET /events` → an event, or undefined for what the agent does not track
 * (exec_*, attach, resize, ...). Health arrives as the action `health_status: healthy`.
 */
export function toRuntimeEvent(raw: unknown): RuntimeEvent | undefined {
  const o = asObject(raw)
  if (asString(o['Type']) !== 'container') return undefined
  const action = asString(o['Action']) ?? ''
  const [verb, rest] = action.split(': ', 2)
  if (!(RUNTIME_EVENT_TYPES as readonly string[]).includes(verb ?? '')) return undefined
  const actor = asObject(o['Actor'])
  const attrs = asStringRecord(actor['Attributes'])
  const nanos = asNumber(o['timeNano'])
  const event: RuntimeEvent = {
    type: verb as RuntimeEventType,
    id: asString(actor['ID']) ?? asString(o['id']) ?? '',
    time: nanos !== undefined ? Math.floor(nanos / 1e6) : (asNumber(o['time']) ?? 0) * 1000,
  }
  if (attrs['name']) event.name = attrs['name']
  if (event.type === 'die' && attrs['exitCode'] !== undefined) event.exitCode = Number(attrs['exitCode'])
  if (event.type === 'kill' && attrs['signal']) event.signal = signalName(attrs['signal'])
  if (event.type === 'health_status') {
    const health = toHealth(rest?.trim())
    if (!health) return undefined
    event.health = health
  }
  return event
}

/** `GET /containers/{id}/stats?stream=false&one-shot=true`; cgroup v1 and v2 alike. */
export function toStats(raw: unknown): ContainerStats {
  const o = asObject(raw)
  const cpu = asObject(o['cpu_stats'])
  const usage = asObject(cpu['cpu_usage'])
  const mem = asObject(o['memory_stats'])
  const memStats = asObject(mem['stats'])
  const inactive = asNumber(memStats['total_inactive_file']) ?? asNumber(memStats['inactive_file']) ?? 0
  const used = asNumber(mem['usage']) ?? 0
  let rx = 0
  let tx = 0
  for (const n of Object.values(asObject(o['networks']))) {
    rx += asNumber(asObject(n)['rx_bytes']) ?? 0
    tx += asNumber(asObject(n)['tx_bytes']) ?? 0
  }
  let read = 0
  let write = 0
  for (const e of asArray(asObject(o['blkio_stats'])['io_service_bytes_recursive'])) {
    const op = asString(asObject(e)['op'])?.toLowerCase()
    const value = asNumber(asObject(e)['value']) ?? 0
    if (op === 'read') read += value
    if (op === 'write') write += value
  }
  return {
    time: asTime(o['read']) ?? 0,
    cpuTotalNs: asNumber(usage['total_usage']) ?? 0,
    systemCpuNs: asNumber(cpu['system_cpu_usage']) ?? 0,
    onlineCpus: asNumber(cpu['online_cpus']) ?? asArray(usage['percpu_usage']).length,
    memoryUsedBytes: Math.max(0, used - (used > inactive ? inactive : 0)),
    memoryLimitBytes: asNumber(mem['limit']) ?? 0,
    networkRxBytes: rx,
    networkTxBytes: tx,
    blockReadBytes: read,
    blockWriteBytes: write,
  }
}

export function toVolumeSummary(raw: unknown): VolumeSummary {
  const o = asObject(raw)
  return { name: asString(o['Name']) ?? '', driver: asString(o['Driver']) ?? '', labels: asStringRecord(o['Labels']) }
}
