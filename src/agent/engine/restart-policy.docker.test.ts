import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import type { TaskReport } from '../../core/agent-protocol.js'
import { ManualClock } from '../../core/clock.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { connectTestEngine } from '../../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../../testing/images.js'
import { waitFor } from '../../testing/wait.js'
import { DockerRuntime } from '../runtime/docker/docker-runtime.js'
import type { TaskEngine } from './engine.js'
import { instanceFilter } from './labels.js'
import { createTaskEngine } from './task-engine.js'

/**
 * restartPolicy on a real Docker Engine: an exited container is started again in place (the
 * same container, a new run) and the task stays RUNNING. The engine's clock is moved by hand
 * past restartAttemptPeriod (60 s) rather than waited for.
 */
const docker = await connectTestEngine()
describe('restart policy on a real engine', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const run = randomBytes(4).toString('hex')
  const instance = `arn:aws:ecs:us-east-1:000000000000:container-instance/berth-test/${run.padStart(32, '0')}`
  const rt = docker.skip === undefined ? docker.runtime : new DockerRuntime()
  const reports: TaskReport[] = []
  const clock = new ManualClock(Date.now())
  let engine: TaskEngine | undefined

  before(async () => {
    await ensureTestImages(rt.client)
  })
  after(async () => {
    await engine?.stop()
    for (const c of await rt.list({ labels: instanceFilter(instance) })) await rt.remove(c.id, { force: true, volumes: true })
    rt.close()
  })

  it('restarts an essential container that exits after its period, then lets a second exit within it stop the task', async () => {
    // 127.0.9.2: no other test binds there. Nothing is published; the engine needs an address.
    engine = createTaskEngine({ runtime: rt, containerInstanceArn: instance, cluster: 'default', bindIp: '127.0.9.2', pullBehavior: 'prefer-cached', clock })
    engine.onReport((r) => reports.push(r))
    await engine.start()
    const t = mockDesiredTask({
      id: `${run}0001`,
      family: 'berth-test',
      containers: [{ name: 'app', image: TEST_IMAGES.busybox, command: ['sleep', '3600'], restartPolicy: { enabled: true, restartAttemptPeriod: 60 }, dockerLabels: { 'berth.test.run': run } }],
    })
    const latest = () => reports.filter((r) => r.taskArn === t.taskArn).at(-1)
    const until = (status: TaskReport['knownStatus']) => waitFor(`task ${status}`, async () => latest(), (r) => r?.knownStatus === status)
    engine.setDesired([t])
    const running = await until('RUNNING')
    const id = running?.containers[0]?.runtimeId ?? assert.fail('no runtime id')
    const firstRun = await rt.inspect(id)

    clock.advance(60_000)
    await rt.stop(id, { timeoutMs: 0 }) // SIGKILL: exit 137, not asked for by the agent
    const rerun = await waitFor('the restarted run', () => rt.inspect(id), (o) => o?.state === 'running' && o.startedAt !== firstRun?.startedAt)
    assert.ok(rerun)
    assert.equal(latest()?.knownStatus, 'RUNNING')
    assert.ok(reports.filter((r) => r.taskArn === t.taskArn).every((r) => r.containers[0]?.status !== 'STOPPED'), 'the container was reported stopped')
    assert.equal((await rt.list({ labels: instanceFilter(instance) })).length, 1, 'restarted in place, not replaced')

    await rt.stop(id, { timeoutMs: 0 })
    const stopped = await until('STOPPED')
    assert.deepEqual([stopped?.stopCode, stopped?.containers[0]?.exitCode, stopped?.containers[0]?.runtimeId], ['EssentialContainerExited', 137, id])
  })
})
