import {
  ClusterNotFoundException,
  CreateClusterCommand,
  DescribeContainerInstancesCommand,
  ListContainerInstancesCommand,
  RegisterContainerInstanceCommand,
  UpdateContainerInstancesStateCommand,
  DeregisterContainerInstanceCommand,
  PutAttributesCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AGENT_RESOURCES, instanceIdOf, registerInstance } from '../../../testing/container-instances.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

const attr = (attrs: { name?: string | undefined; value?: string | undefined }[] | undefined, name: string) => attrs?.find((a) => a.name === name)?.value

describe('RegisterContainerInstance through the JS SDK', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    for (const clusterName of ['default', 'reg']) await t.ecs.send(new CreateClusterCommand({ clusterName }))
  })
  after(() => t.close())

  it('registers into the default cluster, ACTIVE, with the resources and the attributes ECS adds', async () => {
    const { containerInstance: ci } = await t.ecs.send(
      new RegisterContainerInstanceCommand({
        totalResources: AGENT_RESOURCES,
        versionInfo: { agentVersion: '1.80.0' },
        attributes: [{ name: 'com.amazonaws.ecs.capability.privileged-container' }, { name: 'stack', value: 'prod' }],
        tags: [{ key: 'team', value: 'infra' }],
      }),
    )
    assert.match(ci!.containerInstanceArn!, /^arn:aws:ecs:us-east-1:000000000000:container-instance\/default\/[0-9a-f]{32}$/)
    assert.match(ci!.ec2InstanceId!, /^i-[0-9a-f]{17}$/)
    assert.equal(ci!.status, 'ACTIVE')
    assert.equal(ci!.agentConnected, false, 'no agent channel has connected yet')
    assert.equal(ci!.version, 1)
    assert.deepEqual(ci!.versionInfo, { agentVersion: '1.80.0' })
    assert.deepEqual(ci!.registeredResources?.map((r) => [r.name, r.type, r.integerValue, r.stringSetValue]), [
      ['CPU', 'INTEGER', 2048, undefined],
      ['MEMORY', 'INTEGER', 3955, undefined],
      ['PORTS', 'STRINGSET', 0, ['22', '2375', '2376', '51678', '51679']],
      ['PORTS_UDP', 'STRINGSET', 0, []],
    ])
    assert.deepEqual(ci!.remainingResources, ci!.registeredResources, 'no tasks, so nothing is taken')
    assert.equal(ci!.runningTasksCount, 0)
    assert.equal(ci!.pendingTasksCount, 0)
    assert.equal(attr(ci!.attributes, 'ecs.os-type'), 'linux')
    assert.equal(attr(ci!.attributes, 'ecs.cpu-architecture'), 'x86_64')
    assert.equal(attr(ci!.attributes, 'ecs.availability-zone'), 'us-east-1a')
    assert.equal(attr(ci!.attributes, 'stack'), 'prod')
    assert.ok(ci!.attributes?.some((a) => a.name === 'com.amazonaws.ecs.capability.privileged-container' && a.value === undefined))
    assert.deepEqual(ci!.tags, [{ key: 'team', value: 'infra' }])
    assert.ok(ci!.registeredAt instanceof Date && Math.abs(ci!.registeredAt.getTime() - Date.now()) < 60_000)
  })

  it('reads the instance identity document and fills in missing resources', async () => {
    const iid = { instanceId: 'i-0abc1234def567890', instanceType: 't3.small', availabilityZone: 'us-east-1c', imageId: 'ami-1234', architecture: 'arm64', privateIp: '10.0.1.7' }
    const { containerInstance: ci } = await t.ecs.send(
      new RegisterContainerInstanceCommand({ cluster: 'reg', instanceIdentityDocument: JSON.stringify(iid), attributes: [{ name: 'ecs.os-type', value: 'windows' }] }),
    )
    assert.equal(ci!.ec2InstanceId, 'i-0abc1234def567890')
    const stored = await t.store.read((tx) => tx.containerInstances.get(ci!.containerInstanceArn!))
    assert.equal(stored?.privateIpAddress, '10.0.1.7', 'where load balancers reach its ports')
    assert.equal(attr(ci!.attributes, 'ecs.instance-type'), 't3.small')
    assert.equal(attr(ci!.attributes, 'ecs.availability-zone'), 'us-east-1c')
    assert.equal(attr(ci!.attributes, 'ecs.ami-id'), 'ami-1234')
    assert.equal(attr(ci!.attributes, 'ecs.cpu-architecture'), 'arm64')
    assert.equal(attr(ci!.attributes, 'ecs.os-type'), 'windows', 'what the agent reports is kept')
    assert.deepEqual(ci!.registeredResources?.map((r) => r.integerValue ?? r.stringSetValue), [0, 0, 0, 0])
  })

  it('re-registers the same instance, as the agent does on restart, keeping what it does not resend', async () => {
    const arn = await registerInstance(t.ecs, { cluster: 'reg', attributes: [{ name: 'stack', value: 'prod' }, { name: 'ecs.capability.old' }] })
    await t.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: 'reg', containerInstances: [arn], status: 'DRAINING' }))
    await t.ecs.send(new PutAttributesCommand({ cluster: 'reg', attributes: [{ name: 'rack', value: 'r1', targetId: arn }] }))
    const first = (await t.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'reg', containerInstances: [arn] }))).containerInstances![0]!
    const { containerInstance: again } = await t.ecs.send(
      new RegisterContainerInstanceCommand({
        cluster: 'reg',
        containerInstanceArn: arn,
        totalResources: [{ name: 'CPU', type: 'INTEGER', integerValue: 4096 }, { name: 'MEMORY', type: 'INTEGER', integerValue: 8000 }],
        versionInfo: { agentVersion: '1.81.0' },
        attributes: [{ name: 'ecs.capability.new' }],
      }),
    )
    assert.equal(again!.containerInstanceArn, arn)
    assert.equal(again!.version, first.version! + 1)
    assert.equal(again!.status, 'DRAINING', 'a draining instance stays draining')
    assert.equal(again!.ec2InstanceId, first.ec2InstanceId)
    assert.deepEqual(again!.registeredAt, first.registeredAt)
    assert.deepEqual(again!.versionInfo, { agentVersion: '1.81.0' })
    assert.equal(again!.registeredResources?.[0]?.integerValue, 4096)
    const names = again!.attributes!.map((a) => a.name)
    assert.ok(names.includes('stack') && names.includes('rack'), 'custom attributes are kept')
    assert.ok(names.includes('ecs.capability.new') && !names.includes('ecs.capability.old'), 'agent attributes are replaced')
    const list = await t.ecs.send(new ListContainerInstancesCommand({ cluster: 'reg' }))
    assert.equal(list.containerInstanceArns?.filter((a) => a === arn).length, 1, 'no second instance')
  })

  it('refuses an instance type change and a deregistered instance, as ECS does', async () => {
    const iid = (type: string) => JSON.stringify({ instanceId: 'i-0000000000000000a', instanceType: type })
    const arn = await registerInstance(t.ecs, { cluster: 'reg', instanceIdentityDocument: iid('t3.small') })
    await assert.rejects(
      t.ecs.send(new RegisterContainerInstanceCommand({ cluster: 'reg', containerInstanceArn: arn, instanceIdentityDocument: iid('m5.large') })),
      { name: 'ClientException', message: 'Container instance type changes are not supported.' },
    )
    await t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'reg', containerInstance: arn }))
    await assert.rejects(t.ecs.send(new RegisterContainerInstanceCommand({ cluster: 'reg', containerInstanceArn: arn })), { name: 'ClientException' })
    await assert.rejects(
      t.ecs.send(new RegisterContainerInstanceCommand({ cluster: 'reg', containerInstanceArn: arn.replace('/reg/', '/default/') })),
      { name: 'InvalidParameterException' },
    )
  })

  it('refuses bad registrations and creates nothing', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'bad' }))
    const bad = [
      { cluster: 'nowhere', want: ClusterNotFoundException.name },
      { totalResources: [{ name: 'CPU', type: 'STRINGSET', stringSetValue: ['1'] }], want: 'InvalidParameterException' },
      { totalResources: [{ name: 'MEMORY', type: 'INTEGER', integerValue: -1 }], want: 'InvalidParameterException' },
      { totalResources: [{ name: 'PORTS', type: 'STRINGSET', stringSetValue: ['http'] }], want: 'InvalidParameterException' },
      { totalResources: [{ name: 'CPU', type: 'INTEGER' }, { name: 'CPU', type: 'INTEGER' }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'has space', value: 'x' }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: ' leading' }], want: 'InvalidParameterException' },
      { attributes: Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, value: 'v' })), want: 'AttributeLimitExceededException' },
      { instanceIdentityDocument: 'not json', want: 'InvalidParameterException' },
      { instanceIdentityDocument: JSON.stringify({ privateIp: 'ip-10-0-1-7' }), want: 'InvalidParameterException' },
      { containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/bad/ffffffffffffffffffffffffffffffff', want: 'InvalidParameterException' },
      { tags: [{ key: 'aws:x', value: 'y' }], want: 'InvalidParameterException' },
    ]
    for (const { want, ...input } of bad) {
      await assert.rejects(t.ecs.send(new RegisterContainerInstanceCommand({ cluster: 'bad', ...input })), { name: want }, JSON.stringify(input))
    }
    assert.deepEqual((await t.ecs.send(new ListContainerInstancesCommand({ cluster: 'bad' }))).containerInstanceArns, [])
  })

  it('describes by id and ARN, reports the rest as MISSING, and shows tags and health only when asked', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'desc' }))
    const arn = await registerInstance(t.ecs, { cluster: 'desc', tags: [{ key: 'k', value: 'v' }] })
    const other = await registerInstance(t.ecs, { cluster: 'reg' })
    const ghost = 'arn:aws:ecs:us-east-1:000000000000:container-instance/desc/00000000000000000000000000000000'
    const res = await t.ecs.send(
      new DescribeContainerInstancesCommand({ cluster: 'desc', containerInstances: [instanceIdOf(arn), arn, ghost, other, 'not an id'] }),
    )
    assert.deepEqual(res.containerInstances?.map((c) => c.containerInstanceArn), [arn, arn])
    assert.deepEqual(res.containerInstances?.[0]?.tags, [])
    assert.equal(res.containerInstances?.[0]?.healthStatus, undefined)
    assert.deepEqual(res.failures, [
      { arn: ghost, reason: 'MISSING' },
      { arn: other, reason: 'MISSING' },
      { arn: 'not an id', reason: 'MISSING' },
    ])
    const withTags = await t.ecs.send(
      new DescribeContainerInstancesCommand({ cluster: 'desc', containerInstances: [arn], include: ['TAGS', 'CONTAINER_INSTANCE_HEALTH'] }),
    )
    assert.deepEqual(withTags.containerInstances?.[0]?.tags, [{ key: 'k', value: 'v' }])
    assert.equal(withTags.containerInstances?.[0]?.healthStatus?.overallStatus, 'INSUFFICIENT_DATA')
    const tooMany = Array.from({ length: 101 }, () => arn)
    await assert.rejects(t.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'desc', containerInstances: tooMany })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'desc', containerInstances: [] })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new DescribeContainerInstancesCommand({ cluster: 'nope', containerInstances: [arn] })), ClusterNotFoundException)
  })
})
