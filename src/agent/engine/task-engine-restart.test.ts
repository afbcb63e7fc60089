import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition, ContainerRestartPolicy } from '../../core/aws-model/ecs.types.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { EngineHarness } from '../../testing/task-engine.js'
import { RuntimeErrors } from '../runtime/errors.js'

const MINUTE = 60_000
const policy: ContainerRestartPolicy = { enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 60 }
const app = (more: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'app', image: 'app:1', restartPolicy: policy, ...more })
const plain: ContainerDefinition = { name: 'app', image: 'app:1' }

/** restartPolicy on the fake runtime: the clock is moved by hand, so "ran 60 s" is exact. */
describe('restart policy on the fake runtime', () => {
  it('restarts an essential container that exits after its period in place; the task stays RUNNING', async () => {
    const h = await EngineHarness.start()
    const t = mockDesiredTask({ id: 'a', containers: [app()] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    const id = h.idOf(t, 'app')
    h.timers.advance(MINUTE)
    h.runtime.exit(id, 1)
    await h.until(t, () => h.runtime.callsOf('start').length === 2, 'the restart')
    await h.settle()
    const r = h.latest(t.taskArn)!
    assert.deepEqual([r.knownStatus, r.containers[0]?.status, r.containers[0]?.runtimeId, r.containers[0]?.exitCode], ['RUNNING', 'RUNNING', id, undefined])
    assert.ok(h.reportsOf(t.taskArn).every((x) => x.knownStatus !== 'STOPPED' && x.containers[0]?.status !== 'STOPPED'), 'reported stopped on the way')
    assert.equal(h.runtime.callsOf('create').length, 1, 'restarted in place, not created again')
    assert.equal(h.started.filter((i) => i.runtimeId === id).length, 2, 'the log shipper is told it runs again')
  })

  it('stops the task when it exits again within the period since its restart', async () => {
    const h = await EngineHarness.start()
    const t = mockDesiredTask({ id: 'a', containers: [app()] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.timers.advance(MINUTE)
    h.runtime.exit(h.idOf(t, 'app'), 1)
    await h.until(t, () => h.runtime.callsOf('start').length === 2, 'the restart')
    h.timers.advance(MINUTE - 1)
    h.runtime.exit(h.idOf(t, 'app'), 2)
    const r = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual([r.stopCode, r.containers[0]?.exitCode], ['EssentialContainerExited', 2])
    assert.equal(h.runtime.callsOf('start').length, 2)
  })

  const stays: { why: string; container: ContainerDefinition; afterMs: number; code: number }[] = [
    { why: 'an ignored exit code', container: app(), afterMs: 10 * MINUTE, code: 0 },
    { why: 'an exit before the period', container: app(), afterMs: MINUTE - 1, code: 1 },
    { why: 'a policy that is not enabled', container: app({ restartPolicy: { enabled: false } }), afterMs: 10 * MINUTE, code: 1 },
    { why: 'no policy: 300 s is only the default period of one', container: plain, afterMs: 10 * MINUTE, code: 1 },
  ]
  for (const s of stays) {
    it(`does not restart after ${s.why}: the essential container stops the task`, async () => {
      const h = await EngineHarness.start()
      const t = mockDesiredTask({ id: 'a', containers: [s.container] })
      h.engine.setDesired([t])
      await h.untilStatus(t, 'RUNNING')
      h.timers.advance(s.afterMs)
      h.runtime.exit(h.idOf(t, 'app'), s.code)
      const r = await h.untilStatus(t, 'STOPPED')
      assert.deepEqual([r.stopCode, r.containers[0]?.exitCode], ['EssentialContainerExited', s.code])
      assert.equal(h.runtime.callsOf('start').length, 1)
    })
  }

  it('restarts nothing in a task the server stops', async () => {
    const h = await EngineHarness.start()
    const t = mockDesiredTask({ id: 'a', containers: [app()] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.timers.advance(10 * MINUTE)
    h.engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.equal(r.containers[0]?.exitCode, 143)
    assert.equal(h.runtime.callsOf('start').length, 1)
  })

  it('ends a container whose restart cannot start it with the exit it was restarted from', async () => {
    const h = await EngineHarness.start()
    const t = mockDesiredTask({ id: 'a', containers: [app()] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.timers.advance(MINUTE)
    h.runtime.failNext('start', RuntimeErrors.refused('CannotStartContainerError', 'no such file', true))
    h.runtime.exit(h.idOf(t, 'app'), 1)
    const r = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual([r.stopCode, r.containers[0]?.exitCode], ['EssentialContainerExited', 1])
    assert.match(r.containers[0]?.reason ?? '', /^CannotStartContainerError: /)
  })

  it('keeps a task running through a restart of a non-essential container too', async () => {
    const h = await EngineHarness.start()
    const t = mockDesiredTask({ id: 'a', containers: [plain, app({ name: 'side', essential: false })] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.timers.advance(MINUTE)
    h.runtime.exit(h.idOf(t, 'side'), 1)
    await h.until(t, () => h.runtime.callsOf('start').length === 3, 'the restart')
    await h.settle()
    assert.deepEqual(h.latest(t.taskArn)?.containers.map((c) => c.status), ['RUNNING', 'RUNNING'])
  })
})
