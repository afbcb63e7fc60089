import { monitorEventLoopDelay } from 'node:perf_hooks'
import { newJoinToken } from '../core/agent-credentials.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import { consoleLogger } from '../core/log.js'
import { startControlPlane } from '../server/control-plane.js'
import { summarize } from './stats.js'

/**
 * The control plane under benchmark, in a process of its own so the load generator does not
 * share its event loop. Started by bench-server.ts with fork(); speaks over the IPC channel:
 *   → { type: 'ready', endpoint }
 *   ← 'timings'  → { type: 'timings', summary, loopDelayP99, rss }  (since the last ask)
 *
 * Request times start when node:http has parsed the headers, so they leave out the time a
 * request waits before that while the event loop serves others; the event-loop delay p99 is
 * the measure of that wait.
 *   ← 'stop'     → exits once the control plane has stopped
 */
const dataDir = process.argv[2]
if (!dataDir || !process.send) throw new Error('usage: fork(server-process.js, [dataDir]) with an IPC channel')
const send = process.send.bind(process)

let timings: number[] = []
const loopDelay = monitorEventLoopDelay({ resolution: 1 })
loopDelay.enable()
const plane = await startControlPlane({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  partition: DEFAULT_PARTITION,
  logger: consoleLogger,
  clusters: [],
  // No agent joins the API benchmark's server.
  joinToken: newJoinToken(),
  onRequestTimed: (ms) => timings.push(ms),
})
send({ type: 'ready', endpoint: plane.endpoint })

process.on('message', (message) => {
  if (message === 'timings') {
    const summary = summarize(timings)
    timings = []
    const loopDelayP99 = loopDelay.percentile(99) / 1e6
    loopDelay.reset()
    send({ type: 'timings', summary, loopDelayP99, rss: process.memoryUsage().rss })
  } else if (message === 'stop') {
    void plane.stop().then(() => process.exit(0))
  }
})
