import { DescribeServiceDeploymentsCommand, StopServiceDeploymentCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages } from '../testing/images.js'
import { trafficShiftE2e } from '../testing/traffic-shift-e2e.js'
import { waitFor } from '../testing/wait.js'

/**
 * ECS's native blue/green and canary deployments on real containers behind a real listener:
 * the load balancer and its two target groups made through the aws CLI v2, the service through
 * the JS SDK (Debian's CLI predates these members; set-up shared in testing/traffic-shift-e2e.ts).
 * A BLUE_GREEN deployment under steady traffic drops no request; a CANARY deployment splits
 * traffic between the two revisions while it bakes, and StopServiceDeployment ROLLBACK sends it
 * all back to blue, again without a failed request. Instances on 127.0.13.2-3, the listener on
 * 127.0.13.1 (no other test uses them).
 */
const docker = await connectTestEngine()
describe('blue/green and canary deployments on real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.13.2', '127.0.13.3']
  const LB_ADDRESS = '127.0.13.1'
  const PORT = 8080
  let c: TestCluster
  let site: ReturnType<typeof trafficShiftE2e>

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, server: { loadBalancerAddress: LB_ADDRESS } })
    for (const ip of ips) await c.addAgent(ip, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
    site = trafficShiftE2e(c, { names: { loadBalancer: 'bg-alb', blue: 'bg-blue', green: 'bg-green', family: 'bg', service: 'bg' }, address: LB_ADDRESS, port: PORT })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const through = () => site.through()
  const register = (provider: string) => site.register(provider)
  const untilDeployment: ReturnType<typeof trafficShiftE2e>['untilDeployment'] = (what, done) => site.untilDeployment(what, done)
  const steadyTraffic = () => site.steadyTraffic()

  it("puts a new service's first deployment behind the production rule", async () => {
    const pair = await site.createPair()
    await register('v1')
    await site.createService(pair, 'bg:1', { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 })
    await waitFor('v1 answers', through, (r) => r.body === 'Hello v1!')
  })

  it('shifts all traffic to a new revision at once (BLUE_GREEN) without a failed request', async () => {
    await register('v2')
    const traffic = steadyTraffic()
    await c.server.ecs.send(new UpdateServiceCommand({ cluster: c.name, service: 'bg', taskDefinition: 'bg:2' }))
    const d = await untilDeployment('the blue/green deployment SUCCESSFUL', (x) => x.status === 'SUCCESSFUL' && x.targetServiceRevision?.arn !== undefined)
    await waitFor('only v2 answers', through, (r) => r.body === 'Hello v2!')
    const seen = await traffic.stop()
    assert.deepEqual(seen.failed, [], `failed: ${seen.failed.length}; answered: ${JSON.stringify([...seen.bodies])}`)
    assert.ok(seen.bodies.has('Hello v1!') && seen.bodies.has('Hello v2!'), JSON.stringify([...seen.bodies]))
    assert.equal(d.targetServiceRevision?.requestedProductionTrafficWeight, 100)
  })

  it('splits traffic while a CANARY bakes, and a rollback sends it all back without a failed request', async () => {
    await register('v3')
    const traffic = steadyTraffic()
    await c.server.ecs.send(
      new UpdateServiceCommand({
        cluster: c.name,
        service: 'bg',
        taskDefinition: 'bg:3',
        deploymentConfiguration: { strategy: 'CANARY', bakeTimeInMinutes: 0, canaryConfiguration: { canaryPercent: 50, canaryBakeTimeInMinutes: 30 } },
      }),
    )
    const d = await untilDeployment('the canary step', (x) => x.lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT' && x.targetServiceRevision?.requestedProductionTrafficWeight === 50)
    await waitFor('both revisions answer', async () => new Set([...traffic.seen.bodies.keys()]), (s) => s.has('Hello v3!'))
    // Each request goes to green with probability 0.5: over 200, a share outside 30–70 % has a
    // probability of about 10⁻⁸.
    const split = new Map<string, number>()
    for (let i = 0; i < 200; i++) {
      const r = await through()
      split.set(r.body, (split.get(r.body) ?? 0) + 1)
    }
    const share = (split.get('Hello v3!') ?? 0) / 200
    assert.ok(share >= 0.3 && share <= 0.7 && (split.get('Hello v2!') ?? 0) + (split.get('Hello v3!') ?? 0) === 200, `a 50% canary answered ${JSON.stringify([...split])}`)
    await c.server.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: d.serviceDeploymentArn, stopType: 'ROLLBACK' }))
    const back = await waitFor(
      'the rollback done',
      async () => (await c.server.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [d.serviceDeploymentArn!] }))).serviceDeployments![0]!,
      (x) => x.status === 'ROLLBACK_SUCCESSFUL',
      { timeoutMs: 120_000, intervalMs: 250 },
    )
    assert.equal(back.status, 'ROLLBACK_SUCCESSFUL')
    const after: string[] = []
    for (let i = 0; i < 10; i++) after.push((await through()).body)
    assert.deepEqual(new Set(after), new Set(['Hello v2!']), 'all traffic is back on blue')
    const seen = await traffic.stop()
    assert.deepEqual(seen.failed, [], `failed: ${seen.failed.length}; answered: ${JSON.stringify([...seen.bodies])}`)
  })
})
