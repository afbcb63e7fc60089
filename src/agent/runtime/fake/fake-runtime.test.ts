import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { RuntimeErrors } from '../errors.js'
import type { RuntimeEvent } from '../observation.js'
import { runRuntimeContract, type ContractPrograms } from '../runtime.contract.js'
import type { ContainerSpec } from '../spec.js'
import { FakeRuntime } from './fake-runtime.js'

const programs: ContractPrograms = {
  localImage: 'fake/sleeper:latest',
  unreachableImage: 'registry.example:5000/absent:latest',
  sleeper: { image: 'fake/sleeper' },
  exitsWith: (code) => ({ image: 'fake/exits', env: { EXIT_CODE: String(code) } }),
  ignoresSigterm: { image: 'fake/stubborn' },
  healthy: { image: 'fake/healthy', healthCheck: { test: ['CMD', 'true'] } },
  prints: (out, err) => ({ image: 'fake/prints', env: { OUT: out, ERR: err } }),
}

/** A fake whose images behave as the contract's programs do on Docker; its registry serves nothing. */
export function contractFake(): FakeRuntime {
  const rt = new FakeRuntime({
    registry: [],
    images: {
      'fake/sleeper': {},
      'fake/exits': (spec) => ({ exitOnStart: Number(spec.env?.['EXIT_CODE'] ?? 0) }),
      'fake/stubborn': { ignoresStopSignal: true },
      'fake/healthy': { health: 'healthy' },
      'fake/prints': (spec) => ({
        output: [
          { stream: 'stdout', text: spec.env?.['OUT'] ?? '' },
          { stream: 'stderr', text: spec.env?.['ERR'] ?? '' },
        ],
        exitOnStart: 0,
      }),
    },
  })
  rt.failPull(programs.unreachableImage, 'unreachable')
  return rt
}

runRuntimeContract({ name: 'FakeRuntime', newRuntime: async () => contractFake(), programs })

describe('FakeRuntime as a test double', () => {
  const sleeper = (extra: Partial<ContainerSpec> = {}): ContainerSpec => ({ image: 'fake/sleeper', labels: { app: 'x' }, ...extra })
  const collect = (rt: FakeRuntime) => {
    const ac = new AbortController()
    const seen: RuntimeEvent[] = []
    const stream = rt.events({ signal: ac.signal })
    const done = (async () => {
      for await (const e of stream) seen.push(e)
    })()
    return { seen, stop: async () => (ac.abort(), await done) }
  }

  it('records every call with its arguments, in order', async () => {
    const rt = contractFake()
    const spec = sleeper()
    const id = await rt.create(spec)
    await rt.start(id)
    await rt.stop(id, { timeoutMs: 30_000 })
    assert.deepEqual(rt.calls.map((c) => c.op), ['create', 'start', 'stop'])
    assert.equal(rt.callsOf('create')[0]?.args[0], spec)
    assert.deepEqual(rt.callsOf('stop')[0]?.args, [id, { timeoutMs: 30_000 }])
  })

  it('fails exactly the next call of a kind when told to', async () => {
    const rt = contractFake()
    const boom = RuntimeErrors.refused('CannotStartContainerError', 'boom', false)
    rt.failNext('start', boom)
    const id = await rt.create(sleeper())
    await assert.rejects(rt.start(id), (e) => e === boom)
    await rt.start(id)
    assert.equal((await rt.inspect(id))?.state, 'running')
  })

  it('plays the world: OOM kill, health changes, log lines, stats, times from the clock', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1))
    const rt = new FakeRuntime({ clock, images: { 'fake/sleeper': {} } })
    const events = collect(rt)
    const id = await rt.create(sleeper({ memoryMiB: 128, healthCheck: { test: ['CMD', 'true'] } }))
    await rt.start(id)
    assert.equal((await rt.inspect(id))?.health?.status, 'starting')
    rt.setHealth(id, 'healthy')
    rt.setHealth(id, 'healthy') // no change, no event
    rt.writeLog(id, 'stdout', 'hello')
    rt.setStats(id, { cpuTotalNs: 5e8, memoryUsedBytes: 42 })
    assert.deepEqual(await rt.stats(id), {
      time: clock.now(), cpuTotalNs: 5e8, systemCpuNs: 0, onlineCpus: 2, memoryUsedBytes: 42, memoryLimitBytes: 128 * 1024 * 1024,
      networkRxBytes: 0, networkTxBytes: 0, blockReadBytes: 0, blockWriteBytes: 0,
    })
    clock.advance(5000)
    rt.exit(id, 137, { oomKilled: true })
    const seen = await rt.inspect(id)
    assert.deepEqual([seen?.state, seen?.exitCode, seen?.oomKilled, seen?.finishedAt], ['exited', 137, true, Date.UTC(2026, 0, 1) + 5000])
    await events.stop()
    assert.deepEqual(events.seen.map((e) => e.type), ['create', 'start', 'health_status', 'oom', 'die'])
    const lines = []
    for await (const l of rt.logs(id, { follow: false })) lines.push(l)
    assert.deepEqual(lines, [{ stream: 'stdout', time: Date.UTC(2026, 0, 1), text: 'hello' }])
  })

  it('follows logs until the container stops', async () => {
    const rt = contractFake()
    const id = await rt.create(sleeper())
    await rt.start(id)
    const reading = (async () => {
      const out: string[] = []
      for await (const l of rt.logs(id, { follow: true })) out.push(l.text)
      return out
    })()
    rt.writeLog(id, 'stdout', 'one')
    await new Promise((r) => setImmediate(r))
    rt.writeLog(id, 'stderr', 'two')
    await rt.stop(id, { timeoutMs: 1000 })
    assert.deepEqual(await reading, ['one', 'two'])
  })

  it('hands out dynamic ports in turn, skipping taken ones, and frees them on exit', async () => {
    const rt = new FakeRuntime({ portRange: [40000, 40002], images: { 'fake/sleeper': {} } })
    const dynamic = sleeper({ ports: [{ containerPort: 80, hostPort: 0, hostIp: '127.0.0.2', protocol: 'tcp' }] })
    const fixed = await rt.create(sleeper({ ports: [{ containerPort: 80, hostPort: 40001, protocol: 'tcp' }] }))
    await rt.start(fixed)
    const a = await rt.create(dynamic)
    const b = await rt.create(dynamic)
    await rt.start(a)
    await rt.start(b)
    const port = async (id: string) => (await rt.inspect(id))?.ports[0]?.hostPort
    assert.deepEqual([await port(a), await port(b)], [40000, 40002]) // 40001 is taken on 0.0.0.0
    const c = await rt.create(dynamic)
    await assert.rejects(rt.start(c), /no free port/)
    await rt.stop(a, { timeoutMs: 1000 })
    await rt.start(c)
    assert.equal(await port(c), 40000)
  })

  it('force-removes a running container as the engine does: kill, die, destroy', async () => {
    const rt = contractFake()
    const id = await rt.create(sleeper())
    await rt.start(id)
    const events = collect(rt)
    await rt.remove(id, { force: true })
    await events.stop()
    assert.deepEqual(events.seen.map((e) => [e.type, e.signal ?? e.exitCode ?? '']), [['kill', 'SIGKILL'], ['die', 137], ['destroy', '']])
  })
})
