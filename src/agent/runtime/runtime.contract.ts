import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { freePortOn } from '../../testing/ports.js'
import { waitFor } from '../../testing/wait.js'
import { isImagePullError, isRuntimeError } from './errors.js'
import type { ContainerObservation, RuntimeEvent } from './observation.js'
import { hasLogs, hasStats, hasVolumes, type ContainerRuntime } from './runtime.js'
import type { ContainerSpec } from './spec.js'

/** The part of a spec that says what the container runs. */
export type Program = Pick<ContainerSpec, 'image' | 'cmd' | 'entrypoint' | 'env' | 'init' | 'healthCheck'>

/** Programs with the behaviours the contract needs, as each runtime expresses them. */
export interface ContractPrograms {
  /** Present locally; no registry serves it. */
  localImage: string
  /** Not present, and its registry cannot be reached. */
  unreachableImage: string
  /** Runs until stopped; a signal ends it with 128 + the signal's number (143 for SIGTERM). */
  sleeper: Program
  /** Exits at once with `code`. */
  exitsWith(code: number): Program
  /** Keeps running when sent SIGTERM. */
  ignoresSigterm: Program
  /** Runs until stopped, with a health check that passes within a second. */
  healthy: Program
  /** Writes `out` to stdout and `err` to stderr, then exits 0. */
  prints(out: string, err: string): Program
}

export interface RuntimeContractOptions {
  name: string
  newRuntime: () => Promise<ContainerRuntime>
  programs: ContractPrograms
  /** Called once after the suite, after the contract removed what it created. */
  close?: (runtime: ContainerRuntime) => Promise<void> | void
}

/**
 * One suite every ContainerRuntime passes (the fake in unit tests, Docker in
 * `*.docker.test.ts`): what the agent relies on, and nothing an implementation may vary.
 * Everything it creates carries a per-run label and is removed in `after`.
 */
