import { readFileSync } from 'node:fs'
import { systemClock } from '../../core/clock.js'
import { realTimers } from '../../core/timers.js'
import { DataPlane } from '../../lb/index.js'
import type { DataPlaneConfig } from '../../lb/index.js'
import { parentChannel } from './child.js'

/**
 * Berth's data plane under benchmark, alone in its process: one listener on 127.0.0.1
 * forwarding everything to one target group with the backend as its only target, health
 * checked as ALB's defaults would (every 30 s).
 *   argv: backend port  → { type: 'ready', port }   ← { type: 'rss' } → { type: 'rss', mb }
 *   ← { type: 'stop' }
 */
const send = parentChannel()
const backendPort = Number(process.argv[2])
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/bench/0000000000000001'
const LISTENER = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/bench/0000000000000001/0000000000000001'

const config: DataPlaneConfig = {
  loadBalancers: [
    {
      arn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/bench/0000000000000001',
      attributes: { idleTimeoutSeconds: 60, xffHeaderProcessingMode: 'append', preserveHostHeader: false },
      listeners: [{ arn: LISTENER, address: '127.0.0.1', port: 0, protocol: 'HTTP', rules: [], defaultAction: { type: 'forward', targetGroups: [{ arn: TG, weight: 1 }] } }],
    },
  ],
  targetGroups: [
    {
      arn: TG,
      protocol: 'HTTP',
      port: backendPort,
      targetType: 'ip',
      healthCheck: { enabled: true, protocol: 'HTTP', path: '/', port: 'traffic-port', intervalSeconds: 30, timeoutSeconds: 5, healthyThreshold: 5, unhealthyThreshold: 2, matcher: '200' },
      attributes: { deregistrationDelaySeconds: 300, slowStartSeconds: 0, algorithm: 'round_robin', stickiness: { enabled: false }, minimumHealthyTargets: { count: 1, percentage: 'off' } },
      targets: [{ id: '127.0.0.1', address: '127.0.0.1', port: backendPort, state: 'registered' }],
    },
  ],
}

const plane = new DataPlane({ clock: systemClock, timers: realTimers })
await plane.apply(config)
send({ type: 'ready', port: plane.listenerAddress(LISTENER)!.port })

process.on('message', (m: { type: string; gc?: boolean }) => {
  if (m.type === 'rss') {
    // With --expose-gc (diagnosis only): collect first, so what remains is what is retained.
    if (m.gc) (globalThis as { gc?: () => void }).gc?.()
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    const { heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage()
    send({ type: 'rss', mb: Number(kb) / 1024, heapUsedMb: heapUsed / 2 ** 20, heapTotalMb: heapTotal / 2 ** 20, externalMb: (external + arrayBuffers) / 2 ** 20 })
  } else if (m.type === 'stop') {
    void plane.close().then(() => process.exit(0))
  }
})
