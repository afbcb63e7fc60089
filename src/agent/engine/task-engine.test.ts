import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition } from '../../core/aws-model/ecs.types.js'
import { ManualClock } from '../../core/clock.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { EngineHarness, TEST_INSTANCE } from '../../testing/task-engine.js'
import { ManualTimers } from '../../testing/timers.js'
import { RuntimeErrors } from '../runtime/errors.js'
import { FakeRuntime } from '../runtime/fake/fake-runtime.js'
import type { RuntimeEvent } from '../runtime/observation.js'
import type { RuntimeEventStream } from '../runtime/runtime.js'

const OTHER_INSTANCE = TEST_INSTANCE.replace(/1+$/, '2'.repeat(32))
const images = { 'oneoff:1': { exitOnStart: 3 } }
const c = (name: string, image: string, more: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name, image, ...more })
const web = (id: string) => mockDesiredTask({ id, containers: [c('app', 'app:1', { portMappings: [{ containerPort: 5000 }] })] })

/** A second engine over the same runtime and clock: the agent after a restart, or another instance. */
const sibling = (h: EngineHarness, o: Parameters<typeof EngineHarness.start>[0] = {}) =>
  EngineHarness.start({ runtime: h.runtime, clock: h.clock, timers: h.timers, ...o })

async function waitUntil(done: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 2_000 && !(await done()); i++) await new Promise((r) => setTimeout(r, 1))
  assert.ok(await done(), 'timed out')
}

