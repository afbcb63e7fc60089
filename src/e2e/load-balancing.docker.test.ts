import { DeregisterTargetsCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { TEST_CREDENTIALS, awsJson, jsonFile } from '../testing/server.js'
import { StopTaskCommand } from '@aws-sdk/client-ecs'
import { waitFor } from '../testing/wait.js'

/**
 * Services behind an Application Load Balancer on real containers, through Debian's aws CLI
 * v2 as the seed article drives it: create-load-balancer with its subnets and security group,
 * create-target-group, create-listener forwarding to it, a service whose `loadBalancers`
 * names the group; its tasks on dynamic host ports are registered and found healthy, traffic
 * flows, and a rolling update under steady traffic drops no request (old tasks drain before
 * they stop). A second service behind a path rule of the same listener. Instances on
 * 127.0.12.2-4, listeners on 127.0.12.1 (no other test file uses them).
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('services behind a load balancer, through the aws CLI', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.12.2', '127.0.12.3', '127.0.12.4']
  const LB_ADDRESS = '127.0.12.1'
  const PORT = 8080
  let c: TestCluster
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-lb-'))
  let targetGroup: string
  let listener: string

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

  async function aws(service: 'ecs' | 'elbv2', ...args: string[]): Promise<any> {
    return awsJson(c.server.endpoint, [service, ...args])
  }
  const file = (name: string, body: unknown): string => jsonFile(dir, name, body)
  const describeService = async (name: string) => (await aws('ecs', 'describe-services', '--cluster', c.name, '--services', name)).services[0]
  const untilSteady = (name: string, taskDefinition: string) =>
    waitSteady(name, taskDefinition).catch(async (error: unknown) => {
      // What the target groups said when it gave up: the usual reason a deployment waits.
      const groups = (await aws('elbv2', 'describe-target-groups')).TargetGroups.map((g: any) => g.TargetGroupArn)
      const targets = await Promise.all(groups.map(async (g: string) => [g, await health(g)]))
      throw new Error(`${String(error)}\ntarget health: ${JSON.stringify(targets)}`)
    })
  const waitSteady = (name: string, taskDefinition: string) =>
    waitFor(
      `service ${name} steady on ${taskDefinition}`,
      () => describeService(name),
      (s) => s.deployments.length === 1 && s.deployments[0].rolloutState === 'COMPLETED' && s.deployments[0].taskDefinition.endsWith(taskDefinition) && s.runningCount === s.desiredCount,
      { timeoutMs: 120_000, intervalMs: 250 },
    )
  const health = async (tg: string) => (await aws('elbv2', 'describe-target-health', '--target-group-arn', tg)).TargetHealthDescriptions
  const through = async (path = '/') => {
    const res = await fetch(`http://${LB_ADDRESS}:${PORT}${path}`)
    return { status: res.status, body: (await res.text()).trim() }
  }
  const webDefinition = (family: string, provider: string) => ({
    family,
    containerDefinitions: [
      { name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000, hostPort: 0 }], environment: [{ name: 'PROVIDER', value: provider }] },
    ],
  })

  it('creates the load balancer, target group and listener as the seed article does', async () => {
    const lb = (await aws('elbv2', 'create-load-balancer', '--name', 'elb01', '--subnets', 'subnet-ae0f49ca', 'subnet-573e4221', '--security-groups', 'sg-08e22e6e')).LoadBalancers[0]
    assert.match(lb.DNSName, /^elb01-\d{9,10}\.us-east-1\.elb\.localhost$/)
    const tg = (
      await aws('elbv2', 'create-target-group', '--name', 'target01', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')
    ).TargetGroups[0]
    targetGroup = tg.TargetGroupArn
    await aws('elbv2', 'modify-target-group-attributes', '--target-group-arn', targetGroup, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=5')
    listener = (await aws('elbv2', 'create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', String(PORT), '--default-actions', `Type=forward,TargetGroupArn=${targetGroup}`)).Listeners[0].ListenerArn
    await waitFor('the load balancer active', async () => (await aws('elbv2', 'describe-load-balancers', '--names', 'elb01')).LoadBalancers[0].State.Code, (s) => s === 'active')
    assert.equal((await through()).status, 503, 'no target yet')
  })

  it('registers a service\'s tasks on their dynamic ports, healthy, and sends them traffic', async () => {
    await aws('ecs', 'register-task-definition', '--cli-input-json', file('boot-1', webDefinition('boot', 'v1')))
    await aws('ecs', 'create-service', '--cli-input-json', file('boot-service', {
      cluster: c.name,
      serviceName: 'boot',
      taskDefinition: 'boot:1',
      loadBalancers: [{ targetGroupArn: targetGroup, containerName: 'web', containerPort: 5000 }],
      desiredCount: 2,
      role: 'ecsServiceRole',
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50 },
    }))
    const s = await untilSteady('boot', 'boot:1')
    const targets = await health(targetGroup)
    assert.equal(targets.length, 2)
    for (const t of targets) {
      assert.match(t.Target.Id, /^i-[0-9a-f]{17}$/)
      assert.ok(t.Target.Port >= 32768 || t.Target.Port >= 1024, `a dynamic host port: ${t.Target.Port}`)
      assert.equal(t.TargetHealth.State, 'healthy')
    }
    const events: string[] = s.events.map((e: any) => e.message)
    assert.ok(events.some((m) => m === `(service boot) registered 1 targets in (target-group ${targetGroup})` || m === `(service boot) registered 2 targets in (target-group ${targetGroup})`), events.join('\n'))
    assert.deepEqual(await through(), { status: 200, body: 'Hello v1!' })
  })

  it('rolls to a new revision under steady traffic without one failed request', async () => {
    await aws('ecs', 'register-task-definition', '--cli-input-json', file('boot-2', webDefinition('boot', 'v2')))
    let stop = false
    const seen = { ok: 0, failed: [] as string[], bodies: new Set<string>() }
    const traffic = (async () => {
      while (!stop) {
        try {
          const r = await through()
          if (r.status === 200) {
            seen.ok++
            seen.bodies.add(r.body)
          } else seen.failed.push(`${r.status} ${r.body.slice(0, 80)}`)
        } catch (error) {
          seen.failed.push(String(error))
        }
      }
    })()
    await aws('ecs', 'update-service', '--cluster', c.name, '--service', 'boot', '--task-definition', 'boot:2')
    const s = await untilSteady('boot', 'boot:2')
    await waitFor('only v2 answers', () => through(), (r) => r.body === 'Hello v2!')
    stop = true
    await traffic
    assert.deepEqual(seen.failed, [], `${seen.failed.length} of ${seen.ok + seen.failed.length} requests failed`)
    assert.ok(seen.bodies.has('Hello v1!') && seen.bodies.has('Hello v2!'), [...seen.bodies].join(', '))
    const events: string[] = s.events.map((e: any) => e.message)
    assert.ok(events.some((m) => /^\(service boot\) has begun draining connections on \d+ tasks\.$/.test(m)), events.join('\n'))
    assert.ok(events.some((m) => m.startsWith(`(service boot) deregistered `) && m.endsWith(`targets in (target-group ${targetGroup})`)), events.join('\n'))
    const targets = await health(targetGroup)
    assert.equal(targets.length, 2, 'the old tasks\' targets are gone')
  })

  it('drains a task stopped by StopTask before it stops it: a request in flight to it finishes', async () => {
    // A one-task service behind its own rule (header x-solo: 1), so the request surely goes to the task stopped.
    const solo = (await aws('elbv2', 'create-target-group', '--name', 'solo', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn
    await aws('elbv2', 'create-rule', '--listener-arn', listener, '--priority', '3', '--conditions', 'Field=http-header,HttpHeaderConfig={HttpHeaderName=x-solo,Values=1}', '--actions', `Type=forward,TargetGroupArn=${solo}`)
    await aws('ecs', 'register-task-definition', '--cli-input-json', file('solo-1', webDefinition('solo', 'solo')))
    await aws('ecs', 'create-service', '--cluster', c.name, '--service-name', 'solo', '--task-definition', 'solo:1', '--desired-count', '1', '--load-balancers', `targetGroupArn=${solo},containerName=web,containerPort=5000`)
    await untilSteady('solo', 'solo:1')
    const [victim] = (await aws('ecs', 'list-tasks', '--cluster', c.name, '--service-name', 'solo')).taskArns
    // The target sends a first line at once and the rest five seconds later.
    const res = await fetch(`http://${LB_ADDRESS}:${PORT}/cgi-bin/slow.cgi`, { headers: { 'x-solo': '1' } })
    const reader = res.body!.getReader()
    let body = new TextDecoder().decode((await reader.read()).value)
    assert.equal(body, 'first\n')
    const answered = (await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: victim, reason: 'by hand' }))).task!
    assert.deepEqual([answered.desiredStatus, answered.lastStatus], ['STOPPED', 'DEACTIVATING'])
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value)
    assert.equal(body, 'first\nslow solo\n', 'the request in flight finished before the task was stopped')
    const stopped = await waitFor(
      'the task stopped',
      async () => (await aws('ecs', 'describe-tasks', '--cluster', c.name, '--tasks', victim)).tasks[0],
      (t) => t.lastStatus === 'STOPPED',
      { timeoutMs: 60_000, intervalMs: 250 },
    )
    assert.deepEqual([stopped.stopCode, stopped.stoppedReason], ['UserInitiated', 'by hand'])
    await aws('ecs', 'delete-service', '--cluster', c.name, '--service', 'solo', '--force')
  })

  it('serves a second service behind a path rule of the same listener', async () => {
    const api = (await aws('elbv2', 'create-target-group', '--name', 'api', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn
    await aws('elbv2', 'create-rule', '--listener-arn', listener, '--priority', '10', '--conditions', 'Field=path-pattern,Values=/random/*', '--actions', `Type=forward,TargetGroupArn=${api}`)
    await aws('ecs', 'register-task-definition', '--cli-input-json', file('api-1', webDefinition('api', 'api')))
    await aws('ecs', 'create-service', '--cluster', c.name, '--service-name', 'api', '--task-definition', 'api:1', '--desired-count', '4', '--load-balancers', `targetGroupArn=${api},containerName=web,containerPort=5000`)
    await untilSteady('api', 'api:1')
    assert.deepEqual(await through('/random/'), { status: 200, body: 'Hello api!' })
    assert.deepEqual(await through('/'), { status: 200, body: 'Hello v2!' })
  })

  it('lets a long request finish while its target is deregistered, and sends it nothing new', async () => {
    const slow = (await aws('elbv2', 'create-target-group', '--name', 'slow', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn
    await aws('elbv2', 'create-rule', '--listener-arn', listener, '--priority', '5', '--conditions', 'Field=path-pattern,Values=/cgi-bin/slow.cgi', '--actions', `Type=forward,TargetGroupArn=${slow}`)
    // One of the boot service's tasks, registered by hand in a group of its own.
    const target = (await health(targetGroup))[0].Target
    await aws('elbv2', 'register-targets', '--target-group-arn', slow, '--targets', `Id=${target.Id},Port=${target.Port}`)
    await waitFor('the target healthy', () => health(slow), (t) => t[0]?.TargetHealth.State === 'healthy', { timeoutMs: 60_000 })
    // The target sends a first line at once and the rest five seconds later: once the first
    // line is here, the request is in flight. What follows goes through the in-process SDK,
    // milliseconds each, well inside those five seconds.
    const res = await fetch(`http://${LB_ADDRESS}:${PORT}/cgi-bin/slow.cgi`)
    assert.equal(res.status, 200)
    const reader = res.body!.getReader()
    let body = new TextDecoder().decode((await reader.read()).value)
    assert.equal(body, 'first\n')
    const elb = new ElasticLoadBalancingV2Client({ endpoint: c.server.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS })
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: slow, Targets: [{ Id: target.Id, Port: target.Port }] }))
    const draining = (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: slow }))).TargetHealthDescriptions![0]!
    elb.destroy()
    assert.deepEqual([draining.TargetHealth?.State, draining.TargetHealth?.Reason], ['draining', 'Target.DeregistrationInProgress'])
    assert.equal((await through('/cgi-bin/slow.cgi')).status, 503, 'a draining target takes no new request')
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value)
    assert.equal(body, 'first\nslow v2\n', 'the request in flight finished')
    await waitFor('the target gone once its request is done', () => health(slow), (t) => t.length === 0, { timeoutMs: 30_000 })
  })

  it('scales to zero and deletes, leaving no target behind', async () => {
    for (const name of ['boot', 'api']) await aws('ecs', 'delete-service', '--cluster', c.name, '--service', name, '--force')
    await waitFor('no target left', () => health(targetGroup), (t) => t.length === 0, { timeoutMs: 60_000 })
    await waitFor('503 once no task serves', () => through(), (r) => r.status === 503)
  })
})
