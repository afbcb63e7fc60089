import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsCli, awsJson, jsonFile } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * awsvpc tasks on real containers, through the aws CLI v2: each task gets a network namespace
 * and an address of its own (its holder container's on Docker's bridge), which DescribeTasks
 * shows as ECS shows an ENI (an ElasticNetworkInterface attachment, each container's
 * networkInterfaces, no host bindings) and which answers HTTP from the host. An EC2-launch
 * service behind an Application Load Balancer with a target group of type ip registers
 * `<task address>:<containerPort>`; the targets turn healthy, traffic flows through the
 * listener; an ip target registered by hand serves too; scaling in drains the targets and the
 * stopped tasks' attachments read DELETED. Two tasks share one instance with the same port:
 * nothing is published on the host. One instance on 127.0.27.2, listeners on 127.0.27.1.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('awsvpc tasks with addresses of their own behind an ip target group, through the aws CLI', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const INSTANCE_IP = '127.0.27.2'
  const LB_ADDRESS = '127.0.27.1'
  const PORT = 8080
  const BY_HAND_PORT = 8081
  let c: TestCluster
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-eni-'))
  let targetGroup: string
  let loadBalancer: string

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: [INSTANCE_IP], namePrefix: 'eni', server: { loadBalancerAddress: LB_ADDRESS } })
    await c.addAgent(INSTANCE_IP, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
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
  const health = async (tg: string) => (await aws('elbv2', 'describe-target-health', '--target-group-arn', tg)).TargetHealthDescriptions
  const untilSteady = (name: string) =>
    waitFor(
      `service ${name} steady`,
      () => describeService(name),
      (s) => s.deployments.length === 1 && s.deployments[0].rolloutState === 'COMPLETED' && s.runningCount === s.desiredCount,
      { timeoutMs: 120_000, intervalMs: 250 },
    ).catch(async (error: unknown) => {
      throw new Error(`${String(error)}\ntarget health: ${JSON.stringify(await health(targetGroup))}`)
    })
  const get = async (url: string) => {
    const res = await fetch(url)
    return { status: res.status, body: (await res.text()).trim() }
  }
  const describeTasks = async (arns: string[]) => (await aws('ecs', 'describe-tasks', '--cluster', c.name, '--tasks', ...arns)).tasks
  const detail = (task: any, name: string): string | undefined => task.attachments[0]?.details.find((d: any) => d.name === name)?.value
  const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-0e1d27aa', 'subnet-0e1d27bb'], securityGroups: ['sg-0e1d27aa'], assignPublicIp: 'DISABLED' } }

  it('creates a load balancer with a target group of type ip and a listener', async () => {
    loadBalancer = (await aws('elbv2', 'create-load-balancer', '--name', 'eni-alb', '--subnets', 'subnet-0e1d27aa', 'subnet-0e1d27bb', '--security-groups', 'sg-0e1d27aa')).LoadBalancers[0].LoadBalancerArn
    const tg = (
      await aws('elbv2', 'create-target-group', '--name', 'eni-ip', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-0e1d27aa', '--target-type', 'ip', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')
    ).TargetGroups[0]
    assert.equal(tg.TargetType, 'ip')
    targetGroup = tg.TargetGroupArn
    await aws('elbv2', 'modify-target-group-attributes', '--target-group-arn', targetGroup, '--attributes', 'Key=deregistration_delay.timeout_seconds,Value=2')
    await aws('elbv2', 'create-listener', '--load-balancer-arn', loadBalancer, '--protocol', 'HTTP', '--port', String(PORT), '--default-actions', `Type=forward,TargetGroupArn=${targetGroup}`)
    await waitFor('the load balancer active', async () => (await aws('elbv2', 'describe-load-balancers', '--names', 'eni-alb')).LoadBalancers[0].State.Code, (s) => s === 'active')
  })

  it('runs an awsvpc service whose tasks, two on one instance, register their own addresses and serve through the listener', async () => {
    const td = (
      await aws('ecs', 'register-task-definition', '--cli-input-json', file('eni-web', {
        family: 'eni-web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['EC2'],
        containerDefinitions: [
          { name: 'web', image: TEST_IMAGES.web, memory: 64, essential: true, portMappings: [{ containerPort: 5000, hostPort: 5000, protocol: 'tcp' }], environment: [{ name: 'PROVIDER', value: 'ENI' }] },
        ],
      }))
    ).taskDefinition
    assert.equal(td.networkMode, 'awsvpc')
    await aws('ecs', 'create-service', '--cli-input-json', file('eni-service', {
      cluster: c.name,
      serviceName: 'eni-web',
      taskDefinition: 'eni-web',
      launchType: 'EC2',
      desiredCount: 2,
      networkConfiguration: NETWORK,
      loadBalancers: [{ targetGroupArn: targetGroup, containerName: 'web', containerPort: 5000 }],
    }))
    const service = await untilSteady('eni-web')
    assert.deepEqual(service.networkConfiguration, NETWORK, 'the service echoes its network configuration')

    const arns: string[] = (await aws('ecs', 'list-tasks', '--cluster', c.name, '--service-name', 'eni-web')).taskArns
    assert.equal(arns.length, 2)
    const tasks = await describeTasks(arns)
    assert.equal(new Set(tasks.map((t: any) => t.containerInstanceArn)).size, 1, 'both on the one instance: no host port is taken')
    const addresses: string[] = []
    for (const t of tasks) {
      assert.equal(t.lastStatus, 'RUNNING')
      assert.equal(t.attachments.length, 1)
      const [a] = t.attachments
      assert.equal(a.type, 'ElasticNetworkInterface')
      assert.equal(a.status, 'ATTACHED')
      assert.match(a.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      assert.deepEqual(a.details.map((d: any) => d.name), ['subnetId', 'networkInterfaceId', 'macAddress', 'privateDnsName', 'privateIPv4Address'])
      const ip = detail(t, 'privateIPv4Address')!
      assert.match(ip, /^\d+\.\d+\.\d+\.\d+$/)
      assert.equal(detail(t, 'subnetId'), 'subnet-0e1d27aa')
      assert.match(detail(t, 'networkInterfaceId') ?? '', /^eni-[0-9a-f]{17}$/)
      assert.match(detail(t, 'macAddress') ?? '', /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/)
      assert.equal(detail(t, 'privateDnsName'), `ip-${ip.replaceAll('.', '-')}.us-east-1.compute.internal`)
      const [web] = t.containers
      assert.deepEqual(web.networkInterfaces, [{ attachmentId: a.id, privateIpv4Address: ip }])
      assert.deepEqual(web.networkBindings, [], 'awsvpc publishes nothing on the host')
      assert.deepEqual(await get(`http://${ip}:5000/`), { status: 200, body: 'Hello ENI!' }, 'the task’s address answers from the host')
      addresses.push(ip)
    }
    assert.equal(new Set(addresses).size, 2, 'each task has an address of its own')

    const targets = await waitFor('both targets healthy', () => health(targetGroup), (ts) => ts.length === 2 && ts.every((x: any) => x.TargetHealth.State === 'healthy'), { timeoutMs: 60_000 })
    assert.deepEqual(targets.map((x: any) => `${x.Target.Id}:${x.Target.Port}`).sort(), addresses.map((ip) => `${ip}:5000`).sort())
    const events: string[] = service.events.map((e: any) => e.message)
    assert.ok(events.some((m) => /^\(service eni-web\) registered [12] targets in \(target-group /.test(m)), events.join('\n'))
    assert.deepEqual(await get(`http://${LB_ADDRESS}:${PORT}/`), { status: 200, body: 'Hello ENI!' })
  })

  it('takes an ip target registered by hand', async () => {
    const byHand = (
      await aws('elbv2', 'create-target-group', '--name', 'eni-by-hand', '--protocol', 'HTTP', '--port', '5000', '--vpc-id', 'vpc-0e1d27aa', '--target-type', 'ip', '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')
    ).TargetGroups[0].TargetGroupArn
    await aws('elbv2', 'create-listener', '--load-balancer-arn', loadBalancer, '--protocol', 'HTTP', '--port', String(BY_HAND_PORT), '--default-actions', `Type=forward,TargetGroupArn=${byHand}`)
    const [arn] = (await aws('ecs', 'list-tasks', '--cluster', c.name, '--service-name', 'eni-web')).taskArns
    const ip = detail((await describeTasks([arn]))[0], 'privateIPv4Address')!
    await aws('elbv2', 'register-targets', '--target-group-arn', byHand, '--targets', `Id=${ip}`)
    const [t] = await waitFor('the target healthy', () => health(byHand), (ts) => ts[0]?.TargetHealth.State === 'healthy', { timeoutMs: 60_000 })
    assert.deepEqual([t.Target.Id, t.Target.Port], [ip, 5000], 'the group’s port when none is given')
    await waitFor('the second listener serving', () => get(`http://${LB_ADDRESS}:${BY_HAND_PORT}/`), (r) => r.status === 200)
    assert.deepEqual(await get(`http://${LB_ADDRESS}:${BY_HAND_PORT}/`), { status: 200, body: 'Hello ENI!' })
    await aws('elbv2', 'deregister-targets', '--target-group-arn', byHand, '--targets', `Id=${ip}`)
    await waitFor('the target gone', () => health(byHand), (ts) => ts.length === 0, { timeoutMs: 30_000 })
  })

  it('refuses an instance target group for awsvpc tasks with ECS’s message', async () => {
    const instanceGroup = (await aws('elbv2', 'create-target-group', '--name', 'eni-instance', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-0e1d27aa')).TargetGroups[0].TargetGroupArn
    await aws('elbv2', 'create-listener', '--load-balancer-arn', loadBalancer, '--protocol', 'HTTP', '--port', '8082', '--default-actions', `Type=forward,TargetGroupArn=${instanceGroup}`)
    const r = await awsCli(c.server.endpoint, ['ecs', 'create-service', '--cluster', c.name, '--service-name', 'eni-wrong', '--task-definition', 'eni-web', '--desired-count', '1', '--network-configuration', 'awsvpcConfiguration={subnets=[subnet-0e1d27aa]}', '--load-balancers', `targetGroupArn=${instanceGroup},containerName=web,containerPort=5000`])
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, new RegExp(`InvalidParameterException.*The provided target group ${instanceGroup.replaceAll('/', '\\/')} has target type instance, which is incompatible with the awsvpc network mode specified in the task definition\\.`))
  })

  it('scales in: the targets drain away and the stopped tasks’ interfaces read DELETED', async () => {
    const arns: string[] = (await aws('ecs', 'list-tasks', '--cluster', c.name, '--service-name', 'eni-web')).taskArns
    await aws('ecs', 'update-service', '--cluster', c.name, '--service', 'eni-web', '--desired-count', '0')
    await waitFor('no target left', () => health(targetGroup), (ts) => ts.length === 0, { timeoutMs: 60_000 })
    const stopped = await waitFor('the tasks stopped', () => describeTasks(arns), (ts) => ts.every((t: any) => t.lastStatus === 'STOPPED'), { timeoutMs: 60_000, intervalMs: 250 })
    for (const t of stopped) {
      assert.equal(t.attachments[0].status, 'DELETED')
      assert.match(detail(t, 'privateIPv4Address') ?? '', /^\d+\.\d+\.\d+\.\d+$/, 'what it had is still shown')
    }
    await waitFor('503 once no task serves', () => get(`http://${LB_ADDRESS}:${PORT}/`), (r) => r.status === 503)
    await aws('ecs', 'delete-service', '--cluster', c.name, '--service', 'eni-web', '--force')
  })
})
