import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsCli } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * One-off and long-running tasks on real containers, through the SDK and the aws CLI, on
 * three simulated instances (127.0.1.2-4: addresses no other test file uses).
 */
const docker = await connectTestEngine()
describe('tasks on real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  let c: TestCluster
  const ips = ['127.0.1.2', '127.0.1.3', '127.0.1.4']

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips })
    for (const ip of ips) await c.addAgent(ip)
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const describeTask = async (arn: string): Promise<Task> =>
    (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [arn] }))).tasks![0]!
  const until = (arn: string, status: string, timeoutMs = 20_000) =>
    waitFor(`task ${arn} ${status}`, () => describeTask(arn), (t) => t.lastStatus === status, { timeoutMs, intervalMs: 100 })

  it('runs a one-off task to its exit code, with the fields ECS reports', async () => {
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'oneoff',
        containerDefinitions: [{ name: 'job', image: TEST_IMAGES.busybox, memory: 32, command: ['sh', '-c', 'echo working; exit 3'] }],
      }),
    )
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'oneoff' }))
    const task = await until(run.tasks![0]!.taskArn!, 'STOPPED')
    assert.equal(task.desiredStatus, 'STOPPED')
    assert.equal(task.stopCode, 'EssentialContainerExited')
    assert.equal(task.stoppedReason, 'Essential container in task exited')
    assert.equal(task.containers?.[0]?.exitCode, 3)
    assert.equal(task.containers?.[0]?.lastStatus, 'STOPPED')
    assert.match(task.containers?.[0]?.runtimeId ?? '', /^[0-9a-f]{64}$/)
    const times = [task.createdAt, task.pullStartedAt, task.startedAt, task.stoppedAt].map((d) => d?.getTime() ?? NaN)
    assert.ok(times.every((x, i) => !Number.isNaN(x) && (i === 0 || x >= times[i - 1]!)), `times in order: ${times.join(', ')}`)
    assert.ok((task.version ?? 0) > (run.tasks![0]!.version ?? 0))
  })

  it('runs a task with its command and environment overridden', async () => {
    const run = await c.server.ecs.send(
      new RunTaskCommand({
        cluster: c.name,
        taskDefinition: 'oneoff',
        overrides: { containerOverrides: [{ name: 'job', command: ['sh', '-c', 'exit $CODE'], environment: [{ name: 'CODE', value: '42' }] }] },
      }),
    )
    const task = await until(run.tasks![0]!.taskArn!, 'STOPPED')
    assert.equal(task.containers?.[0]?.exitCode, 42)
    assert.deepEqual(task.overrides?.containerOverrides?.[0]?.command, ['sh', '-c', 'exit $CODE'])
  })

  it('runs a web task through the aws CLI and serves it on its dynamic host port', async () => {
    const td = {
      family: 'web-dyn',
      containerDefinitions: [
        { name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000 }], environment: [{ name: 'PROVIDER', value: 'Berth' }] },
      ],
    }
    const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-'))
    const file = join(dir, 'web.json')
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(td)))
    assert.equal((await awsCli(c.server.endpoint, ['ecs', 'register-task-definition', '--cli-input-json', `file://${file}`])).code, 0)
    const run = await awsCli(c.server.endpoint, ['ecs', 'run-task', '--cluster', c.name, '--task-definition', 'web-dyn'])
    assert.equal(run.code, 0, run.stderr)
    const arn = (run.json as { tasks: { taskArn: string }[] }).tasks[0]!.taskArn
    const waited = await awsCli(c.server.endpoint, ['ecs', 'wait', 'tasks-running', '--cluster', c.name, '--tasks', arn])
    assert.equal(waited.code, 0, waited.stderr)
    const described = await awsCli(c.server.endpoint, ['ecs', 'describe-tasks', '--cluster', c.name, '--tasks', arn])
    const binding = (described.json as { tasks: { containers: { networkBindings: { bindIP: string; hostPort: number; containerPort: number }[] }[] }[] }).tasks[0]!
      .containers[0]!.networkBindings[0]!
    assert.ok(ips.includes(binding.bindIP))
    assert.equal(binding.containerPort, 5000)
    assert.ok(binding.hostPort >= 1024, `a dynamic port: ${binding.hostPort}`)
    const body = await waitFor('the web answer', () => fetch(`http://${binding.bindIP}:${binding.hostPort}/`).then((r) => r.text(), () => ''), (t) => t !== '')
    assert.equal(body.trim(), 'Hello Berth!')

    const stopped = await awsCli(c.server.endpoint, ['ecs', 'stop-task', '--cluster', c.name, '--task', arn, '--reason', 'done here'])
    assert.equal(stopped.code, 0, stopped.stderr)
    const task = await until(arn, 'STOPPED')
    assert.equal(task.stopCode, 'UserInitiated')
    assert.equal(task.stoppedReason, 'done here')
    assert.equal(task.containers?.[0]?.exitCode, 0, 'the web image exits 0 on SIGTERM')
  })

  it('places static host ports once per instance, each answering on its own address', async () => {
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web-static',
        containerDefinitions: [
          { name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000, hostPort: 8080 }], environment: [{ name: 'PROVIDER', value: 'static' }] },
        ],
      }),
    )
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'web-static', count: 4 }))
    assert.equal(run.tasks?.length, 3)
    assert.ok(run.failures?.every((f) => f.reason === 'RESOURCE:PORTS'))
    for (const t of run.tasks!) await until(t.taskArn!, 'RUNNING')
    for (const ip of ips) assert.equal((await (await fetch(`http://${ip}:8080/`)).text()).trim(), 'Hello static!')
    for (const t of run.tasks!) await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: t.taskArn! }))
    for (const t of run.tasks!) await until(t.taskArn!, 'STOPPED')
  })

  it('mounts a host volume the container writes to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-volume-'))
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'writer',
        volumes: [{ name: 'out', host: { sourcePath: dir } }],
        containerDefinitions: [
          { name: 'w', image: TEST_IMAGES.busybox, memory: 32, command: ['sh', '-c', 'echo written-by-berth > /out/file'], mountPoints: [{ sourceVolume: 'out', containerPath: '/out' }] },
        ],
      }),
    )
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'writer' }))
    const task = await until(run.tasks![0]!.taskArn!, 'STOPPED')
    assert.equal(task.containers?.[0]?.exitCode, 0)
    assert.equal(readFileSync(join(dir, 'file'), 'utf8'), 'written-by-berth\n')
  })

  it('stops a task whose image cannot be pulled with CannotPullContainerError', async () => {
    await c.server.ecs.send(
      // A registry on a closed local port refuses at once: the test does not depend on what
      // this machine's DNS does with registry names it cannot reach.
      new RegisterTaskDefinitionCommand({ family: 'nopull', containerDefinitions: [{ name: 'x', image: '127.0.0.1:1/berth-test/not-built-anywhere:1', memory: 32 }] }),
    )
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'nopull' }))
    const task = await until(run.tasks![0]!.taskArn!, 'STOPPED', 30_000)
    assert.equal(task.stopCode, 'TaskFailedToStart')
    assert.match(task.stoppedReason ?? '', /^CannotPullContainerError/)
    assert.match(task.containers?.[0]?.reason ?? '', /^CannotPullContainerError/)
  })
})
