import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StatsMessage, TaskReport } from '../../core/agent-protocol.js'
import { ManualClock } from '../../core/clock.js'
import { silentLogger } from '../../core/log.js'
import { ManualTimers } from '../../testing/timers.js'
import type { ContainerStats, StatsRuntime } from '../runtime/index.js'
import { StatsSampler } from './stats-sampler.js'

const S = 1e9
const MIB = 1024 * 1024

/** A runtime whose counters the test sets; it records which containers were asked. */
class ScriptedStats implements StatsRuntime {
  readonly counters = new Map<string, { cpu: number; host: number; mem: number }>()
  readonly asked: string[] = []
  async stats(id: string): Promise<ContainerStats | undefined> {
    this.asked.push(id)
    const c = this.counters.get(id)
    if (!c) return undefined
    return { time: 0, cpuTotalNs: c.cpu, systemCpuNs: c.host, onlineCpus: 2, memoryUsedBytes: c.mem, memoryLimitBytes: 0, networkRxBytes: 0, networkTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0 }
  }
}

const task = (arn: string, knownStatus: TaskReport['knownStatus'], containers: [string, 'PENDING' | 'RUNNING' | 'STOPPED', string?][]): TaskReport => ({
  taskArn: arn,
  knownStatus,
  containers: containers.map(([name, status, runtimeId]) => ({ name, status, ...(runtimeId ? { runtimeId } : {}) })),
})

describe('StatsSampler', () => {
  it('samples running containers each interval, ships CPU units from the second reading on, and forgets what is gone', async () => {
    const clock = new ManualClock()
    const timers = new ManualTimers(clock)
    const runtime = new ScriptedStats()
    let tasks: TaskReport[] = [
      task('t1', 'RUNNING', [['app', 'RUNNING', 'c1'], ['sidecar', 'RUNNING', 'c2']]),
      task('t2', 'PENDING', [['app', 'PENDING', 'c3']]),
      task('t3', 'RUNNING', [['app', 'STOPPED', 'c4']]),
    ]
    const sent: StatsMessage[] = []
    const sampler = new StatsSampler({ runtime, knownTasks: () => tasks, send: (m) => void sent.push(m), clock, timers, logger: silentLogger, intervalMs: 5_000 })
    /** Moves time one interval and waits until the round it starts has read every container it asks for. */
    const round = async (expectAsked: number) => {
      const before = runtime.asked.length
      timers.advance(5_000)
      while (runtime.asked.length < before + expectAsked) await new Promise((r) => setImmediate(r))
      await new Promise((r) => setImmediate(r))
    }
    runtime.counters.set('c1', { cpu: 0, host: 0, mem: 10 * MIB })
    runtime.counters.set('c2', { cpu: 0, host: 0, mem: 1 * MIB })
    sampler.start()

    timers.advance(4_999)
    assert.deepEqual(runtime.asked, [], 'nothing before the first interval')
    await round(2)
    assert.deepEqual(runtime.asked, ['c1', 'c2'], 'only RUNNING containers of RUNNING tasks are read')
    assert.equal(sent.length, 0, 'a first reading only primes: no frame')

    // 5 s on 2 cores is 10 s of host time: c1 used 5 s (one core), c2 1.25 s (a quarter).
    runtime.counters.set('c1', { cpu: 5 * S, host: 10 * S, mem: 12 * MIB })
    runtime.counters.set('c2', { cpu: 1.25 * S, host: 10 * S, mem: 2 * MIB })
    await round(2)
    assert.deepEqual(sent.slice(0, 1), [
      {
        type: 'stats',
        tasks: [
          {
            taskArn: 't1',
            containers: [
              { name: 'app', timestamp: clock.now(), cpuUnits: 1024, memoryBytes: 12 * MIB },
              { name: 'sidecar', timestamp: clock.now(), cpuUnits: 256, memoryBytes: 2 * MIB },
            ],
          },
        ],
      },
    ])

    // c2 goes away; when a container with its id comes back, its old reading is not used.
    tasks = [task('t1', 'RUNNING', [['app', 'RUNNING', 'c1']])]
    runtime.counters.set('c1', { cpu: 5 * S, host: 20 * S, mem: 12 * MIB })
    await round(1)
    assert.deepEqual(sent[1]?.tasks[0]?.containers.map((c) => [c.name, c.cpuUnits]), [['app', 0]], 'idle: 0 units')
    tasks = [task('t1', 'RUNNING', [['app', 'RUNNING', 'c1'], ['sidecar', 'RUNNING', 'c2']])]
    runtime.counters.set('c2', { cpu: 100 * S, host: 30 * S, mem: 0 })
    runtime.counters.set('c1', { cpu: 5 * S, host: 30 * S, mem: 12 * MIB })
    await round(2)
    assert.deepEqual(sent[2]?.tasks[0]?.containers.map((c) => c.name), ['app'], 'c2 is primed again, not compared with its old reading')

    await sampler.stop()
    assert.equal(timers.pending, 0, 'stopping cancels the next round')
  })
})
