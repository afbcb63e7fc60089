import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsJson } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * Task scale-in protection on real containers, through Debian's aws CLI v2: a service of 3
 * scaled in to 1 and then 0 keeps its protected task running, says why, and stops it once
 * update-task-protection --no-protection-enabled lets it go. Instances on 127.0.21.x.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('task scale-in protection on real containers, through the aws CLI', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.21.2', '127.0.21.3']
  let c: TestCluster

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, namePrefix: 'prot' })
    for (const ip of ips) await c.addAgent(ip, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  async function ecs(...args: string[]): Promise<any> {
    return awsJson(c.server.endpoint, ['ecs', ...args])
  }
  const describeService = async () => (await ecs('describe-services', '--cluster', c.name, '--services', 'guarded')).services[0]
  const untilService = (done: (s: any) => boolean, what: string) => waitFor(`service guarded: ${what}`, describeService, done, { timeoutMs: 90_000, intervalMs: 250 })
  const running = async (): Promise<any[]> => {
    const arns: string[] = (await ecs('list-tasks', '--cluster', c.name, '--service-name', 'guarded')).taskArns
    if (arns.length === 0) return []
    return (await ecs('describe-tasks', '--cluster', c.name, '--tasks', ...arns)).tasks.filter((t: any) => t.lastStatus === 'RUNNING')
  }
  const HELD = '(service guarded) was unable to scale in due to (reason 1 tasks under protection).'

  it('keeps the protected task through a scale-in to 1 and to 0, and stops it once unprotected', async () => {
    await ecs('register-task-definition', '--family', 'guarded', '--container-definitions',
      JSON.stringify([{ name: 'worker', image: TEST_IMAGES.busybox, memory: 32, command: ['sleep', '3600'], stopTimeout: 2 }]))
    await ecs('create-service', '--cluster', c.name, '--service-name', 'guarded', '--task-definition', 'guarded', '--desired-count', '3')
    await untilService((s) => s.runningCount === 3, 'three running')
    const [keep] = await running()
    const protectedTasks = (await ecs('update-task-protection', '--cluster', c.name, '--tasks', keep.taskArn, '--protection-enabled', '--expires-in-minutes', '30')).protectedTasks
    assert.equal(protectedTasks[0].protectionEnabled, true)

    await ecs('update-service', '--cluster', c.name, '--service', 'guarded', '--desired-count', '1')
    await waitFor('only the protected task left running', running, (ts) => ts.length === 1, { timeoutMs: 90_000, intervalMs: 250 })
    assert.equal((await running())[0].taskArn, keep.taskArn)

    await ecs('update-service', '--cluster', c.name, '--service', 'guarded', '--desired-count', '0')
    await untilService((s) => s.events.some((e: any) => e.message === HELD), 'the held scale-in said')
    assert.deepEqual((await running()).map((t) => t.taskArn), [keep.taskArn])
    const got = await ecs('get-task-protection', '--cluster', c.name, '--tasks', keep.taskArn)
    assert.equal(got.protectedTasks[0].protectionEnabled, true)

    await ecs('update-task-protection', '--cluster', c.name, '--tasks', keep.taskArn, '--no-protection-enabled')
    await untilService((s) => s.runningCount === 0, 'the unprotected task stopped')
    const stopped = (await ecs('describe-tasks', '--cluster', c.name, '--tasks', keep.taskArn)).tasks[0]
    await waitFor('its container gone', async () => (await ecs('describe-tasks', '--cluster', c.name, '--tasks', keep.taskArn)).tasks[0], (t: any) => t.lastStatus === 'STOPPED', { timeoutMs: 60_000, intervalMs: 250 })
    assert.equal(stopped.stopCode, 'ServiceSchedulerInitiated')
  })
})
