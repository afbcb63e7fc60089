import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type Task } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startFakeCluster, type FakeCluster } from '../../../testing/fake-cluster.js'
import { waitFor } from '../../../testing/wait.js'

/**
 * An awsvpc task through the SDK over a fake host (the real agent, server and channel; fake
 * containers on a fake bridge): RunTask stores its network configuration, DescribeTasks shows
 * the ENI attachment PRECREATED at once, ATTACHED with the address the agent reported once the
 * holder runs, DELETED once the task stopped; the containers show the interface and no bindings.
 */
describe('an awsvpc task’s interface, RunTask to STOPPED, over a fake host', () => {
  let c: FakeCluster
  before(async () => {
    c = await startFakeCluster({ hosts: 1 })
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'eni-vpc',
        networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'web', image: 'berth-test/web:1', memory: 64, portMappings: [{ containerPort: 5000, hostPort: 5000 }] }],
      }),
    )
  })
  after(() => c?.close())

  const describe1 = async (arn: string): Promise<Task> => (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [arn] }))).tasks![0]!
  const detail = (t: Task, name: string) => t.attachments?.[0]?.details?.find((d) => d.name === name)?.value

  it('is PRECREATED with its subnet, then ATTACHED with the holder’s address, then DELETED', async () => {
    const network = { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d'], securityGroups: ['sg-0a1b2c3d'], assignPublicIp: 'DISABLED' as const } }
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'eni-vpc', networkConfiguration: network }))
    const placed = run.tasks![0]!
    assert.deepEqual(placed.attachments?.map((a) => [a.type, a.status, a.details]), [['ElasticNetworkInterface', 'PRECREATED', [{ name: 'subnetId', value: 'subnet-0a1b2c3d' }]]])
    assert.deepEqual(placed.containers?.[0]?.networkInterfaces, [])

    const running = await waitFor('the task running', () => describe1(placed.taskArn!), (t) => t.lastStatus === 'RUNNING', { timeoutMs: 15_000, intervalMs: 20 })
    const [attachment] = running.attachments!
    assert.equal(attachment?.id, placed.attachments?.[0]?.id, 'the same attachment id throughout')
    assert.equal(attachment?.status, 'ATTACHED')
    const holder = c.hosts[0]!.runtime.containers().find((x) => x.labels['com.amazonaws.ecs.container-name'] === '~internal~ecs~pause')
    assert.ok(holder?.ipAddress)
    assert.equal(detail(running, 'privateIPv4Address'), holder.ipAddress)
    assert.equal(detail(running, 'macAddress'), holder.macAddress)
    assert.equal(detail(running, 'privateDnsName'), `ip-${holder.ipAddress.replaceAll('.', '-')}.us-east-1.compute.internal`)
    assert.match(detail(running, 'networkInterfaceId') ?? '', /^eni-[0-9a-f]{17}$/)
    assert.deepEqual(running.containers?.[0]?.networkInterfaces, [{ attachmentId: attachment?.id, privateIpv4Address: holder.ipAddress }])
    assert.deepEqual(running.containers?.[0]?.networkBindings, [])

    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: placed.taskArn! }))
    const stopped = await waitFor('the task stopped', () => describe1(placed.taskArn!), (t) => t.lastStatus === 'STOPPED', { timeoutMs: 15_000, intervalMs: 20 })
    assert.equal(stopped.attachments?.[0]?.status, 'DELETED')
    assert.equal(detail(stopped, 'privateIPv4Address'), holder.ipAddress, 'what it had is still shown')
  })

  it('gives two tasks of one definition on one host addresses of their own', async () => {
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'eni-vpc', count: 2, networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0a1b2c3d'] } } }))
    assert.equal(run.tasks?.length, 2, JSON.stringify(run.failures))
    const running = await Promise.all(run.tasks!.map((t) => waitFor('the task running', () => describe1(t.taskArn!), (x) => x.lastStatus === 'RUNNING', { timeoutMs: 15_000, intervalMs: 20 })))
    const addresses = running.map((t) => detail(t, 'privateIPv4Address'))
    assert.equal(new Set(addresses).size, 2, addresses.join(', '))
  })
})
