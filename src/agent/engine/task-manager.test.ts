import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition } from '../../core/aws-model/ecs.types.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { ManualClock } from '../../core/clock.js'
import { EngineHarness, TEST_INSTANCE } from '../../testing/task-engine.js'
import { ManualTimers } from '../../testing/timers.js'
import type { ContainerSpec } from '../runtime/spec.js'
import { PAUSE_IMAGE } from './pause-image.js'

const images = {
  'oneoff:1': { exitOnStart: 3 },
  'init-ok:1': { exitOnStart: 0 },
  'init-bad:1': { exitOnStart: 1 },
  'stubborn:1': { ignoresStopSignal: true },
  'healthy:1': { health: 'healthy' as const },
}
const start = (o: Parameters<typeof EngineHarness.start>[0] = {}) => EngineHarness.start({ fake: { images }, ...o })
const task = (containers: ContainerDefinition[], more: Parameters<typeof mockDesiredTask>[0] = {}) => mockDesiredTask({ containers, ...more })
const c = (name: string, image: string, more: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name, image, ...more })
const createdNames = (h: EngineHarness) => h.runtime.callsOf('create').map((call) => (call.args[0] as ContainerSpec).labels['com.amazonaws.ecs.container-name'])
const startedIds = (h: EngineHarness) => h.runtime.callsOf('start').map((call) => call.args[0] as string)

