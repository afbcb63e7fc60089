import { readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where the Docker Engine API answers, as DOCKER_HOST names it. */
export type EngineEndpoint =
  | { kind: 'unix'; socketPath: string; url: string }
  | { kind: 'tcp'; host: string; port: number; tls?: EngineTls; url: string }

export interface EngineTls {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
}

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock'

/**
 * Reads DOCKER_HOST as the docker CLI does: `unix:///path` or `tcp://host[:port]`, the
 * default socket when unset. With DOCKER_TLS_VERIFY set, tcp uses TLS and verifies the
 * engine against `ca.pem`, presenting `cert.pem`/`key.pem` from DOCKER_CERT_PATH
 * (`~/.docker` when unset). `ssh://` and `npipe://` are not supported.
 */
export function resolveEngineEndpoint(env: Readonly<Record<string, string | undefined>> = process.env): EngineEndpoint {
  const raw = env['DOCKER_HOST']?.trim() || DEFAULT_DOCKER_HOST
  if (raw.startsWith('unix://')) {
    const socketPath = raw.slice('unix://'.length)
    if (!socketPath) throw new Error(`DOCKER_HOST=${raw}: no socket path`)
    return { kind: 'unix', socketPath, url: raw }
  }
  if (raw.startsWith('/')) return { kind: 'unix', socketPath: raw, url: `unix://${raw}` }
  if (raw.startsWith('tcp://')) {
    const tlsWanted = Boolean(env['DOCKER_TLS_VERIFY'])
    const u = new URL(`http://${raw.slice('tcp://'.length)}`)
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1')
    const port = u.port ? Number(u.port) : tlsWanted ? 2376 : 2375
    if (!tlsWanted) return { kind: 'tcp', host, port, url: raw }
    const dir = env['DOCKER_CERT_PATH'] || join(homedir(), '.docker')
    const read = (f: string) => readFileSync(join(dir, f))
    return { kind: 'tcp', host, port, tls: { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') }, url: raw }
  }
  throw new Error(`DOCKER_HOST=${raw}: Berth speaks to the engine over unix:// or tcp:// only`)
}
