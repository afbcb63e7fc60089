import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { LABELS } from '../agent/engine/index.js'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { waitFor } from '../testing/wait.js'

/**
 * What must survive: an agent killed with SIGKILL and started again, a container that dies
 * while its agent is down, a control plane restarted under running tasks. 127.0.4.x.
 */
const docker = await connectTestEngine()
describe('agent and server restarts', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const rt = docker.skip === undefined ? docker.runtime : undefined
  let c: TestCluster
  const ip = '127.0.4.2'
  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: [ip] })
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000 }], environment: [{ name: 'PROVIDER', value: 'survivor' }] }],
      }),
    )
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'sleeper', containerDefinitions: [{ name: 'sleep', image: TEST_IMAGES.busybox, memory: 32, command: ['sleep', '1000'] }] }),
    )
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const describeTask = async (arn: string): Promise<Task> => (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [arn] }))).tasks![0]!
  const until = (arn: string, ok: (t: Task) => boolean, what: string) => waitFor(what, () => describeTask(arn), ok, { timeoutMs: 20_000, intervalMs: 100 })
  const containersOf = (taskArn: string) => rt!.list({ labels: { [LABELS.taskArn]: taskArn } })
  const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGKILL')))

  it('keeps a task through an agent SIGKILL and restart: adopted, not started twice', async () => {
    const agent = await c.spawnAgent(ip)
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'web' }))
    const arn = run.tasks![0]!.taskArn!
    const running = await until(arn, (t) => t.lastStatus === 'RUNNING', 'the task to run')
    const runtimeId = running.containers![0]!.runtimeId!
    const { bindIP, hostPort } = running.containers![0]!.networkBindings![0]!

    await killed(agent)
    const instanceArn = running.containerInstanceArn!
    await waitFor(
      'the instance to show its agent disconnected',
      () => c.server.ecs.send(new DescribeContainerInstancesCommand({ cluster: c.name, containerInstances: [instanceArn] })),
      (r) => r.containerInstances?.[0]?.agentConnected === false,
    )
    assert.equal((await describeTask(arn)).connectivity, 'DISCONNECTED')
    assert.equal((await (await fetch(`http://${bindIP}:${hostPort}/`)).text()).trim(), 'Hello survivor!', 'the container serves on without its agent')

    const again = await c.spawnAgent(ip)
    const adopted = await until(arn, (t) => t.connectivity === 'CONNECTED', 'the task to be reported again')
    assert.equal(adopted.lastStatus, 'RUNNING')
    assert.equal(adopted.containerInstanceArn, instanceArn, 'the agent came back as the same instance')
    assert.equal(adopted.containers![0]!.runtimeId, runtimeId)
    assert.equal((await containersOf(arn)).length, 1, 'one container for the task, not two')

    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: arn }))
    await until(arn, (t) => t.lastStatus === 'STOPPED', 'the task to stop')
    await killed(again)
  })

  it('reports a container that died while its agent was down as STOPPED with its exit code', async () => {
    const agent = await c.spawnAgent(ip)
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'sleeper' }))
    const arn = run.tasks![0]!.taskArn!
    const running = await until(arn, (t) => t.lastStatus === 'RUNNING', 'the sleeper to run')
    await killed(agent)
    await rt!.stop(running.containers![0]!.runtimeId!, { timeoutMs: 0, signal: 'SIGKILL' })
    const again = await c.spawnAgent(ip)
    const stopped = await until(arn, (t) => t.lastStatus === 'STOPPED', 'the task to be reported stopped')
    assert.equal(stopped.containers![0]!.exitCode, 137)
    assert.equal(stopped.stopCode, 'EssentialContainerExited')
    await killed(again)
  })

  it('removes containers carrying its labels that belong to no task it knows', async () => {
    const agent = await c.spawnAgent(ip)
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'sleeper' }))
    const running = await until(run.tasks![0]!.taskArn!, (t) => t.lastStatus === 'RUNNING', 'the sleeper to run')
    await killed(agent)
    const labels = (await rt!.inspect(running.containers![0]!.runtimeId!))!.labels
    const orphanTask = `arn:aws:ecs:us-east-1:000000000000:task/${c.name}/${'0'.repeat(32)}`
    const orphan = await rt!.create({
      name: `berth-orphan-${c.name}`,
      image: TEST_IMAGES.busybox,
      cmd: ['sleep', '1000'],
      labels: { ...labels, [LABELS.taskArn]: orphanTask },
    })
    await rt!.start(orphan)
    // sleep as PID 1 ignores SIGTERM: a short stop timeout brings the SIGKILL sooner.
    const again = await c.spawnAgent(ip, { ECS_CONTAINER_STOP_TIMEOUT: '1s' })
    await waitFor('the orphan to be removed', () => rt!.inspect(orphan), (o) => o === undefined, { timeoutMs: 20_000 })
    assert.equal((await describeTask(run.tasks![0]!.taskArn!)).lastStatus, 'RUNNING', 'the known task was left alone')
    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: run.tasks![0]!.taskArn! }))
    await killed(again)
  })

  it('loses nothing when the control plane restarts under running tasks', async () => {
    const agent = await c.addAgent(ip)
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'web' }))
    const arn = run.tasks![0]!.taskArn!
    const before = await until(arn, (t) => t.lastStatus === 'RUNNING', 'the task to run')
    await c.restartServer()
    const after = await describeTask(arn)
    assert.equal(after.lastStatus, 'RUNNING')
    assert.equal(after.containers![0]!.runtimeId, before.containers![0]!.runtimeId)
    await waitFor(
      'the agent to reconnect',
      () => c.server.ecs.send(new DescribeContainerInstancesCommand({ cluster: c.name, containerInstances: [agent.containerInstanceArn] })),
      (r) => r.containerInstances?.[0]?.agentConnected === true,
    )
    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: arn }))
    const stopped = await until(arn, (t) => t.lastStatus === 'STOPPED', 'the task to stop after the restart')
    assert.equal(stopped.stopCode, 'UserInitiated')
  })
})
