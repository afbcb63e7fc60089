import { once } from 'node:events'
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ManualClock } from '../../core/clock.js'
import { Prng } from '../../testing/prng.js'
import { ManualTimers } from '../../testing/timers.js'
import type { ActionConfig, DataPlaneConfig, HealthCheckConfig, ListenerConfig, LoadBalancerAttributes, TargetConfig, TargetGroupAttributes, TargetGroupConfig } from '../config.js'
import { DataPlane, type TargetHealthChange } from '../data-plane.js'

/**
 * Test scaffolding for the data plane (tests only): small node:http backends on 127.0.0.1,
 * configuration builders with ALB's defaults, a data plane on a ManualClock and ManualTimers,
 * and a client that returns status, headers and body.
 */

export interface Backend {
  name: string
  /** Where it listens: 127.0.0.1 unless the test chose another loopback address. */
  address: string
  port: number
  server: Server
  /** Requests received, in order. */
  seen: IncomingMessage[]
  close(): Promise<void>
}

/** A backend answering with `handler`, or by default 200 with its name as the body. */
export async function startBackend(name: string, handler?: (req: IncomingMessage, res: ServerResponse) => void, address = '127.0.0.1'): Promise<Backend> {
  const seen: IncomingMessage[] = []
  const server = createServer((req, res) => {
    seen.push(req)
    if (handler) return handler(req, res)
    req.resume()
    res.setHeader('content-type', 'text/plain')
    res.end(name)
  })
  server.listen(0, address)
  await once(server, 'listening')
  return {
    name,
    address,
    port: (server.address() as AddressInfo).port,
    server,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export const LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/test/0123456789abcdef'
export const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/test/0123456789abcdef/fedcba9876543210'
export const tgArn = (name: string) => `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${name}/00000000${name.padStart(8, '0').slice(-8)}`

export const lbAttributes = (over: Partial<LoadBalancerAttributes> = {}): LoadBalancerAttributes => ({ idleTimeoutSeconds: 60, xffHeaderProcessingMode: 'append', preserveHostHeader: false, ...over })

/** Health checks off unless a test turns them on: targets are then `unavailable` and routed to at once. */
export const healthCheck = (over: Partial<HealthCheckConfig> = {}): HealthCheckConfig => ({
  enabled: false,
  protocol: 'HTTP',
  path: '/',
  port: 'traffic-port',
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 5,
  unhealthyThreshold: 2,
  matcher: '200',
  ...over,
})

export const tgAttributes = (over: Partial<TargetGroupAttributes> = {}): TargetGroupAttributes => ({
  deregistrationDelaySeconds: 300,
  slowStartSeconds: 0,
  algorithm: 'round_robin',
  stickiness: { enabled: false },
  minimumHealthyTargets: { count: 1, percentage: 'off' },
  ...over,
})

export const target = (b: { port: number; address?: string }, state: TargetConfig['state'] = 'registered'): TargetConfig => ({ id: `i-${b.port}`, address: b.address ?? '127.0.0.1', port: b.port, state })

export function targetGroup(name: string, targets: TargetConfig[], over: Partial<Omit<TargetGroupConfig, 'arn' | 'targets'>> = {}): TargetGroupConfig {
  return { arn: tgArn(name), protocol: 'HTTP', port: 80, targetType: 'instance', healthCheck: healthCheck(), attributes: tgAttributes(), targets, ...over }
}

export const forward = (...names: string[]): ActionConfig => ({ type: 'forward', targetGroups: names.map((n) => ({ arn: tgArn(n), weight: 1 })) })

/** One load balancer with one listener on 127.0.0.1 (an ephemeral port unless `port` says). */
export function config(groups: TargetGroupConfig[], listener: Partial<ListenerConfig> = {}, attributes: Partial<LoadBalancerAttributes> = {}): DataPlaneConfig {
  const first: ActionConfig = { type: 'forward', targetGroups: groups.slice(0, 1).map((g) => ({ arn: g.arn, weight: 1 })) }
  const l: ListenerConfig = { arn: LISTENER, address: '127.0.0.1', port: 0, protocol: 'HTTP', rules: [], defaultAction: first, ...listener }
  return { loadBalancers: [{ arn: LB, attributes: lbAttributes(attributes), listeners: [l] }], targetGroups: groups }
}

export interface Plane {
  plane: DataPlane
  clock: ManualClock
  timers: ManualTimers
  changes: TargetHealthChange[]
  port: number
  apply(c: DataPlaneConfig): Promise<void>
  close(): Promise<void>
}

/** A data plane on manual time, with `config` applied; `seed` seeds the weighted choice. */
export async function startPlane(c: DataPlaneConfig, seed = 1): Promise<Plane> {
  const clock = new ManualClock()
  const timers = new ManualTimers(clock)
  const changes: TargetHealthChange[] = []
  const prng = new Prng(seed)
  const plane = new DataPlane({ clock, timers, random: () => prng.next(), onTargetHealth: (ch) => changes.push(ch) })
  const p: Plane = {
    plane,
    clock,
    timers,
    changes,
    port: 0,
    async apply(next) {
      const result = await plane.apply(next)
      const failed = result.listeners.find((l) => l.error)
      if (failed) throw new Error(`listener did not bind: ${failed.error}`)
      p.port = plane.listenerAddress(LISTENER)?.port ?? 0
    },
    close: () => plane.close(),
  }
  await p.apply(c)
  return p
}

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** One request on a fresh connection; resolves with the whole answer. */
export function get(port: number, path = '/', options: { method?: string; headers?: Record<string, string | string[]>; body?: Buffer | string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: options.host ?? '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(options.body)
  })
}
