import type { Checker } from './checker.js'

/**
 * A static host port is held by one task per instance and protocol: TCP and UDP are separate
 * sets (PORTS and PORTS_UDP), so 53/tcp does not conflict with 53/udp. A task this request
 * already placed on the instance holds the same ports, so a second copy never fits there.
 */
export const checkTcpPorts: Checker = (s, i) => {
  const ports = s.demand.tcpPorts
  if (ports.length === 0) return undefined
  if (s.placedOn(i) > 0) return 'port-in-use'
  const inUse = s.instance(i).tcpPortsInUse
  return ports.some((p) => inUse.has(p)) ? 'port-in-use' : undefined
}

/** As checkTcpPorts, for UDP ("RESOURCE:PORTS_UDP"). */
export const checkUdpPorts: Checker = (s, i) => {
  const ports = s.demand.udpPorts
  if (ports.length === 0) return undefined
  if (s.placedOn(i) > 0) return 'udp-port-in-use'
  const inUse = s.instance(i).udpPortsInUse
  return ports.some((p) => inUse.has(p)) ? 'udp-port-in-use' : undefined
}