export function runRuntimeContract({ name, newRuntime, programs: p, close }: RuntimeContractOptions): void {
  describe(`ContainerRuntime contract: ${name}`, () => {
    const run = randomBytes(4).toString('hex')
    const labels = { 'berth.test': 'runtime-contract', 'berth.test.run': run }
    let rt: ContainerRuntime
    let n = 0
    const spec = (program: Program, extra: Partial<ContainerSpec> = {}): ContainerSpec => ({
      ...program,
      ...extra,
      name: extra.name ?? `berth-contract-${run}-${++n}`,
      labels: { ...labels, ...extra.labels },
    })
    const running = async (program: Program, extra: Partial<ContainerSpec> = {}) => {
      const id = await rt.create(spec(program, extra))
      await rt.start(id)
      return id
    }
    const exited = (id: string) =>
      waitFor(`${id} to exit`, () => rt.inspect(id), (o) => o?.state === 'exited') as Promise<ContainerObservation>
    const rejectsWith = (promise: Promise<unknown>, code: string) =>
      assert.rejects(promise, (e: unknown) => isRuntimeError(e) && e.code === code)

    before(async () => {
      rt = await newRuntime()
    })
    after(async () => {
      if (!rt) return
      for (const c of await rt.list({ labels })) await rt.remove(c.id, { force: true, volumes: true })
      if (hasVolumes(rt)) for (const v of await rt.listVolumes({ labels })) await rt.removeVolume(v.name)
      await close?.(rt)
    })

    describe('pull', () => {
      it('prefer-cached uses a present image without asking a registry', async () => {
        const r = await rt.pull(p.localImage, { policy: 'prefer-cached' })
        assert.equal(r.source, 'cache')
        assert.match(r.imageId, /^sha256:[0-9a-f]{64}$/)
      })
      it('default falls back to the present image when the registry fails; always does not', async () => {
        const r = await rt.pull(p.localImage, { policy: 'default' })
        assert.equal(r.source, 'cache')
        assert.ok(isImagePullError(r.fallbackFrom))
        await assert.rejects(rt.pull(p.localImage, { policy: 'always' }), isImagePullError)
      })
      it('an unreachable registry fails the pull as retryable, not terminal', async () => {
        const e = await rt.pull(p.unreachableImage, { policy: 'prefer-cached' }).then(() => undefined, (x: unknown) => x)
        assert.ok(isImagePullError(e), `got ${String(e)}`)
        assert.deepEqual([e.code, e.kind, e.retryable, e.terminal], ['CannotPullContainerError', 'unreachable', true, false])
      })
      it('an invalid reference fails the pull as terminal', async () => {
        const e = await rt.pull('Not A/Valid:Ref!', { policy: 'always' }).then(() => undefined, (x: unknown) => x)
        assert.ok(isImagePullError(e), `got ${String(e)}`)
        assert.deepEqual([e.kind, e.retryable, e.terminal], ['invalid-reference', false, true])
      })
    })

    describe('lifecycle', () => {
      it('create → start → stop → remove, seen by inspect and list', async () => {
        const s = spec(p.sleeper, { labels: { case: 'lifecycle' } })
        const id = await rt.create(s)
        const created = await rt.inspect(id)
        assert.deepEqual([created?.id, created?.name, created?.state, created?.exitCode], [id, s.name, 'created', undefined])
        assert.equal(created?.labels['case'], 'lifecycle')
        await rt.start(id)
        const started = await rt.inspect(id)
        assert.equal(started?.state, 'running')
        assert.ok((started?.startedAt ?? 0) >= (created?.createdAt ?? Infinity) - 1000)
        assert.deepEqual((await rt.list({ labels: { ...labels, case: 'lifecycle' } })).map((c) => [c.id, c.state]), [[id, 'running']])
        await rt.stop(id, { timeoutMs: 5000 })
        const stopped = await rt.inspect(id)
        assert.deepEqual([stopped?.state, stopped?.exitCode], ['exited', 143])
        assert.ok((stopped?.finishedAt ?? 0) >= (stopped?.startedAt ?? Infinity))
        await rt.remove(id, { force: false })
        assert.equal(await rt.inspect(id), undefined)
        assert.deepEqual(await rt.list({ labels: { ...labels, case: 'lifecycle' } }), [])
      })
      it('repeats are harmless; a missing container is not found (remove: already done)', async () => {
        const id = await running(p.sleeper)
        await rt.start(id)
        await rt.stop(id, { timeoutMs: 5000 })
        await rt.stop(id, { timeoutMs: 5000 })
        await rt.remove(id, { force: false })
        await rt.remove(id, { force: false })
        assert.equal(await rt.inspect(id), undefined)
        await rejectsWith(rt.start(id), 'ContainerNotFound')
        await rejectsWith(rt.stop(id, { timeoutMs: 1000 }), 'ContainerNotFound')
      })
      it('two removals at once both succeed (the engine is already removing it: the outcome is the one asked for)', async () => {
        const id = await running(p.sleeper)
        await rt.start(id)
        await Promise.all([rt.remove(id, { force: true }), rt.remove(id, { force: true }), rt.remove(id, { force: true })])
        assert.equal(await rt.inspect(id), undefined)
      })
      it('remove refuses a running container unless forced', async () => {
        const id = await running(p.sleeper)
        await rejectsWith(rt.remove(id, { force: false }), 'CannotRemoveContainerError')
        await rt.remove(id, { force: true })
        assert.equal(await rt.inspect(id), undefined)
      })
      it('create fails for a taken name and for an image not present', async () => {
        const s = spec(p.sleeper)
        await rt.create(s)
        await rejectsWith(rt.create(s), 'CannotCreateContainerError')
        await rejectsWith(rt.create(spec({ ...p.sleeper, image: 'berth-test/not-here:latest' })), 'CannotCreateContainerError')
      })
    })

    describe('exit and stop', () => {
      it('a container that exits reports its exit code', async () => {
        const [three, zero] = await Promise.all([running(p.exitsWith(3)), running(p.exitsWith(0))])
        assert.equal((await exited(three)).exitCode, 3)
        assert.equal((await exited(zero)).exitCode, 0)
        assert.equal((await rt.inspect(three))?.oomKilled, false)
      })
      it('stop kills a container that ignores SIGTERM once the timeout passes (137)', async () => {
        const ac = new AbortController()
        const seen: RuntimeEvent[] = []
        const stream = rt.events({ signal: ac.signal, labels: { ...labels, case: 'stubborn' } })
        const collecting = (async () => {
          for await (const e of stream) seen.push(e)
        })()
        try {
          await stream.ready
          const id = await running(p.ignoresSigterm, { labels: { case: 'stubborn' } })
          await rt.stop(id, { timeoutMs: 1000 })
          assert.deepEqual([(await rt.inspect(id))?.state, (await rt.inspect(id))?.exitCode], ['exited', 137])
          await waitFor('die', async () => seen.find((e) => e.type === 'die'), Boolean)
          const kills = seen.filter((e) => e.type === 'kill' || e.type === 'die').map((e) => e.signal ?? `die ${e.exitCode}`)
          assert.deepEqual(kills, ['SIGTERM', 'SIGKILL', 'die 137'])
        } finally {
          ac.abort()
          await collecting
        }
      })
      it('stop sends the signal asked for', async () => {
        const id = await running(p.sleeper)
        await rt.stop(id, { timeoutMs: 5000, signal: 'SIGINT' })
        assert.equal((await rt.inspect(id))?.exitCode, 130)
      })
    })

    describe('ports and resources', () => {
      it('a dynamic host port is chosen at start and reported', async () => {
        const ports = [
          { containerPort: 5000, hostPort: 0, hostIp: '127.0.0.2', protocol: 'tcp' as const },
          { containerPort: 5001, hostPort: 0, hostIp: '127.0.0.2', protocol: 'udp' as const },
        ]
        const id = await rt.create(spec(p.sleeper, { ports }))
        assert.deepEqual((await rt.inspect(id))?.ports, [])
        await rt.start(id)
        const seen = (await rt.inspect(id))?.ports ?? []
        assert.deepEqual(seen.map((b) => [b.containerPort, b.protocol, b.hostIp]), [[5000, 'tcp', '127.0.0.2'], [5001, 'udp', '127.0.0.2']])
        for (const b of seen) assert.ok(b.hostPort >= 1024 && b.hostPort <= 65535, `host port ${b.hostPort}`)
      })
      it('one host port on two loopback addresses; a second claim on one address fails to start', async () => {
        const port = await freePortOn(['127.0.0.2', '127.0.0.3'])
        const on = (hostIp: string) => ({ ports: [{ containerPort: 5000, hostPort: port, hostIp, protocol: 'tcp' as const }] })
        const a = await running(p.sleeper, on('127.0.0.2'))
        const b = await running(p.sleeper, on('127.0.0.3'))
        assert.deepEqual((await rt.inspect(a))?.ports.map((x) => [x.hostIp, x.hostPort]), [['127.0.0.2', port]])
        assert.deepEqual((await rt.inspect(b))?.ports.map((x) => [x.hostIp, x.hostPort]), [['127.0.0.3', port]])
        const c = await rt.create(spec(p.sleeper, on('127.0.0.2')))
        const e = await rt.start(c).then(() => undefined, (x: unknown) => x)
        assert.ok(isRuntimeError(e) && e.code === 'CannotStartContainerError' && e.terminal, `got ${String(e)}`)
        assert.notEqual((await rt.inspect(c))?.state, 'running')
      })
      it('memory limits and CPU shares apply', async () => {
        const id = await running(p.sleeper, { memoryMiB: 64, memoryReservationMiB: 32, cpuShares: 256 })
        assert.deepEqual((await rt.inspect(id))?.resources, { memoryMiB: 64, memoryReservationMiB: 32, cpuShares: 256 })
      })
      it('list matches every label given', async () => {
        const a = await rt.create(spec(p.sleeper, { labels: { role: 'a', tier: 'x' } }))
        await rt.create(spec(p.sleeper, { labels: { role: 'b', tier: 'x' } }))
        assert.deepEqual((await rt.list({ labels: { ...labels, role: 'a', tier: 'x' } })).map((c) => c.id), [a])
        assert.equal((await rt.list({ labels: { ...labels, tier: 'x' } })).length, 2)
      })
    })

    describe('events', () => {
      it('create, start, die with its exit code, destroy; health_status when healthy', async () => {
        const ac = new AbortController()
        const seen: RuntimeEvent[] = []
        const stream = rt.events({ signal: ac.signal, labels: { ...labels, case: 'events' } })
        const collecting = (async () => {
          for await (const e of stream) seen.push(e)
        })()
        try {
          await stream.ready
          const id = await running(p.exitsWith(7), { labels: { case: 'events' } })
          await waitFor('die', async () => seen.find((e) => e.id === id && e.type === 'die'), Boolean)
          await rt.remove(id, { force: false })
          await waitFor('destroy', async () => seen.find((e) => e.id === id && e.type === 'destroy'), Boolean)
          const types = seen.filter((e) => e.id === id).map((e) => e.type)
          assert.deepEqual(types, ['create', 'start', 'die', 'destroy'])
          assert.equal(seen.find((e) => e.id === id && e.type === 'die')?.exitCode, 7)
          const healthy = await running(p.healthy, { labels: { case: 'events' } })
          const h = await waitFor('health_status', async () => seen.find((e) => e.id === healthy && e.type === 'health_status'), Boolean)
          assert.equal(h?.health, 'healthy')
          assert.equal((await rt.inspect(healthy))?.health?.status, 'healthy')
          const other = await running(p.exitsWith(0), { labels: { case: 'not-events' } })
          await exited(other)
          assert.ok(!seen.some((e) => e.id === other), 'the label filter holds')
        } finally {
          ac.abort()
          await collecting
        }
      })
    })

    describe('capabilities', () => {
      it('logs: stdout and stderr as lines, with times', async (t) => {
        if (!hasLogs(rt)) return t.skip('no LogsRuntime')
        const id = await running(p.prints('to out', 'to err'))
        await exited(id)
        const lines = []
        for await (const l of rt.logs(id, { follow: false })) lines.push(l)
        assert.deepEqual(lines.map((l) => `${l.stream}:${l.text}`).sort(), ['stderr:to err', 'stdout:to out'])
        for (const l of lines) assert.ok(l.time > Date.UTC(2020, 0, 1), `time ${l.time}`)
      })
      it('stats: a running container has a sample with its memory limit; a stopped one none', async (t) => {
        if (!hasStats(rt)) return t.skip('no StatsRuntime')
        const id = await running(p.sleeper, { memoryMiB: 64 })
        const s = await rt.stats(id)
        assert.equal(s?.memoryLimitBytes, 64 * 1024 * 1024)
        await rt.stop(id, { timeoutMs: 5000 })
        assert.equal(await rt.stats(id), undefined)
      })
      it('volumes: created once, mounted, kept while in use, removed after', async (t) => {
        if (!hasVolumes(rt)) return t.skip('no VolumeRuntime')
        const name = `berth-contract-${run}-vol`
        await rt.createVolume({ name, labels })
        await rt.createVolume({ name, labels })
        assert.deepEqual((await rt.listVolumes({ labels })).map((v) => v.name), [name])
        const id = await rt.create(spec(p.sleeper, { mounts: [{ kind: 'volume', source: name, target: '/data' }] }))
        await rejectsWith(rt.removeVolume(name), 'CannotRemoveVolumeError')
        await rt.remove(id, { force: true })
        await rt.removeVolume(name)
        await rt.removeVolume(name)
        assert.deepEqual(await rt.listVolumes({ labels }), [])
      })
    })
  })
}
