import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { createConnection, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { connectTestEngine } from '../../../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../../../testing/images.js'
import { freePortOn, isPortFree } from '../../../testing/ports.js'
import { waitFor } from '../../../testing/wait.js'
import { isImagePullError, isRuntimeError } from '../errors.js'
import type { LogLine, RuntimeEvent } from '../observation.js'
import type { ContainerSpec } from '../spec.js'
import { DockerRuntime } from './docker-runtime.js'
import { resolveEngineEndpoint } from './engine-endpoint.js'

/** What only a real engine shows: traffic through published ports, signals and time, the kernel's limits. */
const engine = await connectTestEngine()
describe('DockerRuntime on a real engine', { skip: engine.skip && `no Docker Engine answers: ${engine.skip}` }, () => {
  const run = randomBytes(4).toString('hex')
  const labels = { 'berth.test': 'docker-engine', 'berth.test.run': run }
  const rt = engine.skip === undefined ? engine.runtime : new DockerRuntime()
  let n = 0
  const spec = (s: Omit<ContainerSpec, 'labels'> & { labels?: Record<string, string> }): ContainerSpec => ({
    ...s,
    name: s.name ?? `berth-engine-${run}-${++n}`,
    labels: { ...labels, ...s.labels },
  })
  const running = async (s: Parameters<typeof spec>[0]) => {
    const id = await rt.create(spec(s))
    await rt.start(id)
    return id
  }
  const web = (provider: string, ports: NonNullable<ContainerSpec['ports']>) => running({ image: TEST_IMAGES.web, env: { PROVIDER: provider }, ports })
  const get = (url: string) =>
    waitFor(`GET ${url}`, () => fetch(url).then(async (r) => ({ status: r.status, body: await r.text() }), (e: Error) => ({ status: 0, body: e.message })), (r) => r.status !== 0, { timeoutMs: 5000 })
  const exited = (id: string) => waitFor(`${id} to exit`, () => rt.inspect(id), (o) => o?.state === 'exited')
  const logsOf = async (id: string) => {
    const lines: LogLine[] = []
    for await (const l of rt.logs(id, { follow: false })) lines.push(l)
    return lines
  }

  before(async () => {
    await ensureTestImages(rt.client)
  })
  after(async () => {
    for (const c of await rt.list({ labels })) await rt.remove(c.id, { force: true, volumes: true })
    for (const v of await rt.listVolumes({ labels })) await rt.removeVolume(v.name)
    rt.close()
  })

  it('publishes one host port on two loopback addresses, each reaching its own container', async () => {
    // Port 80 as `berth up` gives each simulated host; another port when something here holds 80.
    const port = (await isPortFree(['127.0.0.2', '127.0.0.3'], 80)) ? 80 : await freePortOn(['127.0.0.2', '127.0.0.3'])
    await web('A', [{ containerPort: 5000, hostPort: port, hostIp: '127.0.0.2', protocol: 'tcp' }])
    await web('B', [{ containerPort: 5000, hostPort: port, hostIp: '127.0.0.3', protocol: 'tcp' }])
    assert.deepEqual(await get(`http://127.0.0.2:${port}/`), { status: 200, body: 'Hello A!\n' })
    assert.deepEqual(await get(`http://127.0.0.3:${port}/`), { status: 200, body: 'Hello B!\n' })
    assert.deepEqual(await get(`http://127.0.0.3:${port}/health`), { status: 200, body: 'ok\n' })
  })

  it('reports the dynamic host port it chose on 127.0.0.2, and the app answers there', async () => {
    const id = await web('Dynamic', [{ containerPort: 5000, hostPort: 0, hostIp: '127.0.0.2', protocol: 'tcp' }])
    const [binding] = (await rt.inspect(id))?.ports ?? []
    assert.equal(binding?.hostIp, '127.0.0.2')
    assert.deepEqual(await get(`http://127.0.0.2:${binding?.hostPort}/`), { status: 200, body: 'Hello Dynamic!\n' })
  })

  it('runs health checks: the web image turns healthy, a failing check unhealthy, with events', async () => {
    const ac = new AbortController()
    const events: RuntimeEvent[] = []
    const stream = rt.events({ signal: ac.signal, labels: { ...labels, case: 'health' } })
    const collecting = (async () => {
      for await (const e of stream) events.push(e)
    })()
    await stream.ready
    const check = (test: string[]) => ({ test, intervalMs: 100, timeoutMs: 2000, retries: 1 })
    const good = await running({ image: TEST_IMAGES.web, labels: { case: 'health' }, healthCheck: check(['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:5000/health']) })
    const bad = await running({ image: TEST_IMAGES.web, labels: { case: 'health' }, healthCheck: check(['CMD-SHELL', 'echo failing; exit 1']) })
    const verdict = (id: string) => waitFor(`health of ${id}`, async () => events.find((e) => e.id === id && e.type === 'health_status')?.health, Boolean)
    assert.equal(await verdict(good), 'healthy')
    assert.equal(await verdict(bad), 'unhealthy')
    const seen = await rt.inspect(bad)
    assert.deepEqual([seen?.health?.status, seen?.health?.lastOutput?.trim()], ['unhealthy', 'failing'])
    ac.abort()
    await collecting
  })

  it('stop sends SIGTERM, waits the timeout, then SIGKILL; a process that obeys stops at once', async () => {
    const stubborn = await running({ image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] })
    let t0 = performance.now()
    await rt.stop(stubborn, { timeoutMs: 1000 })
    const stubbornMs = performance.now() - t0
    assert.ok(stubbornMs >= 900 && stubbornMs < 5000, `stubborn stop took ${stubbornMs} ms`)
    assert.equal((await rt.inspect(stubborn))?.exitCode, 137)

    const obedient = await running({ image: TEST_IMAGES.web })
    t0 = performance.now()
    await rt.stop(obedient, { timeoutMs: 10_000 })
    const obedientMs = performance.now() - t0
    assert.ok(obedientMs < 2000, `obedient stop took ${obedientMs} ms`)
    assert.equal((await rt.inspect(obedient))?.exitCode, 0, 'the web image exits 0 on SIGTERM')

    // A custom signal takes Berth's own kill → wait → kill path, precise to the millisecond.
    const again = await running({ image: TEST_IMAGES.busybox, cmd: ['sleep', '3600'] })
    t0 = performance.now()
    await rt.stop(again, { timeoutMs: 400, signal: 'SIGTERM' })
    const preciseMs = performance.now() - t0
    assert.ok(preciseMs >= 380 && preciseMs < 3000, `signal stop took ${preciseMs} ms`)
    assert.equal((await rt.inspect(again))?.exitCode, 137)
  })

  it('fails to start a container whose executable is missing, terminally, and says why', async () => {
    const id = await rt.create(spec({ image: TEST_IMAGES.busybox, cmd: ['/nope'] }))
    const e = await rt.start(id).then(() => undefined, (x: unknown) => x)
    assert.ok(isRuntimeError(e) && e.code === 'CannotStartContainerError' && e.terminal, `got ${String(e)}`)
    const seen = await rt.inspect(id)
    assert.equal(seen?.state, 'created')
    assert.match(seen?.error ?? '', /\/nope.*no such file or directory/)
  })

  it('reports an OOM kill when the hard memory limit is reached', async () => {
    const id = await running({ image: TEST_IMAGES.busybox, cmd: ['sh', '-c', 'x=0123456789abcdef; while :; do x="$x$x"; done'], memoryMiB: 16 })
    const seen = await exited(id)
    assert.deepEqual([seen?.oomKilled, seen?.exitCode], [true, 137])
  })

  it('follows logs as lines are written, and ends when the container stops', async () => {
    const id = await running({ image: TEST_IMAGES.busybox, cmd: ['sh', '-c', 'echo one; sleep 0.3; echo two >&2; sleep 0.3; echo three'] })
    const lines: LogLine[] = []
    for await (const l of rt.logs(id, { follow: true })) lines.push(l)
    assert.deepEqual(lines.map((l) => [l.stream, l.text]), [['stdout', 'one'], ['stderr', 'two'], ['stdout', 'three']])
    assert.ok((lines[2]?.time ?? 0) - (lines[0]?.time ?? 0) >= 500, 'times are when each line was written')
  })

  it('samples CPU and memory counters that grow while a container works', async () => {
    const id = await running({ image: TEST_IMAGES.busybox, cmd: ['sh', '-c', 'while :; do :; done'], init: true })
    const first = await rt.stats(id)
    await new Promise((r) => setTimeout(r, 300))
    const second = await rt.stats(id)
    assert.ok(first && second)
    assert.ok(second.cpuTotalNs > first.cpuTotalNs && second.systemCpuNs > first.systemCpuNs)
    assert.ok(second.memoryUsedBytes > 0 && second.onlineCpus >= 1)
  })

  it('keeps data in a named volume across containers, and writes to a host path', async () => {
    const volume = `berth-engine-${run}-data`
    await rt.createVolume({ name: volume, labels })
    const host = mkdtempSync(join(tmpdir(), 'berth-bind-'))
    try {
      const mounts = [
        { kind: 'volume' as const, source: volume, target: '/data' },
        { kind: 'bind' as const, source: host, target: '/host' },
      ]
      await exited(await running({ image: TEST_IMAGES.busybox, cmd: ['sh', '-c', 'echo kept > /data/f; echo seen > /host/f'], mounts }))
      const reader = await running({ image: TEST_IMAGES.busybox, cmd: ['cat', '/data/f'], mounts: [{ ...mounts[0]!, readOnly: true }] })
      await exited(reader)
      assert.deepEqual((await logsOf(reader)).map((l) => l.text), ['kept'])
      assert.equal(readFileSync(join(host, 'f'), 'utf8'), 'seen\n')
    } finally {
      rmSync(host, { recursive: true, force: true })
    }
  })

  it('applies the rest of the spec: user, dirs, env, hostname, hosts, tmpfs, read-only root, ulimits, caps', async () => {
    const script = [
      'id -u', 'pwd', 'echo "$GREETING"', 'hostname', 'grep -c "10.9.8.7.*db.internal" /etc/hosts',
      'touch /rootfile 2>/dev/null && echo writable || echo readonly', 'touch /scratch/f && echo tmpfs-ok',
      'ulimit -n', 'cat /proc/sys/net/ipv4/ip_unprivileged_port_start',
    ].join('; ')
    const id = await running({
      image: TEST_IMAGES.busybox,
      entrypoint: ['sh', '-c'],
      cmd: [script],
      user: '65534',
      workingDir: '/tmp',
      env: { GREETING: 'hi there' },
      hostname: 'berth-box',
      extraHosts: [{ hostname: 'db.internal', ipAddress: '10.9.8.7' }],
      readonlyRootfs: true,
      tmpfs: [{ containerPath: '/scratch', sizeMiB: 8, mountOptions: ['mode=1777'] }],
      ulimits: [{ name: 'nofile', soft: 1234, hard: 2048 }],
      sysctls: { 'net.ipv4.ip_unprivileged_port_start': '1024' },
      capDrop: ['ALL'],
      securityOpt: ['no-new-privileges'],
      stopTimeoutSeconds: 3,
    })
    await exited(id)
    assert.deepEqual((await logsOf(id)).map((l) => l.text), ['65534', '/tmp', 'hi there', 'berth-box', '1', 'readonly', 'tmpfs-ok', '1234', '1024'])
  })

  it('speaks to an engine over tcp:// (DOCKER_HOST), here a local forwarder to the socket', async (t) => {
    const local = resolveEngineEndpoint()
    if (local.kind !== 'unix') return t.skip('DOCKER_HOST is already tcp://')
    const proxy = createServer((c) => c.pipe(createConnection(local.socketPath)).pipe(c))
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r))
    const port = (proxy.address() as { port: number }).port
    const remote = new DockerRuntime({ endpoint: resolveEngineEndpoint({ DOCKER_HOST: `tcp://127.0.0.1:${port}` }) })
    try {
      const id = await remote.create(spec({ image: TEST_IMAGES.busybox, cmd: ['true'] }))
      assert.equal((await remote.inspect(id))?.state, 'created')
      assert.equal((await remote.info()).engine, 'docker')
    } finally {
      remote.close()
      proxy.close()
    }
  })

  it('sorts pull failures from a registry: manifest unknown → not-found, 401 → unauthorized (both terminal)', async () => {
    const registry = http.createServer((req, res) => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers })
        res.end(JSON.stringify(body))
      }
      if (req.url === '/v2/') return json(200, {})
      if (req.url?.startsWith('/v2/private/')) return json(401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }, { 'www-authenticate': 'Basic realm="berth"' })
      json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] })
    })
    await new Promise<void>((r) => registry.listen(0, '127.0.0.1', r))
    const host = `127.0.0.1:${(registry.address() as { port: number }).port}`
    try {
      for (const [image, kind] of [[`${host}/berth/absent:1`, 'not-found'], [`${host}/private/app:1`, 'unauthorized']] as const) {
        const e = await rt.pull(image, { policy: 'always' }).then(() => undefined, (x: unknown) => x)
        assert.ok(isImagePullError(e) && e.kind === kind && e.terminal && !e.retryable, `${image}: got ${String(e)}`)
      }
    } finally {
      registry.close()
    }
  })
})
