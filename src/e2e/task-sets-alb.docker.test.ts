import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsJson, jsonFile } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * Blue/green by task sets behind an Application Load Balancer on real containers, done by hand
 * with Debian's aws CLI v2 as a CodeDeploy-style controller does it: task set A behind TG1
 * (production listener) made PRIMARY, task set B behind TG2 (test listener), the production
 * listener shifted to TG2 with modify-listener (a weighted forward, TG1 0 / TG2 100, as
 * CodeDeploy shifts an ALB), B made PRIMARY, A deleted — its targets drain (a request in flight
 * to A finishes) before its containers stop. A target group no listener uses has nothing to
 * drain: its targets go at once (apply-targets.ts), as ELB's unused targets do. Instances on 127.0.36.2-3,
 * listeners on 127.0.36.1.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('blue/green by task sets behind a load balancer, through the aws CLI', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.36.2', '127.0.36.3']
  const LB_ADDRESS = '127.0.36.1'
  const PRODUCTION = 8080
  const TEST = 8081
  let c: TestCluster
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-ts2-'))

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, namePrefix: 'ts2', server: { loadBalancerAddress: LB_ADDRESS } })
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
  const through = async (port: number, path = '/') => {
    const res = await fetch(`http://${LB_ADDRESS}:${port}${path}`)
    return { status: res.status, body: (await res.text()).trim() }
  }
  const health = async (tg: string) => (await aws('elbv2', 'describe-target-health', '--target-group-arn', tg)).TargetHealthDescriptions
  const taskSets = async () => (await aws('ecs', 'describe-task-sets', '--cluster', c.name, '--service', 'ts2-svc')).taskSets
  const steady = (id: string) =>
    waitFor(`${id} STEADY_STATE`, taskSets, (ts: any[]) => ts.some((t) => t.id === id && t.stabilityStatus === 'STEADY_STATE' && t.runningCount === 2), { timeoutMs: 120_000, intervalMs: 250 }).catch(
      async (error: unknown) => {
        throw new Error(`${String(error)}\nservice events: ${JSON.stringify((await aws('ecs', 'describe-services', '--cluster', c.name, '--services', 'ts2-svc')).services[0].events.slice(0, 8))}`)
      },
    )
  const targetGroup = async (name: string) =>
    (await aws('elbv2', 'create-target-group', '--name', name, '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c', '--health-check-path', '/health',
      '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn as string
  const webDefinition = (family: string, provider: string) => ({
    family,
    containerDefinitions: [
      { name: 'web', image: TEST_IMAGES.web, memory: 64, portMappings: [{ containerPort: 5000, hostPort: 0 }], environment: [{ name: 'PROVIDER', value: provider }], stopTimeout: 2 },
    ],
  })

  it('shifts production from task set A to B with modify-listener, and drains A when it is deleted', async () => {
    const lb = (await aws('elbv2', 'create-load-balancer', '--name', 'ts2-alb', '--subnets', 'subnet-ae0f49ca', 'subnet-573e4221', '--security-groups', 'sg-08e22e6e')).LoadBalancers[0]
    const tg1 = await targetGroup('ts2-tg1')
    const tg2 = await targetGroup('ts2-tg2')
    const production = (await aws('elbv2', 'create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', String(PRODUCTION), '--default-actions', `Type=forward,TargetGroupArn=${tg1}`)).Listeners[0].ListenerArn
    await aws('elbv2', 'create-listener', '--load-balancer-arn', lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', String(TEST), '--default-actions', `Type=forward,TargetGroupArn=${tg2}`)
    await waitFor('the load balancer active', async () => (await aws('elbv2', 'describe-load-balancers', '--names', 'ts2-alb')).LoadBalancers[0].State.Code, (s) => s === 'active')
    await aws('ecs', 'register-task-definition', '--cli-input-json', file('a', webDefinition('ts2-a', 'a')))
    await aws('ecs', 'register-task-definition', '--cli-input-json', file('b', webDefinition('ts2-b', 'b')))
    await aws('ecs', 'create-service', '--cluster', c.name, '--service-name', 'ts2-svc', '--desired-count', '2', '--deployment-controller', 'type=EXTERNAL')

    // A behind TG1, PRIMARY: its tasks registered on their dynamic ports, healthy, serving production.
    const a = (await aws('ecs', 'create-task-set', '--cluster', c.name, '--service', 'ts2-svc', '--task-definition', 'ts2-a', '--scale', 'value=100,unit=PERCENT',
      '--load-balancers', `targetGroupArn=${tg1},containerName=web,containerPort=5000`)).taskSet
    assert.deepEqual(a.loadBalancers, [{ targetGroupArn: tg1, containerName: 'web', containerPort: 5000 }])
    await aws('ecs', 'update-service-primary-task-set', '--cluster', c.name, '--service', 'ts2-svc', '--primary-task-set', a.taskSetArn)
    await steady(a.id)
    const inTg1 = await health(tg1)
    assert.equal(inTg1.length, 2)
    assert.ok(inTg1.every((t: any) => /^i-[0-9a-f]{17}$/.test(t.Target.Id) && t.TargetHealth.State === 'healthy'), JSON.stringify(inTg1))
    assert.deepEqual(await through(PRODUCTION), { status: 200, body: 'Hello a!' })

    // B behind TG2: reachable on the test listener before any production traffic moves.
    const b = (await aws('ecs', 'create-task-set', '--cluster', c.name, '--service', 'ts2-svc', '--task-definition', 'ts2-b', '--scale', 'value=100,unit=PERCENT',
      '--load-balancers', `targetGroupArn=${tg2},containerName=web,containerPort=5000`)).taskSet
    await steady(b.id)
    assert.deepEqual(await through(TEST), { status: 200, body: 'Hello b!' })
    assert.deepEqual(await through(PRODUCTION), { status: 200, body: 'Hello a!' })

    // A request in flight to A (a first line now, the rest five seconds later) while production shifts.
    const res = await fetch(`http://${LB_ADDRESS}:${PRODUCTION}/cgi-bin/slow.cgi`)
    const reader = res.body!.getReader()
    let body = new TextDecoder().decode((await reader.read()).value)
    assert.equal(body, 'first\n')
    // The shift as CodeDeploy makes it on an ALB: a weighted forward, TG1 0 and TG2 100. TG1 stays
    // the listener's (in use), so deregistering its targets drains them.
    await aws('elbv2', 'modify-listener', '--listener-arn', production, '--default-actions',
      JSON.stringify([{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: tg1, Weight: 0 }, { TargetGroupArn: tg2, Weight: 100 }] } }]))
    for (let i = 0; i < 4; i++) assert.deepEqual(await through(PRODUCTION), { status: 200, body: 'Hello b!' }, 'production reaches B after the shift')
    await aws('ecs', 'update-service-primary-task-set', '--cluster', c.name, '--service', 'ts2-svc', '--primary-task-set', b.id)
    const service = (await aws('ecs', 'describe-services', '--cluster', c.name, '--services', 'ts2-svc')).services[0]
    assert.equal(service.taskDefinition, b.taskDefinition)
    assert.deepEqual(service.loadBalancers, [{ targetGroupArn: tg2, containerName: 'web', containerPort: 5000 }])

    // Deleting A: DRAINING; its targets drain, the request in flight finishes, then its containers stop.
    const deleted = (await aws('ecs', 'delete-task-set', '--cluster', c.name, '--service', 'ts2-svc', '--task-set', a.id, '--force')).taskSet
    assert.deepEqual([deleted.status, deleted.computedDesiredCount], ['DRAINING', 0])
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) body += new TextDecoder().decode(chunk.value)
    assert.equal(body, 'first\nslow a\n', 'the request in flight to A finished before its task stopped')
    await waitFor('A gone', async () => (await aws('ecs', 'describe-task-sets', '--cluster', c.name, '--service', 'ts2-svc', '--task-sets', a.id)).failures, (f: any[]) => f.length === 1, { timeoutMs: 120_000, intervalMs: 250 })
    assert.deepEqual(await health(tg1), [])
    const stopped = await waitFor(
      'A’s containers stopped',
      async () => (await aws('ecs', 'list-tasks', '--cluster', c.name, '--started-by', a.id, '--desired-status', 'STOPPED')).taskArns as string[],
      (arns) => arns.length === 2,
      { timeoutMs: 60_000, intervalMs: 250 },
    )
    const described = (await aws('ecs', 'describe-tasks', '--cluster', c.name, '--tasks', ...stopped)).tasks
    assert.ok(described.every((t: any) => t.stoppedReason === `Scaling activity initiated by (deployment ${a.id})`), JSON.stringify(described.map((t: any) => t.stoppedReason)))
    const events: string[] = (await aws('ecs', 'describe-services', '--cluster', c.name, '--services', 'ts2-svc')).services[0].events.map((e: any) => e.message)
    assert.ok(events.includes('(service ts2-svc) has begun draining connections on 2 tasks.'), events.join('\n'))
    assert.ok(events.includes(`(service ts2-svc) deregistered 2 targets in (target-group ${tg1})`), events.join('\n'))
    // B's tasks are registered as each comes up: one event for both, or one each.
    assert.ok(events.some((m) => m === `(service ts2-svc) registered 2 targets in (target-group ${tg2})` || m === `(service ts2-svc) registered 1 targets in (target-group ${tg2})`), events.join('\n'))
    // The controller's last step: production forwards to TG2 alone. B untouched.
    await aws('elbv2', 'modify-listener', '--listener-arn', production, '--default-actions', `Type=forward,TargetGroupArn=${tg2}`)
    assert.deepEqual(await through(PRODUCTION), { status: 200, body: 'Hello b!' })
    assert.equal((await health(tg2)).filter((t: any) => t.TargetHealth.State === 'healthy').length, 2)
  })
})
