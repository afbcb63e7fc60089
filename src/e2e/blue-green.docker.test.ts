import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsCli } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * ECS's native blue/green and canary deployments on real containers behind a real listener:
 * the load balancer and its two target groups made through the aws CLI v2, the service through
 * the JS SDK (Debian's CLI predates these members). A BLUE_GREEN deployment under steady
 * traffic drops no request; a CANARY deployment splits traffic between the two revisions while
 * it bakes, and StopServiceDeployment ROLLBACK sends it all back to blue, again without a
 * failed request. Instances on 127.0.13.2-3, the listener on 127.0.13.1 (no other test uses them).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('blue/green and canary deployments on real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.13.2', '127.0.13.3']
  const LB_ADDRESS = '127.0.13.1'
  const PORT = 8080
  let c: TestCluster
  let blue: string
  let green: string
  let productionRule: string

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, server: { loadBalancerAddress: LB_ADDRESS } })
    for (const ip of ips) await c.addAgent(ip, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  async function elbv2(...args: string[]): Promise<any> {
    const r = await awsCli(c.server.endpoint, ['elbv2', ...args])
    assert.equal(r.code, 0, `aws elbv2 ${args.join(' ')}: ${r.stderr}`)
    return r.json
  }
  const through = async () => {
    const res = await fetch(`http://${LB_ADDRESS}:${PORT}/`)
    return { status: res.status, body: (await res.text()).trim() }
  }
  const register = (provider: string) =>
    c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'bg',
        containerDefinitions: [{ name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000, hostPort: 0 }], environment: [{ name: 'PROVIDER', value: provider }] }],
      }),
    )
  const currentDeployment = async (): Promise<ServiceDeployment> => {
    const s = (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: ['bg'] }))).services![0]!
    return (await c.server.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [s.currentServiceDeployment!] }))).serviceDeployments![0]!
  }
  const untilDeployment = (what: string, done: (d: ServiceDeployment) => boolean) => waitFor(what, currentDeployment, done, { timeoutMs: 120_000, intervalMs: 250 })

  /** Sends requests one after another until stopped; what answered, and what failed. */
  function steadyTraffic() {
    let stop = false
    const seen = { bodies: new Map<string, number>(), failed: [] as string[] }
    const done = (async () => {
      while (!stop) {
        try {
          const r = await through()
          if (r.status === 200) seen.bodies.set(r.body, (seen.bodies.get(r.body) ?? 0) + 1)
          else seen.failed.push(`${r.status} ${r.body.slice(0, 80)}`)
        } catch (error) {
          seen.failed.push(String(error))
        }
      }
    })()
    return {
      seen,
      async stop() {
        stop = true
        await done
        return seen
      },
    }
  }

  it('puts a new service\'s first deployment behind the production rule', async () => {
    const lb = (await elbv2('create-load-balancer', '--name', 'bg-alb', '--subnets', 'subnet-aaaa1111', 'subnet-bbbb2222')).LoadBalancers[0]
    const group = async (name: string) =>
      (await elbv2('create-target-group', '--name', name, '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn as string
    blue = await group('bg-blue')
    green = await group('bg-green')
    for (const tg of [blue, green]) await elbv2('modify-target-group-attributes', '--target-group-arn', tg, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=5')
    const listener = (
      await elbv2('create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', String(PORT), '--default-actions', JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 100 }, { TargetGroupArn: green, Weight: 0 }] } }]))
    ).Listeners[0].ListenerArn
    productionRule = (await elbv2('describe-rules', '--listener-arn', listener)).Rules[0].RuleArn
    await register('v1')
    await c.server.ecs.send(
      new CreateServiceCommand({
        cluster: c.name,
        serviceName: 'bg',
        taskDefinition: 'bg:1',
        desiredCount: 2,
        loadBalancers: [{ targetGroupArn: blue, containerName: 'web', containerPort: 5000, advancedConfiguration: { alternateTargetGroupArn: green, productionListenerRule: productionRule, roleArn: 'arn:aws:iam::000000000000:role/ecsInfrastructureRole' } }],
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 0 },
      }),
    )
    await untilDeployment('the first deployment SUCCESSFUL', (d) => d.status === 'SUCCESSFUL')
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
