import type { ContainerSpec, DeviceSpec, HealthCheckSpec, MountSpec, PortBinding, TmpfsSpec } from '../spec.js'

const MiB = 1024 * 1024
const NS_PER_MS = 1_000_000

/**
 * The body of `POST /containers/create` for a spec (pure). Field by field as the ECS agent
 * maps a container definition onto Docker's `Config` and `HostConfig`.
 */
export function toCreateBody(spec: ContainerSpec): Record<string, unknown> {
  const config: Record<string, unknown> = {
    Image: spec.image,
    Labels: { ...spec.labels },
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    Cmd: spec.cmd ? [...spec.cmd] : undefined,
    Entrypoint: spec.entrypoint ? [...spec.entrypoint] : undefined,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Hostname: spec.hostname,
    ExposedPorts: spec.ports?.length ? Object.fromEntries(spec.ports.map((p) => [portKey(p), {}])) : undefined,
    Healthcheck: spec.healthCheck ? toHealthcheck(spec.healthCheck) : undefined,
    StopTimeout: spec.stopTimeoutSeconds,
    StopSignal: spec.stopSignal,
    NetworkDisabled: spec.disableNetworking,
    OpenStdin: spec.interactive,
    Tty: spec.pseudoTerminal,
    HostConfig: toHostConfig(spec),
  }
  return dropUndefined(config)
}

function toHostConfig(spec: ContainerSpec): Record<string, unknown> {
  const memory = spec.memoryMiB !== undefined ? spec.memoryMiB * MiB : undefined
  return dropUndefined({
    CpuShares: spec.cpuShares,
    Memory: memory,
    MemoryReservation: spec.memoryReservationMiB !== undefined ? spec.memoryReservationMiB * MiB : undefined,
    // ECS gives a container no swap unless maxSwap says so (MemorySwap counts memory + swap).
    MemorySwap: memory !== undefined ? memory + (spec.maxSwapMiB ?? 0) * MiB : undefined,
    MemorySwappiness: spec.swappiness,
    PortBindings: spec.ports?.length ? toPortBindings(spec.ports) : undefined,
    Binds: spec.mounts?.length ? spec.mounts.map(toBind) : undefined,
    VolumesFrom: spec.volumesFrom?.map((v) => `${v.container}:${v.readOnly ? 'ro' : 'rw'}`),
    Links: spec.links?.map((l) => (l.alias ? `${l.container}:${l.alias}` : l.container)),
    NetworkMode: spec.networkMode,
    ExtraHosts: spec.extraHosts?.map((h) => `${h.hostname}:${h.ipAddress}`),
    Dns: spec.dnsServers ? [...spec.dnsServers] : undefined,
    DnsSearch: spec.dnsSearchDomains ? [...spec.dnsSearchDomains] : undefined,
    Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    Privileged: spec.privileged,
    ReadonlyRootfs: spec.readonlyRootfs,
    CapAdd: spec.capAdd ? [...spec.capAdd] : undefined,
    CapDrop: spec.capDrop ? [...spec.capDrop] : undefined,
    Devices: spec.devices?.map(toDevice),
    Init: spec.init,
    ShmSize: spec.sharedMemoryMiB !== undefined ? spec.sharedMemoryMiB * MiB : undefined,
    Tmpfs: spec.tmpfs?.length ? Object.fromEntries(spec.tmpfs.map(toTmpfs)) : undefined,
    Sysctls: spec.sysctls ? { ...spec.sysctls } : undefined,
    SecurityOpt: spec.securityOpt ? [...spec.securityOpt] : undefined,
    PidMode: spec.pidMode,
    IpcMode: spec.ipcMode,
    LogConfig: spec.logging ? { Type: spec.logging.driver, Config: { ...spec.logging.options } } : undefined,
  })
}

/** Docker keys ports as `5000/tcp`. */
export const portKey = (p: { containerPort: number; protocol: string }): string => `${p.containerPort}/${p.protocol}`

function toPortBindings(ports: readonly PortBinding[]): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {}
  for (const p of ports) {
    // An empty HostPort asks the engine for a free port from the ephemeral range.
    const binding = { HostIp: p.hostIp ?? '', HostPort: p.hostPort === 0 ? '' : String(p.hostPort) }
    ;(out[portKey(p)] ??= []).push(binding)
  }
  return out
}

function toBind(m: MountSpec): string {
  return `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`
}

function toHealthcheck(h: HealthCheckSpec): Record<string, unknown> {
  return dropUndefined({
    Test: [...h.test],
    Interval: h.intervalMs !== undefined ? h.intervalMs * NS_PER_MS : undefined,
    Timeout: h.timeoutMs !== undefined ? h.timeoutMs * NS_PER_MS : undefined,
    StartPeriod: h.startPeriodMs !== undefined ? h.startPeriodMs * NS_PER_MS : undefined,
    Retries: h.retries,
  })
}

function toDevice(d: DeviceSpec): Record<string, string> {
  const perms = d.permissions ?? ['read', 'write', 'mknod']
  const cgroup = (perms.includes('read') ? 'r' : '') + (perms.includes('write') ? 'w' : '') + (perms.includes('mknod') ? 'm' : '')
  return { PathOnHost: d.hostPath, PathInContainer: d.containerPath ?? d.hostPath, CgroupPermissions: cgroup }
}

function toTmpfs(t: TmpfsSpec): [string, string] {
  return [t.containerPath, [`size=${t.sizeMiB}m`, ...(t.mountOptions ?? [])].join(',')]
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))
}
