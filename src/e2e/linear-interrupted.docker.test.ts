import { DescribeTasksCommand, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages } from '../testing/images.js'
import { trafficShiftE2e } from '../testing/traffic-shift-e2e.js'
import { waitFor } from '../testing/wait.js'

/**
 * An UpdateService in the middle of a LINEAR traffic shift, on real containers behind a real
 * listener, under continuous load: revision 2 holds 50 % of production in its step's bake when
 * revision 3 is deployed. The linear deployment is STOPPED, production goes back to revision 1
 * (the revision that had all of it, api/ecs/services/traffic-pair.ts interruptedShiftStart),
 * revision 2 is stopped, and revision 3 goes through its own linear shift to SUCCESSFUL with
 * all the traffic; the load generator sees no failed request from start to end. The fake-cluster
 * twin (scheduler/services/blue-green-update.fake-cluster.test.ts) follows every stage on a
 * ManualClock; this one holds the data plane to it. Instances on 127.0.37.2-3, the listener on
 * 127.0.37.1 (this file's own range); names start with `lbl-`.
 */
const docker = await connectTestEngine()
describe('UpdateService during a LINEAR traffic shift, on real containers under load', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.37.2', '127.0.37.3']
  const LB_ADDRESS = '127.0.37.1'
  const PORT = 8080
  let c: TestCluster
  let site: ReturnType<typeof trafficShiftE2e>

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, namePrefix: 'lbl', server: { loadBalancerAddress: LB_ADDRESS } })
    for (const ip of ips) await c.addAgent(ip, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
    site = trafficShiftE2e(c, { names: { loadBalancer: 'lbl-alb', blue: 'lbl-blue', green: 'lbl-green', family: 'lbl-web', service: 'lbl-web' }, address: LB_ADDRESS, port: PORT })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const linear = (stepBakeTimeInMinutes: number) => ({ strategy: 'LINEAR' as const, bakeTimeInMinutes: 0, linearConfiguration: { stepPercent: 50, stepBakeTimeInMinutes } })
  const update = async (taskDefinition: string, stepBakeTimeInMinutes: number) =>
    (await c.server.ecs.send(new UpdateServiceCommand({ cluster: c.name, service: 'lbl-web', taskDefinition, deploymentConfiguration: linear(stepBakeTimeInMinutes) }))).service!.currentServiceDeployment!

  it('a linear shift held at 50 % and interrupted by a new revision drops no request; the new revision ends with all traffic', async () => {
    const pair = await site.createPair()
    await site.register('v1')
    await site.createService(pair, 'lbl-web:1', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 })
    await waitFor('v1 answers', site.through, (r) => r.body === 'Hello v1!')

    const traffic = site.steadyTraffic()
    // Revision 2, linear in steps of 50 %, each step baking 30 minutes: it holds at 50 %.
    await site.register('v2')
    const interrupted = await update('lbl-web:2', 30)
    await waitFor('the linear shift at 50 %', () => site.deployment(interrupted), (d) => d.lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT' && d.targetServiceRevision?.requestedProductionTrafficWeight === 50, {
      timeoutMs: 120_000,
      intervalMs: 250,
    })
    await waitFor('revision 2 answering part of the traffic', async () => traffic.seen.bodies.get('Hello v2!') ?? 0, (n) => n >= 5, { timeoutMs: 30_000 })
    assert.deepEqual(Object.values(await site.productionWeights(pair)).sort(), [50, 50])

    // Revision 3 mid-shift, linear again (steps of 50 %, no bake).
    await site.register('v3')
    const next = await update('lbl-web:3', 0)
    assert.notEqual(next, interrupted)
    assert.equal((await site.deployment(interrupted)).status, 'STOPPED')
    const done = await waitFor('revision 3 SUCCESSFUL', () => site.deployment(next), (d) => d.status === 'SUCCESSFUL', { timeoutMs: 180_000, intervalMs: 250 })
    assert.equal(done.targetServiceRevision?.requestedProductionTrafficWeight, 100)
    await waitFor('only v3 answers', site.through, (r) => r.body === 'Hello v3!', { timeoutMs: 30_000 })

    const seen = await traffic.stop()
    assert.deepEqual(seen.failed, [], `failed: ${seen.failed.length}; answered: ${JSON.stringify([...seen.bodies])}`)
    for (const body of ['Hello v1!', 'Hello v2!', 'Hello v3!']) assert.ok(seen.bodies.has(body), `${body} never answered: ${JSON.stringify([...seen.bodies])}`)

    // The final revision has all of production: the rule gives one group 100, and a run of
    // requests all reach revision 3, whose tasks are the service's only ones.
    assert.deepEqual(Object.values(await site.productionWeights(pair)).sort((a, b) => a - b), [0, 100])
    const answers = new Map<string, number>()
    for (let i = 0; i < 50; i++) {
      const r = await site.through()
      answers.set(`${r.status} ${r.body}`, (answers.get(`${r.status} ${r.body}`) ?? 0) + 1)
    }
    assert.deepEqual([...answers], [['200 Hello v3!', 50]])
    const { taskArns } = await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName: 'lbl-web' }))
    const tasks = (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns! }))).tasks!
    assert.deepEqual(tasks.map((t) => t.taskDefinitionArn!.split('/').pop()), ['lbl-web:3', 'lbl-web:3'])
  })
})
