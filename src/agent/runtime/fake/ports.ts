import { RuntimeErrors } from '../errors.js'
import type { ActualPortBinding } from '../observation.js'
import type { PortBinding } from '../spec.js'

const WILDCARD = '0.0.0.0'

/** Two bindings collide on the same port and protocol when their addresses match or one is the wildcard. */
const collides = (a: ActualPortBinding, b: { hostIp: string; hostPort: number; protocol: string }) =>
  a.protocol === b.protocol && a.hostPort === b.hostPort && (a.hostIp === b.hostIp || a.hostIp === WILDCARD || b.hostIp === WILDCARD)

/**
 * Host-port bookkeeping as the engine does it when a container starts: static ports must be
 * free on their address, dynamic ones (hostPort 0) come from the ephemeral range in turn.
 */
export class FakePortAllocator {
  #next: number
  constructor(readonly range: readonly [number, number] = [32768, 60999]) {
    this.#next = range[0]
  }

  /** All of `requested` bound, or a CannotStartContainerError naming the taken one. */
  bind(requested: readonly PortBinding[], inUse: readonly ActualPortBinding[]): ActualPortBinding[] {
    const taken = [...inUse]
    const out: ActualPortBinding[] = []
    for (const p of requested) {
      const hostIp = p.hostIp || WILDCARD
      const hostPort = p.hostPort || this.#dynamic(hostIp, p.protocol, taken)
      const binding = { containerPort: p.containerPort, protocol: p.protocol, hostIp, hostPort }
      if (taken.some((t) => collides(t, binding))) {
        throw RuntimeErrors.refused('CannotStartContainerError', `Bind for ${hostIp}:${hostPort} failed: port is already allocated`, true)
      }
      taken.push(binding)
      out.push(binding)
    }
    return out
  }

  #dynamic(hostIp: string, protocol: string, taken: readonly ActualPortBinding[]): number {
    const [lo, hi] = this.range
    for (let i = 0; i <= hi - lo; i++) {
      const port = this.#next
      this.#next = port >= hi ? lo : port + 1
      if (!taken.some((t) => collides(t, { hostIp, hostPort: port, protocol }))) return port
    }
    throw RuntimeErrors.refused('CannotStartContainerError', 'no free port in the ephemeral range', false)
  }
}
