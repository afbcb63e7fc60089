import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { DesiredTask, TaskReport } from '../../core/agent-protocol.js'
import type { ContainerDefinition, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { connectTestEngine } from '../../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../../testing/images.js'
import { waitFor } from '../../testing/wait.js'
import { DockerRuntime } from '../runtime/docker/docker-runtime.js'
import type { TaskEngine } from './engine.js'
import { instanceFilter } from './labels.js'
import { createTaskEngine } from './task-engine.js'

/** The engine on a real Docker Engine: exit codes, ports, volumes, stop timing, adoption, awsvpc. */
const docker = await connectTestEngine()
describe('task engine on a real engine', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const run = randomBytes(4).toString('hex')
  // A per-run instance ARN: everything the engines make carries it, and after() removes it all.
  const instance = `arn:aws:ecs:us-east-1:000000000000:container-instance/berth-test/${run.padStart(32, '0')}`
  const rt = docker.skip === undefined ? docker.runtime : new DockerRuntime()
  const engines: TaskEngine[] = []
  const reports: TaskReport[] = []
  let n = 0

  const newEngine = async () => {
    const engine = createTaskEngine({ runtime: rt, containerInstanceArn: instance, cluster: 'default', bindIp: '127.0.0.2', pullBehavior: 'prefer-cached', taskCleanupDelayMs: 0 })
    engine.onReport((r) => reports.push(r))
    engines.push(engine)
    await engine.start()
    return engine
  }
  const task = (containers: ContainerDefinition[], td: Partial<TaskDefinition> = {}): DesiredTask =>
    mockDesiredTask({
      id: `${run}${(++n).toString(16).padStart(4, '0')}`,
      family: 'berth-test',
      containers: containers.map((c) => ({ ...c, dockerLabels: { 'berth.test.run': run } })),
      taskDefinition: td,
    })
  const latest = (t: DesiredTask) => reports.filter((r) => r.taskArn === t.taskArn).at(-1)
  const until = (t: DesiredTask, status: TaskReport['knownStatus'], timeoutMs = 10_000) =>
    waitFor(`${t.taskArn} ${status}`, async () => latest(t), (r) => r?.knownStatus === status, { timeoutMs, intervalMs: 10 }) as Promise<TaskReport>
  const get = (url: string) =>
    waitFor(
      `GET ${url}`,
      // Each try bounded: once, in a full run, a fetch here never settled (no socket, no timer left) and the file hung.
      () => fetch(url, { signal: AbortSignal.timeout(2_000) }).then(async (r) => ({ status: r.status, body: await r.text() }), (e: Error) => ({ status: 0, body: e.message })),
      (r) => r.status !== 0,
      { timeoutMs: 10_000 },
    )
  const ours = () => rt.list({ labels: instanceFilter(instance) })

  before(async () => {
    await ensureTestImages(rt.client)
  })
  after(async () => {
    for (const e of engines) await e.stop()
    for (const c of await ours()) await rt.remove(c.id, { force: true, volumes: true })
    for (const v of await rt.listVolumes({ labels: instanceFilter(instance) })) await rt.removeVolume(v.name)
    rt.close()
  })

  it('a one-off task that exits 3 is STOPPED with exit code 3 (EssentialContainerExited), then cleaned up', async () => {
    const engine = await newEngine()
    const t = task([{ name: 'job', image: TEST_IMAGES.busybox, command: ['sh', '-c', 'exit 3'] }])
    engine.setDesired([t])
    const r = await until(t, 'STOPPED')
    assert.deepEqual([r.stopCode, r.stoppedReason, r.containers[0]?.exitCode, r.containers[0]?.status], ['EssentialContainerExited', 'Essential container in task exited', 3, 'STOPPED'])
    const [seen] = await rt.list({ labels: { 'com.amazonaws.ecs.task-arn': t.taskArn } })
    assert.match(seen?.name ?? '', /^ecs-berth-test-1-job-[0-9a-f]{20}$/)
    engine.setDesired([]) // the server has the STOPPED report: the agent may let the task go
    await waitFor('cleanup', () => rt.list({ labels: { 'com.amazonaws.ecs.task-arn': t.taskArn } }), (l) => l.length === 0)
  })

  it('runs a web task with a dynamic port on 127.0.0.2 that answers on the reported host port', async () => {
    const engine = await newEngine()
    const t = task([{ name: 'web', image: TEST_IMAGES.web, environment: [{ name: 'PROVIDER', value: 'Berth' }], portMappings: [{ containerPort: 5000 }], memory: 64 }])
    engine.setDesired([t])
    const r = await until(t, 'RUNNING')
    const [binding] = r.containers[0]?.networkBindings ?? []
    assert.equal(binding?.bindIP, '127.0.0.2')
    assert.ok((binding?.hostPort ?? 0) > 0)
    assert.deepEqual(await get(`http://127.0.0.2:${binding?.hostPort}/`), { status: 200, body: 'Hello Berth!\n' })
    assert.equal((await rt.inspect(r.containers[0]?.runtimeId ?? ''))?.resources.memoryMiB, 64)
  })

  it('a host port already taken fails the task to start: CannotStartContainerError, with the engine message', async () => {
    const engine = await newEngine()
    const holder = createServer()
    await new Promise<void>((r) => holder.listen(0, '127.0.0.2', r))
    const port = (holder.address() as { port: number }).port
    try {
      const t = task([{ name: 'web', image: TEST_IMAGES.web, portMappings: [{ containerPort: 5000, hostPort: port }] }])
      engine.setDesired([t])
      const r = await until(t, 'STOPPED')
      assert.equal(r.stopCode, 'TaskFailedToStart')
      assert.match(r.stoppedReason ?? '', new RegExp(`^CannotStartContainerError: .*127\\.0\\.0\\.2:${port}.*(address already in use|port is already allocated)`))
      assert.equal(r.containers[0]?.reason, r.stoppedReason)
    } finally {
      holder.close()
    }
  })

  it('mounts a host volume the container writes to, visible on the host', async () => {
    const engine = await newEngine()
    const dir = mkdtempSync(join(tmpdir(), 'berth-engine-vol-'))
    try {
      const t = task([{ name: 'writer', image: TEST_IMAGES.busybox, command: ['sh', '-c', 'echo written-by-task > /data/out'], mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }], {
        volumes: [{ name: 'data', host: { sourcePath: dir } }],
      })
      engine.setDesired([t])
      assert.equal((await until(t, 'STOPPED')).containers[0]?.exitCode, 0)
      assert.equal(readFileSync(join(dir, 'out'), 'utf8'), 'written-by-task\n')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('stops a container that ignores SIGTERM with SIGKILL after its stopTimeout of 1 s', async () => {
    const engine = await newEngine()
    // busybox sleep as PID 1 has no SIGTERM handler: the kernel drops the signal.
    const t = task([{ name: 'stubborn', image: TEST_IMAGES.busybox, command: ['sleep', '3600'], stopTimeout: 1 }])
    engine.setDesired([t])
    await until(t, 'RUNNING')
    const t0 = performance.now()
    engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    const r = await until(t, 'STOPPED')
    const ms = performance.now() - t0
    // It waited for its stopTimeout (a lower bound holds on any machine), then was killed (137).
    assert.ok(ms >= 900, `stopped after ${Math.round(ms)} ms`)
    assert.deepEqual([r.containers[0]?.exitCode, r.stopCode], [137, undefined])
  })

  it('a restarted engine adopts the running task and starts no second container', async () => {
    const first = await newEngine()
    const t = task([{ name: 'web', image: TEST_IMAGES.web, environment: [{ name: 'PROVIDER', value: 'Adopted' }], portMappings: [{ containerPort: 5000 }] }])
    first.setDesired([t])
    const before = await until(t, 'RUNNING')
    await first.stop()

    const second = await newEngine()
    const [hello] = second.snapshot().filter((r) => r.taskArn === t.taskArn)
    assert.deepEqual([hello?.knownStatus, hello?.containers[0]?.runtimeId], ['RUNNING', before.containers[0]?.runtimeId])
    second.setDesired([t])
    await new Promise((r) => setTimeout(r, 200))
    const containers = await rt.list({ labels: { 'com.amazonaws.ecs.task-arn': t.taskArn } })
    assert.deepEqual(containers.map((c) => [c.id, c.state]), [[before.containers[0]?.runtimeId, 'running']])
    const port = before.containers[0]?.networkBindings?.[0]?.hostPort
    assert.deepEqual(await get(`http://127.0.0.2:${port}/`), { status: 200, body: 'Hello Adopted!\n' })
    // The adopted task is managed: stopping it works.
    second.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    assert.equal((await until(t, 'STOPPED')).containers[0]?.exitCode, 0)
  })

  it('awsvpc: the task’s containers share localhost through the holder, whose reported address answers from the host', async () => {
    const engine = await newEngine()
    const probe = 'for i in $(seq 100); do wget -q -O- http://127.0.0.1:5000/ | grep -q "Hello Vpc" && exit 0; sleep 0.1; done; exit 1'
    const t = task(
      [
        { name: 'web', image: TEST_IMAGES.web, environment: [{ name: 'PROVIDER', value: 'Vpc' }], portMappings: [{ containerPort: 5000, hostPort: 5000 }] },
        { name: 'probe', image: TEST_IMAGES.busybox, essential: false, command: ['sh', '-c', probe], dependsOn: [{ containerName: 'web', condition: 'START' }] },
      ],
      { networkMode: 'awsvpc' },
    )
    engine.setDesired([t])
    const r = await waitFor('the probe to finish', async () => latest(t), (x) => x?.containers[1]?.status === 'STOPPED', { timeoutMs: 15_000, intervalMs: 20 })
    assert.deepEqual([r?.knownStatus, r?.containers[1]?.exitCode], ['RUNNING', 0], 'the probe reached web on 127.0.0.1')
    assert.equal(r?.containers[0]?.networkBindings, undefined, 'nothing published on the host')
    const nic = r?.networkInterface
    assert.match(nic?.privateIpv4Address ?? '', /^\d+\.\d+\.\d+\.\d+$/)
    assert.match(nic?.macAddress ?? '', /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/)
    assert.deepEqual(await get(`http://${nic?.privateIpv4Address}:5000/`), { status: 200, body: 'Hello Vpc!\n' })
    const all = await rt.list({ labels: { 'com.amazonaws.ecs.task-arn': t.taskArn } })
    assert.equal(all.length, 3, 'web, probe and the holder')
    engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    await until(t, 'STOPPED')
  })
})
