import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsJson } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * Task sets on real containers, through Debian's aws CLI v2: an EXTERNAL service's blue task
 * set runs its computed count, a green one at 50 % starts beside it with its own task
 * definition, and deleting blue with --force stops its containers. Instances on 127.0.32.x.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('task sets on real containers, through the aws CLI', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.32.2', '127.0.32.3']
  let c: TestCluster

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, namePrefix: 'ts' })
    for (const ip of ips) await c.addAgent(ip, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  async function ecs(...args: string[]): Promise<any> {
    return awsJson(c.server.endpoint, ['ecs', ...args])
  }
  const tasksOf = async (startedBy: string, desired = 'RUNNING'): Promise<any[]> => {
    const arns: string[] = (await ecs('list-tasks', '--cluster', c.name, '--started-by', startedBy, '--desired-status', desired)).taskArns
    if (arns.length === 0) return []
    return (await ecs('describe-tasks', '--cluster', c.name, '--tasks', ...arns)).tasks
  }
  const running = (startedBy: string, n: number) =>
    waitFor(`${n} running of ${startedBy}`, () => tasksOf(startedBy), (ts) => ts.length === n && ts.every((t) => t.lastStatus === 'RUNNING'), { timeoutMs: 90_000, intervalMs: 250 })

  it('runs blue and green task sets as real containers, and stops blue’s when it is deleted', async () => {
    for (const color of ['blue', 'green']) {
      await ecs('register-task-definition', '--family', `ts-${color}`, '--container-definitions',
        JSON.stringify([{ name: 'worker', image: TEST_IMAGES.busybox, memory: 32, command: ['sleep', '3600'], stopTimeout: 2 }]))
    }
    await ecs('create-service', '--cluster', c.name, '--service-name', 'ts-e2e', '--desired-count', '2', '--deployment-controller', 'type=EXTERNAL')
    const blue = (await ecs('create-task-set', '--cluster', c.name, '--service', 'ts-e2e', '--task-definition', 'ts-blue', '--scale', 'value=100,unit=PERCENT')).taskSet
    await ecs('update-service-primary-task-set', '--cluster', c.name, '--service', 'ts-e2e', '--primary-task-set', blue.id)
    const blueTasks = await running(blue.id, 2)
    assert.ok(blueTasks.every((t) => t.taskDefinitionArn.endsWith('task-definition/ts-blue:1') && t.startedBy === blue.id))

    const green = (await ecs('create-task-set', '--cluster', c.name, '--service', 'ts-e2e', '--task-definition', 'ts-green', '--scale', 'value=50,unit=PERCENT')).taskSet
    assert.equal(green.computedDesiredCount, 1)
    await running(green.id, 1)
    await waitFor('both steady', async () => (await ecs('describe-task-sets', '--cluster', c.name, '--service', 'ts-e2e')).taskSets,
      (ts: any[]) => ts.length === 2 && ts.every((t) => t.stabilityStatus === 'STEADY_STATE'), { timeoutMs: 90_000, intervalMs: 250 })
    assert.equal((await ecs('describe-services', '--cluster', c.name, '--services', 'ts-e2e')).services[0].runningCount, 3)

    await ecs('update-service-primary-task-set', '--cluster', c.name, '--service', 'ts-e2e', '--primary-task-set', green.id)
    assert.equal((await ecs('delete-task-set', '--cluster', c.name, '--service', 'ts-e2e', '--task-set', blue.taskSetArn, '--force')).taskSet.status, 'DRAINING')
    const stopped = await waitFor('blue’s containers stopped', () => tasksOf(blue.id, 'STOPPED'), (ts) => ts.length === 2 && ts.every((t) => t.lastStatus === 'STOPPED'), { timeoutMs: 90_000, intervalMs: 250 })
    assert.ok(stopped.every((t) => t.stopCode === 'ServiceSchedulerInitiated' && t.stoppedReason === `Scaling activity initiated by (deployment ${blue.id})`))
    assert.equal((await tasksOf(green.id)).length, 1)
  })
})
