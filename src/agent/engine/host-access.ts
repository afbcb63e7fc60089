import { posix } from 'node:path'
import type { TaskDefinition } from '../../core/aws-model/ecs.types.js'

/**
 * What an operator may keep task definitions from reaching on this host, beside privileged
 * mode (BERTH_ALLOW_PRIVILEGED / ECS_DISABLE_PRIVILEGED). Each is off unless set, as on ECS,
 * whose agent limits none of these: a task definition author can otherwise mount any host
 * path, the Docker socket (root on the host), share the host's network, or add capabilities.
 *
 * | setting                        | refuses                                                          |
 * |--------------------------------|------------------------------------------------------------------|
 * | BERTH_ALLOWED_HOST_PATHS=a,b   | host paths outside a and b: host volumes, local-driver bind volumes, devices |
 * | BERTH_DISABLE_DOCKER_SOCKET    | any host path that is the Docker socket or a directory above it   |
 * | BERTH_DISABLE_HOST_NETWORK     | networkMode host                                                  |
 * | BERTH_ALLOWED_CAPABILITIES=a,b | linuxParameters.capabilities.add other than a and b               |
 *
 * The agent refuses such a task when it plans it: it stops with a stoppedReason naming the
 * setting (CannotCreateContainerError, as a container the agent cannot create). ECS has no
 * instance attribute for any of these, and a path allow-list is no attribute a placement
 * constraint could compare; the agent is also the last line, whatever the server believes.
 */
export interface HostAccessLimits {
  /** Normalised absolute paths; undefined: any host path. */
  allowedHostPaths?: readonly string[] | undefined
  denyDockerSocket?: boolean | undefined
  /** Where the engine's socket is on this host: the usual two and DOCKER_HOST's. */
  dockerSocketPaths?: readonly string[] | undefined
  denyHostNetwork?: boolean | undefined
  /** Upper case, without CAP_; undefined: any capability. */
  allowedCapabilities?: readonly string[] | undefined
  /**
   * Resolves symbolic links in a host path (the agent: realpath of the part that exists), so a
   * link inside an allowed directory cannot lead outside it. Identity when absent.
   */
  resolvePath?: ((path: string) => string) | undefined
}

export const DEFAULT_DOCKER_SOCKETS = ['/var/run/docker.sock', '/run/docker.sock']

/** `CAP_sys_admin` → `SYS_ADMIN`: ECS and Docker accept both spellings. */
export const normalizeCapability = (c: string): string => c.toUpperCase().replace(/^CAP_/, '')

/** Why this task may not run here, or undefined when nothing it asks of the host is limited. */
export function hostAccessRefusal(td: TaskDefinition, limits: HostAccessLimits): string | undefined {
  if (limits.denyHostNetwork && td.networkMode === 'host') {
    return 'the task uses the host network, which this container instance does not allow (BERTH_DISABLE_HOST_NETWORK=true)'
  }
  for (const v of td.volumes ?? []) {
    // A host volume, or a Docker volume the local driver binds to a host path (`o: bind`, `device`).
    const opts = v.dockerVolumeConfiguration?.driverOpts
    const source = v.host?.sourcePath ?? (opts?.['device'] !== undefined && /\bbind\b/.test(opts['o'] ?? '') ? opts['device'] : undefined)
    if (source) {
      const why = hostPathRefusal(source, limits)
      if (why) return `volume '${v.name}' mounts the host path ${source}, ${why}`
    }
  }
  for (const c of td.containerDefinitions ?? []) {
    for (const d of c.linuxParameters?.devices ?? []) {
      const why = d.hostPath ? hostPathRefusal(d.hostPath, limits) : undefined
      if (why) return `container '${c.name}' maps the host device ${d.hostPath}, ${why}`
    }
    const allowed = limits.allowedCapabilities
    const added = (c.linuxParameters?.capabilities?.add ?? []).map(normalizeCapability)
    const extra = allowed ? added.find((cap) => !allowed.includes(cap)) : undefined
    if (extra) {
      return `container '${c.name}' adds the capability ${extra}, which this container instance does not allow (BERTH_ALLOWED_CAPABILITIES=${allowed?.join(',')})`
    }
  }
  return undefined
}

function hostPathRefusal(source: string, limits: HostAccessLimits): string | undefined {
  if (!limits.allowedHostPaths && !limits.denyDockerSocket) return undefined
  if (!source.startsWith('/')) return 'which is not an absolute path'
  const written = posix.normalize(source)
  // Both as written and with links resolved: either one reaching too far is too far.
  const paths = [...new Set([written, posix.normalize(limits.resolvePath?.(written) ?? written)])]
  if (limits.denyDockerSocket) {
    const sockets = limits.dockerSocketPaths ?? DEFAULT_DOCKER_SOCKETS
    if (paths.some((p) => sockets.some((s) => within(s, p)))) {
      return 'which exposes the Docker socket, and this container instance keeps it from tasks (BERTH_DISABLE_DOCKER_SOCKET=true)'
    }
  }
  const allowed = limits.allowedHostPaths
  if (allowed && !paths.every((p) => allowed.some((a) => within(p, a)))) {
    return `outside the host paths this container instance allows (BERTH_ALLOWED_HOST_PATHS=${allowed.join(',')})`
  }
  return undefined
}

/** Is `path` `dir` itself or inside it? (`/srv/data/` and `/srv/data` are one directory.) */
function within(path: string, dir: string): boolean {
  const d = dir.length > 1 ? dir.replace(/\/+$/, '') : dir
  return path === d || path.startsWith(d === '/' ? '/' : `${d}/`)
}