describe('TaskManager on the fake runtime', () => {
  it('runs a task to RUNNING: pull, create, start, with reports in order', async () => {
    const h = await start()
    const t = task([c('app', 'app:1', { portMappings: [{ containerPort: 5000 }], memory: 128 })])
    h.engine.setDesired([t])
    const running = await h.untilStatus(t, 'RUNNING')
    assert.deepEqual(h.runtime.calls.map((x) => x.op).filter((op) => op !== 'inspect'), ['events', 'list', 'pull', 'list', 'create', 'start'])
    const statuses = h.reportsOf(t.taskArn).map((r) => `${r.knownStatus}/${r.containers[0]?.status}`)
    assert.equal(statuses[0], 'PENDING/PENDING')
    assert.equal(statuses.at(-1), 'RUNNING/RUNNING')
    assert.ok(statuses.indexOf('RUNNING/RUNNING') === statuses.length - 1, `RUNNING comes last: ${statuses.join(' ')}`)
    const [app] = running.containers
    assert.deepEqual(app?.networkBindings, [{ bindIP: '127.0.0.2', containerPort: 5000, hostPort: 32768, protocol: 'tcp' }])
    assert.match(app?.imageDigest ?? '', /^sha256:/)
    assert.equal(app?.runtimeId, h.runtime.containers()[0]?.id)
    assert.deepEqual([typeof running.pullStartedAt, typeof running.pullStoppedAt, typeof running.startedAt], ['number', 'number', 'number'])
    assert.equal(running.healthStatus, 'UNKNOWN')
    const spec = h.runtime.callsOf('create')[0]?.args[0] as ContainerSpec
    assert.match(spec.name ?? '', /^ecs-web-1-app-[0-9a-f]{20}$/)
    assert.equal(spec.labels['com.berth.container-instance-arn'], TEST_INSTANCE)
    assert.deepEqual(h.started.map((i) => [i.containerName, i.family, i.taskId]), [['app', 'web', t.taskArn.slice(-32)]])
  })

  it('an essential container that exits stops the task: EssentialContainerExited, with its exit code', async () => {
    const h = await start()
    const t = task([c('job', 'oneoff:1')])
    h.engine.setDesired([t])
    const stopped = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual([stopped.stopCode, stopped.stoppedReason], ['EssentialContainerExited', 'Essential container in task exited'])
    assert.deepEqual([stopped.containers[0]?.status, stopped.containers[0]?.exitCode], ['STOPPED', 3])
    assert.equal(typeof stopped.executionStoppedAt, 'number')
  })

  it('stops the other containers when an essential one exits later', async () => {
    const h = await start()
    const t = task([c('app', 'app:1'), c('worker', 'app:1')])
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.runtime.exit(h.idOf(t, 'worker'), 2)
    const stopped = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual(stopped.containers.map((x) => [x.name, x.exitCode]), [['app', 143], ['worker', 2]])
    assert.equal(stopped.stopCode, 'EssentialContainerExited')
  })

  it('a non-essential container that exits is reported STOPPED with its code; the task runs on', async () => {
    const h = await start()
    const t = task([c('app', 'app:1'), c('side', 'app:1', { essential: false })])
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.runtime.exit(h.idOf(t, 'side'), 1)
    const r = await h.until(t, (x) => x.containers[1]?.status === 'STOPPED')
    assert.deepEqual([r.knownStatus, r.containers[0]?.status, r.containers[1]?.exitCode, r.stopCode], ['RUNNING', 'RUNNING', 1, undefined])
  })

  it('dependsOn SUCCESS and COMPLETE: the app starts only after its init containers exit', async () => {
    const h = await start()
    const t = task([
      c('app', 'app:1', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }, { containerName: 'seed', condition: 'COMPLETE' }] }),
      c('migrate', 'init-ok:1', { essential: false }),
      c('seed', 'init-bad:1', { essential: false }),
    ])
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'RUNNING')
    const ids = Object.fromEntries(r.containers.map((x) => [x.name, x.runtimeId]))
    assert.deepEqual(startedIds(h).at(-1), ids['app'], 'app is started last')
    assert.deepEqual(r.containers.map((x) => [x.name, x.status, x.exitCode]), [['app', 'RUNNING', undefined], ['migrate', 'STOPPED', 0], ['seed', 'STOPPED', 1]])
  })

  it('dependsOn SUCCESS that fails: the dependent cannot start, and the task fails to start', async () => {
    const h = await start()
    const t = task([c('app', 'app:1', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }), c('migrate', 'init-bad:1', { essential: false })])
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.equal(r.stopCode, 'TaskFailedToStart')
    assert.equal(r.stoppedReason, "Dependency 'migrate' exited with code 1, so condition SUCCESS cannot be met")
    assert.deepEqual(r.containers.map((x) => [x.name, x.reason]), [['app', r.stoppedReason], ['migrate', undefined]])
    assert.equal(startedIds(h).length, 1, 'only migrate ever started')
  })

  it('dependsOn HEALTHY: waits for the health check, then starts', async () => {
    const h = await start()
    const check = { command: ['CMD', 'true'] }
    const t = task([c('app', 'app:1', { dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }), c('db', 'app:1', { healthCheck: check })])
    h.engine.setDesired([t])
    await h.until(t, (r) => r.containers[1]?.status === 'RUNNING')
    await h.settle()
    assert.equal(startedIds(h).length, 1, 'app waits while db is starting')
    h.runtime.setHealth(h.idOf(t, 'db'), 'healthy')
    const r = await h.untilStatus(t, 'RUNNING')
    assert.deepEqual([r.containers[1]?.healthStatus, r.healthStatus], ['HEALTHY', 'HEALTHY'])
  })

  it('startTimeout: a dependency not met in time fails the essential dependent, and the task', async () => {
    const h = await start()
    const t = task([c('app', 'app:1', { startTimeout: 5, dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }), c('db', 'app:1', { healthCheck: { command: ['CMD', 'true'] } })])
    h.engine.setDesired([t])
    await h.until(t, (r) => r.containers[1]?.status === 'RUNNING')
    await h.settle()
    h.timers.advance(4_999)
    await h.settle()
    assert.equal(h.latest(t.taskArn)?.containers[0]?.status, 'PENDING', 'still waiting at 4.999 s')
    h.timers.advance(1)
    const r = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual([r.stopCode, r.stoppedReason], ['TaskFailedToStart', "Dependency 'db' did not reach HEALTHY within its startTimeout of 5 s"])
    assert.deepEqual(r.containers.map((x) => x.status), ['STOPPED', 'STOPPED'])
  })

  it('a pull failure stops the task: TaskFailedToStart, CannotPullContainerError with the engine message', async () => {
    const h = await start()
    h.runtime.failPull('missing:1', 'not-found')
    const t = task([c('app', 'missing:1')])
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'STOPPED')
    const reason = 'CannotPullContainerError: pull missing:1: fake registry: not-found'
    assert.deepEqual([r.stopCode, r.stoppedReason, r.containers[0]?.reason], ['TaskFailedToStart', reason, reason])
    assert.equal(h.runtime.callsOf('create').length, 0)
    assert.equal(typeof r.pullStoppedAt, 'number')
  })

  it('a start failure (a host port already taken) stops the task: CannotStartContainerError', async () => {
    const h = await start()
    const port = [{ containerPort: 5000, hostPort: 8080 }]
    const first = task([c('app', 'app:1', { portMappings: port })], { id: 'a' })
    const second = task([c('app', 'app:1', { portMappings: port })], { id: 'b' })
    h.engine.setDesired([first])
    await h.untilStatus(first, 'RUNNING')
    h.engine.setDesired([first, second])
    const r = await h.untilStatus(second, 'STOPPED')
    assert.equal(r.stopCode, 'TaskFailedToStart')
    assert.match(r.stoppedReason ?? '', /^CannotStartContainerError: Bind for 127\.0\.0\.2:8080 failed: port is already allocated$/)
  })

  it('retries a transient failure, then goes on', async () => {
    const h = await start()
    const { RuntimeErrors } = await import('../runtime/errors.js')
    h.runtime.failNext('create', RuntimeErrors.timeout('POST /containers/create', 60_000))
    const t = task([c('app', 'app:1')])
    h.engine.setDesired([t])
    await h.until(t, () => h.runtime.callsOf('create').length === 1)
    await h.settle()
    h.timers.advance(500)
    await h.untilStatus(t, 'RUNNING')
    assert.equal(h.runtime.callsOf('create').length, 2)
  })

  it('retries even when the retry timer fires a millisecond before the clock says it is due', async () => {
    // Node's timers keep the event loop's cached time, Date.now() the wall clock: a timer can
    // fire a moment early by the clock. The wake must not be the retry's only chance.
    const clock = new ManualClock()
    const timers = new (class extends ManualTimers {
      override after(ms: number, fn: () => void): () => void {
        return super.after(ms - 1, fn)
      }
    })(clock)
    const h = await start({ clock, timers })
    const { RuntimeErrors } = await import('../runtime/errors.js')
    h.runtime.failNext('create', RuntimeErrors.timeout('POST /containers/create', 60_000))
    const t = task([c('app', 'app:1')])
    h.engine.setDesired([t])
    await h.until(t, () => h.runtime.callsOf('create').length === 1)
    await h.settle()
    h.timers.advance(499) // the retry's timer fires, and the clock says 499 ms: not due yet
    await h.settle()
    assert.equal(h.runtime.callsOf('create').length, 1)
    h.timers.advance(1)
    await h.untilStatus(t, 'RUNNING')
    assert.equal(h.runtime.callsOf('create').length, 2)
  })

  it('looks again when the runtime cannot say what a container is doing', async () => {
    const h = await start()
    const t = task([c('app', 'app:1')])
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    const { RuntimeErrors } = await import('../runtime/errors.js')
    h.runtime.failNext('inspect', RuntimeErrors.engineUnreachable('fake', 'ECONNREFUSED'))
    h.runtime.exit(h.idOf(t, 'app'), 4)
    await h.settle()
    assert.equal(h.latest(t.taskArn)?.knownStatus, 'RUNNING', 'the inspect failed: not known yet')
    h.timers.advance(2_000)
    assert.equal((await h.untilStatus(t, 'STOPPED')).containers[0]?.exitCode, 4)
  })

  it('stops on request with the container’s stopTimeout, SIGKILL after it; no stop code from the agent', async () => {
    const h = await start()
    const t = task([c('app', 'stubborn:1', { stopTimeout: 1 })])
    h.engine.setDesired([t])
    await h.untilStatus(t, 'RUNNING')
    h.engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual(h.runtime.callsOf('stop').map((x) => x.args[1]), [{ timeoutMs: 1_000 }])
    assert.deepEqual([r.containers[0]?.exitCode, r.stopCode, r.stoppedReason], [137, undefined, undefined])
  })

  it('uses the agent default stop timeout when the container gives none, and stops dependents first', async () => {
    const h = await start({ defaultStopTimeoutMs: 7_000 })
    const t = task([c('app', 'app:1', { dependsOn: [{ containerName: 'proxy', condition: 'START' }] }), c('proxy', 'app:1')])
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'RUNNING')
    h.engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    await h.untilStatus(t, 'STOPPED')
    const ids = Object.fromEntries(r.containers.map((x) => [x.name, x.runtimeId]))
    assert.deepEqual(h.runtime.callsOf('stop').map((x) => [x.args[0], x.args[1]]), [[ids['app'], { timeoutMs: 7_000 }], [ids['proxy'], { timeoutMs: 7_000 }]])
  })

  it('health: HEALTHY when every essential checked container is; UNHEALTHY does not stop the task', async () => {
    const h = await start()
    const check = { command: ['CMD', 'true'] }
    const t = task([c('app', 'healthy:1', { healthCheck: check }), c('side', 'app:1', { essential: false, healthCheck: check })])
    h.engine.setDesired([t])
    await h.until(t, (r) => r.healthStatus === 'HEALTHY')
    h.runtime.setHealth(h.idOf(t, 'app'), 'unhealthy')
    const r = await h.until(t, (x) => x.healthStatus === 'UNHEALTHY')
    assert.deepEqual([r.knownStatus, r.containers[0]?.healthStatus, r.containers[1]?.healthStatus], ['RUNNING', 'UNHEALTHY', 'UNKNOWN'])
  })

  it('refuses a privileged container where not allowed, saying why', async () => {
    const h = await start()
    const t = task([c('app', 'app:1', { privileged: true })])
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.equal(r.stopCode, 'TaskFailedToStart')
    assert.match(r.stoppedReason ?? '', /privileged mode, which this container instance does not allow/)
    assert.equal(h.runtime.callsOf('pull').length, 0)
  })

  it('a task desired STOPPED that never ran is reported STOPPED, with nothing created', async () => {
    const h = await start()
    const t = task([c('app', 'app:1')], { desiredStatus: 'STOPPED' })
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.deepEqual([r.containers[0]?.status, r.stopCode], ['STOPPED', undefined])
    assert.equal(h.runtime.callsOf('create').length, 0)
  })

  it('makes task volumes before the containers, and removes them at cleanup', async () => {
    const h = await start()
    const t = task([c('app', 'oneoff:1', { mountPoints: [{ sourceVolume: 'scratch', containerPath: '/scratch' }] })], { taskDefinition: { volumes: [{ name: 'scratch' }] } })
    h.engine.setDesired([t])
    await h.untilStatus(t, 'STOPPED')
    const ops = h.runtime.calls.map((x) => x.op)
    assert.ok(ops.indexOf('createVolume') < ops.indexOf('create'))
    assert.equal((await h.runtime.listVolumes({ labels: { 'com.amazonaws.ecs.task-arn': t.taskArn } })).length, 1)
    h.engine.setDesired([])
    await h.settle()
    h.timers.advance(1_000)
    await waitUntil(() => h.runtime.containers().length === 0 && h.engine.snapshot().length === 0)
    assert.equal((await h.runtime.listVolumes({ labels: { 'com.amazonaws.ecs.task-arn': t.taskArn } })).length, 0)
  })

  it('awsvpc: builds the holder image, starts the holder first, reports the holder’s address as the task’s interface', async () => {
    const h = await start()
    const t = task([c('app', 'app:1', { portMappings: [{ containerPort: 5000, hostPort: 5000 }] }), c('side', 'app:1')], { taskDefinition: { networkMode: 'awsvpc' } })
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'RUNNING')
    assert.deepEqual(h.runtime.callsOf('importImage').map((x) => x.args[0]), [PAUSE_IMAGE])
    assert.equal(createdNames(h)[0], '~internal~ecs~pause')
    const holder = h.runtime.containers().find((x) => x.labels['com.amazonaws.ecs.container-name'] === '~internal~ecs~pause')
    assert.equal(startedIds(h)[0], holder?.id)
    assert.deepEqual(h.runtime.containers().map((x) => x.networkMode).sort(), ['bridge', `container:${holder?.name}`, `container:${holder?.name}`])
    assert.deepEqual(r.containers.map((x) => x.name), ['app', 'side'], 'the holder is not reported')
    assert.match(holder?.ipAddress ?? '', /^172\.17\.0\.\d+$/)
    assert.match(holder?.macAddress ?? '', /^02:42:ac:11:00:[0-9a-f]{2}$/)
    assert.deepEqual(r.networkInterface, { privateIpv4Address: holder?.ipAddress, macAddress: holder?.macAddress }, 'the holder’s address on the bridge')
    assert.deepEqual(r.containers.map((x) => x.networkBindings), [undefined, undefined], 'nothing published on the host, as ECS reports awsvpc tasks')
    h.engine.setDesired([{ ...t, desiredStatus: 'STOPPED' }])
    const stopped = await h.untilStatus(t, 'STOPPED')
    assert.equal(h.runtime.callsOf('stop').at(-1)?.args[0], holder?.id, 'the holder stops last')
    assert.deepEqual(stopped.networkInterface, r.networkInterface, 'the interface it had is still reported once it stopped')
  })

  it('announces started containers with their log configuration, and removed ones', async () => {
    const h = await start()
    const logConfiguration = { logDriver: 'awslogs' as const, options: { 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' } }
    const t = task([c('app', 'oneoff:1', { logConfiguration })])
    h.engine.setDesired([t])
    await h.untilStatus(t, 'STOPPED')
    assert.deepEqual(h.started.map((i) => [i.containerName, i.logConfiguration]), [['app', logConfiguration]])
    h.engine.setDesired([])
    await h.settle()
    h.timers.advance(1_000)
    await waitUntil(() => h.gone.length === 1)
    assert.equal(h.gone[0]?.runtimeId, h.started[0]?.runtimeId)
  })
})

async function waitUntil(done: () => boolean): Promise<void> {
  for (let i = 0; i < 2_000 && !done(); i++) await new Promise((r) => setTimeout(r, 1))
  assert.ok(done(), 'timed out')
}