describe('task engine on the fake runtime', () => {
  it('never starts a task twice: the same desired set again changes nothing', async () => {
    const h = await EngineHarness.start()
    const t = web('a')
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.engine.setDesired([t])
    h.engine.setDesired([{ ...t, version: 2 }])
    await h.settle()
    assert.equal(h.runtime.callsOf('create').length, 1)
    assert.deepEqual(h.engine.snapshot().map((r) => [r.taskArn, r.knownStatus]), [[t.taskArn, 'RUNNING']])
  })

  it('adopts after a restart: the running task is reported RUNNING and nothing new is started', async () => {
    const h = await EngineHarness.start()
    const t = web('a')
    h.engine.setDesired([t])
    const before = await h.untilStatus(t, 'RUNNING')
    await h.engine.stop()

    const again = await sibling(h)
    const [hello] = again.engine.snapshot()
    assert.deepEqual([hello?.taskArn, hello?.knownStatus, hello?.containers[0]?.runtimeId, hello?.containers[0]?.networkBindings], [t.taskArn, 'RUNNING', before.containers[0]?.runtimeId, before.containers[0]?.networkBindings])
    again.engine.setDesired([t])
    await again.settle()
    assert.equal(h.runtime.callsOf('create').length, 1, 'no second container')
    assert.equal(h.runtime.callsOf('start').length, 1)
    assert.deepEqual(again.engine.snapshot().map((r) => r.knownStatus), ['RUNNING'])
    assert.deepEqual(again.started.map((i) => i.runtimeId), [before.containers[0]?.runtimeId], 'the log shipper hears of adopted containers')
    // ...and it still manages it: a stop reaches the adopted container.
    again.engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    assert.equal((await again.untilStatus(t, 'STOPPED')).containers[0]?.exitCode, 143)
  })

  it('adopts a container that exited while the agent was down: STOPPED with its exit code', async () => {
    const h = await EngineHarness.start()
    const t = web('a')
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    await h.engine.stop()
    h.runtime.exit(h.idOf(t, 'app'), 3)

    const again = await sibling(h)
    const [hello] = again.engine.snapshot()
    assert.deepEqual([hello?.knownStatus, hello?.stopCode, hello?.containers[0]?.exitCode], ['STOPPED', 'EssentialContainerExited', 3])
    again.engine.setDesired([t])
    const r = await again.untilStatus(t, 'STOPPED')
    assert.deepEqual([r.stopCode, r.containers[0]?.exitCode], ['EssentialContainerExited', 3])
    assert.equal(h.runtime.callsOf('create').length, 1)
  })

  it('continues a task the agent left half-started, creating only what is missing', async () => {
    const h = await EngineHarness.start()
    const t = mockDesiredTask({ id: 'a', containers: [c('app', 'app:1'), c('side', 'app:1')] })
    // The first agent created `app` and died before creating `side`.
    await h.runtime.pull('app:1', { policy: 'always' })
    const first = await h.runtime.create({ image: 'app:1', name: 'ecs-web-1-app-x', labels: adoptedLabels(t.taskArn, 'app') })
    const again = await sibling(h)
    again.engine.setDesired([t])
    const r = await again.untilStatus(t, 'RUNNING')
    assert.equal(r.containers[0]?.runtimeId, first)
    assert.equal(h.runtime.containers().length, 2)
  })

  it('removes orphans after the first desired set only', async () => {
    const h = await EngineHarness.start()
    const [keep, drop] = [web('a'), web('b')]
    h.engine.setDesired([keep, drop])
    await Promise.all([h.untilStatus(keep, 'RUNNING'), h.untilStatus(drop, 'RUNNING')])
    await h.engine.stop()

    const again = await sibling(h)
    assert.equal(again.engine.snapshot().length, 2, 'hello tells of both')
    again.engine.setDesired([keep])
    await waitUntil(() => h.runtime.containers().length === 1)
    assert.equal(h.runtime.containers()[0]?.labels['com.amazonaws.ecs.task-arn'], keep.taskArn)
    // A container of this instance appearing later is not an orphan sweep's business.
    await h.runtime.pull('app:1', { policy: 'always' })
    await h.runtime.create({ image: 'app:1', name: 'late', labels: adoptedLabels(web('z').taskArn, 'app') })
    again.engine.setDesired([keep])
    await again.settle()
    assert.equal(h.runtime.containers().length, 2)
  })

  it('two engines with different instance ARNs on one runtime never touch each other’s containers', async () => {
    const a = await EngineHarness.start()
    const t = web('a')
    a.engine.setDesired([t])
    await a.untilStatus(t, 'RUNNING')
    const b = await sibling(a, { containerInstanceArn: OTHER_INSTANCE })
    assert.deepEqual(b.engine.snapshot(), [], 'b adopts nothing of a')
    b.engine.setDesired([]) // b's first desired set: a's task is not b's orphan
    const u = web('u')
    b.engine.setDesired([u])
    await b.untilStatus(u, 'RUNNING')
    a.runtime.exit(a.idOf(t, 'app'), 1)
    await a.untilStatus(t, 'STOPPED')
    await b.settle()
    assert.equal(b.reportsOf(t.taskArn).length, 0)
    assert.deepEqual(a.runtime.containers().map((x) => [x.labels['com.berth.container-instance-arn'] === TEST_INSTANCE, x.state]).sort(), [[false, 'running'], [true, 'exited']])
  })

  it('removes a stopped task’s containers after the cleanup delay, once the server lets it go', async () => {
    const h = await EngineHarness.start({ fake: { images }, taskCleanupDelayMs: 60_000 })
    const t = mockDesiredTask({ id: 'a', containers: [c('job', 'oneoff:1')] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'STOPPED')
    h.timers.advance(120_000)
    await h.settle()
    assert.equal(h.runtime.containers().length, 1, 'still desired (its STOPPED report is not yet committed): kept')
    h.engine.setDesired([])
    await h.settle()
    h.timers.advance(59_999)
    await h.settle()
    assert.equal(h.runtime.containers().length, 1, 'kept during the delay')
    h.timers.advance(1)
    await waitUntil(() => h.runtime.containers().length === 0)
    assert.deepEqual(h.engine.snapshot(), [])
  })

  it('a task it cleaned up that comes back is only reported STOPPED, never run again', async () => {
    const h = await EngineHarness.start({ fake: { images } })
    const t = mockDesiredTask({ id: 'a', containers: [c('job', 'oneoff:1')] })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'STOPPED')
    h.engine.setDesired([])
    await h.settle()
    h.timers.advance(1_000)
    await waitUntil(() => h.engine.snapshot().length === 0)
    const before = h.reportsOf(t.taskArn).length
    h.engine.setDesired([t])
    await waitUntil(() => h.reportsOf(t.taskArn).length > before)
    assert.deepEqual([h.latest(t.taskArn)?.knownStatus, h.runtime.callsOf('create').length], ['STOPPED', 1])
  })

  it('stops a task that leaves the desired set', async () => {
    const h = await EngineHarness.start()
    const t = web('a')
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.engine.setDesired([])
    assert.equal((await h.untilStatus(t, 'STOPPED')).stopCode, undefined)
  })

  it('pull behavior once: pulls an image the first time, uses the cached one afterwards', async () => {
    const h = await EngineHarness.start({ pullBehavior: 'once' })
    h.engine.setDesired([web('a')])
    await h.untilStatus(web('a'), 'RUNNING')
    h.engine.setDesired([web('a'), web('b')])
    await h.untilStatus(web('b'), 'RUNNING')
    assert.deepEqual(h.runtime.callsOf('pull').map((x) => (x.args[1] as { policy: string }).policy), ['always', 'prefer-cached'])
  })

  it('looks at everything again when the event stream breaks, then listens again', async () => {
    const clock = new ManualClock()
    const timers = new ManualTimers(clock)
    const runtime = new BreakableEvents({ clock })
    const h = await EngineHarness.start({ runtime, clock, timers })
    const t = web('a')
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    runtime.breakStream()
    runtime.muted = true // the exit happens while nobody listens
    runtime.exit(h.idOf(t, 'app'), 1)
    runtime.muted = false
    await h.settle()
    assert.equal(h.latest(t.taskArn)?.knownStatus, 'RUNNING', 'not seen yet')
    timers.advance(500)
    const r = await h.untilStatus(t, 'STOPPED')
    assert.equal(r.containers[0]?.exitCode, 1)
    assert.equal(runtime.callsOf('events').length, 2)
  })
})

