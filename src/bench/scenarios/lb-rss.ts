import { Agent, request } from 'node:http'
import { forkChild, type Child } from '../lb/child.js'
import type { Scenario } from '../scenario.js'

const CONNECTIONS = 1000

/** Rounds of 1,000 held requests in one process before the "steady" figure is read. */
const ROUNDS = 4

/**
 * VmRSS of Berth's proxy process holding 1,000 concurrent connections: 1,000 clients each
 * with a request in flight that the backend holds, so the proxy keeps 1,000 client sockets,
 * 1,000 target connections and 1,000 requests open at once. Read in a fresh process (the
 * target), and again in the same process after more rounds: V8 keeps the old generation's
 * garbage until a full collection and returns little to the OS, so a long-running proxy
 * sits higher than a fresh one (a forced collection brings the heap back to its first-round
 * size: nothing leaks). And the same process idle, for reference.
 */
export const lbRss: Scenario = {
  name: 'load balancer proxy RSS',
  needs: [],
  async run(ctx) {
    const idle: number[] = []
    const fresh: number[] = []
    const steady: number[] = []
    for (let run = 0; run < ctx.runs; run++) {
      const backend = await forkChild(new URL('../lb/backend-process.js', import.meta.url), [])
      const proxy = await forkChild(new URL('../lb/proxy-process.js', import.meta.url), [String(backend.readyMessage<{ port: number }>().port)])
      try {
        const port = proxy.readyMessage<{ port: number }>().port
        idle.push((await proxy.ask<{ mb: number }>({ type: 'rss' }, 'rss')).mb)
        for (let round = 1; round <= ROUNDS; round++) {
          const mb = await holdRound(backend, proxy, port, (text) => ctx.note(`load balancer proxy RSS: ${text}`))
          if (round === 1) fresh.push(mb)
          if (round === ROUNDS) steady.push(mb)
        }
      } finally {
        await proxy.stop()
        await backend.stop()
      }
    }
    const s = 'LB proxy process'
    return [
      { scenario: s, metric: 'VmRSS idle, after start', unit: 'MB', runs: idle },
      { scenario: s, metric: `VmRSS, ${CONNECTIONS.toLocaleString('en-US')} concurrent connections with a request in flight each, fresh process`, unit: 'MB', runs: fresh, target: { kind: 'below', value: 100 } },
      { scenario: s, metric: `the same, round ${ROUNDS} in one process`, unit: 'MB', runs: steady },
    ]
  },
}

/** Opens CONNECTIONS held requests, reads the proxy's RSS once all are at the backend, releases them. */
async function holdRound(backend: Child, proxy: Child, port: number, note: (text: string) => void): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS })
  const allHeld = backend.ask({ type: 'expect', n: CONNECTIONS }, 'held')
  const answers = Array.from({ length: CONNECTIONS }, () => hold(agent, port))
  await allHeld
  const { mb } = await proxy.ask<{ mb: number }>({ type: 'rss' }, 'rss')
  await backend.ask({ type: 'release' }, 'released')
  const failed = (await Promise.all(answers)).filter((status) => status !== 200).length
  if (failed) note(`${failed} of ${CONNECTIONS} held requests did not answer 200`)
  agent.destroy()
  return mb
}
function hold(agent: Agent, port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/hold', agent }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', () => resolve(0))
    req.end()
  })
}
