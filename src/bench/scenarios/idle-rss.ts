import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { spawnBerth } from '../../testing/spawn-berth.js'
import type { Scenario } from '../scenario.js'

const SETTLE_MS = 2000

/** VmRSS of a process, in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
  if (!kb) throw new Error(`no VmRSS for process ${pid}`)
  return Number(kb) / 1024
}

/** A `berth server` process as an operator starts it, idle: started, settled, nothing asked. */
export const idleRss: Scenario = {
  name: 'idle RSS',
  needs: [],
  async run(ctx) {
    const runs: number[] = []
    for (let i = 0; i < ctx.runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'berth-bench-rss-'))
      const server = await spawnBerth('server', dir)
      try {
        await sleep(SETTLE_MS)
        runs.push(rssMb(server.pid))
      } finally {
        await server.stop('SIGTERM')
        rmSync(dir, { recursive: true, force: true })
      }
    }
    return [{ scenario: '`berth server` idle', metric: `VmRSS ${SETTLE_MS / 1000} s after ready`, unit: 'MB', runs, target: { kind: 'below', value: 120 } }]
  },
}