function adoptedLabels(taskArn: string, name: string): Record<string, string> {
  return {
    'com.amazonaws.ecs.task-arn': taskArn,
    'com.amazonaws.ecs.container-name': name,
    'com.amazonaws.ecs.cluster': 'default',
    'com.amazonaws.ecs.task-definition-family': 'web',
    'com.amazonaws.ecs.task-definition-version': '1',
    'com.berth.container-instance-arn': TEST_INSTANCE,
    'com.berth.essential': 'true',
  }
}

/** A fake whose event stream a test can break (the engine then re-inspects) or mute. */
class BreakableEvents extends FakeRuntime {
  muted = false
  #break: (() => void) | undefined

  override events(options: { signal: AbortSignal; labels?: Record<string, string> }): RuntimeEventStream {
    const inner = super.events(options)
    let broken = false
    const wake: { fn?: () => void } = {}
    this.#break = () => {
      broken = true
      wake.fn?.()
    }
    const muted = () => this.muted
    async function* iterate(): AsyncGenerator<RuntimeEvent> {
      const it = inner[Symbol.asyncIterator]()
      for (;;) {
        const next = await Promise.race([it.next(), new Promise<'broken'>((r) => (wake.fn = () => r('broken')))])
        if (broken || next === 'broken') throw RuntimeErrors.engineUnreachable('fake', 'event stream broke')
        if (next.done) return
        if (!muted()) yield next.value
      }
    }
    return { ready: inner.ready, [Symbol.asyncIterator]: () => iterate() }
  }

  breakStream(): void {
    this.#break?.()
  }
}
