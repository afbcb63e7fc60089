import {
  CreateClusterCommand,
  DeleteAttributesCommand,
  DeregisterContainerInstanceCommand,
  DescribeContainerInstancesCommand,
  ListAttributesCommand,
  PutAttributesCommand,
  type Attribute,
  type ListAttributesCommandInput,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { instanceIdOf, registerInstance } from '../../../testing/container-instances.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

describe('attributes through the JS SDK', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'default' }))
  })
  after(() => t.close())

  const put = (attributes: Attribute[], cluster?: string) => t.ecs.send(new PutAttributesCommand({ attributes, cluster }))
  const custom = async (arn: string, cluster = 'default') => {
    const ci = (await t.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [arn] }))).containerInstances![0]!
    return { version: ci.version, attributes: ci.attributes!.filter((a) => !a.name!.startsWith('ecs.') && !a.name!.startsWith('com.amazonaws.ecs.')) }
  }
  const listAll = async (input: Omit<ListAttributesCommandInput, 'targetType'>) =>
    (await t.ecs.send(new ListAttributesCommand({ targetType: 'container-instance', ...input }))).attributes ?? []

  it('puts attributes by ARN, and by id with targetType; a second put replaces the value', async () => {
    const arn = await registerInstance(t.ecs)
    const res = await put([
      { name: 'stack', value: 'prod', targetId: arn },
      { name: 'flag', targetId: instanceIdOf(arn), targetType: 'container-instance' },
    ])
    assert.deepEqual(res.attributes, [
      { name: 'stack', value: 'prod', targetId: arn },
      { name: 'flag', targetId: arn, targetType: 'container-instance' },
    ])
    await put([{ name: 'stack', value: 'dev', targetId: arn }])
    assert.deepEqual(await custom(arn), { version: 3, attributes: [{ name: 'stack', value: 'dev' }, { name: 'flag' }] })
  })

  it('allows 10 custom attributes per instance, not 11, and built-in names do not count', async () => {
    const arn = await registerInstance(t.ecs, { attributes: [{ name: 'c0', value: 'v' }] })
    await put(Array.from({ length: 9 }, (_, i) => ({ name: `c${i + 1}`, value: 'v', targetId: arn })))
    await put([{ name: 'ecs.capability.extra', targetId: arn }, { name: 'c0', value: 'replaced', targetId: arn }])
    const before = await custom(arn)
    assert.equal(before.attributes.length, 10)
    await assert.rejects(put([{ name: 'c10', value: 'v', targetId: arn }]), { name: 'AttributeLimitExceededException' })
    assert.deepEqual(await custom(arn), before, 'the refused put changed nothing')
  })

  it('refuses bad names, values, counts and targets, and changes nothing', async () => {
    const arn = await registerInstance(t.ecs)
    const gone = await registerInstance(t.ecs)
    await t.ecs.send(new DeregisterContainerInstanceCommand({ containerInstance: gone }))
    const cases: { attributes: Attribute[]; cluster?: string; want: string }[] = [
      { attributes: [{ name: 'has space', value: 'x', targetId: arn }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'x'.repeat(129), targetId: arn }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: 'bad#char', targetId: arn }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: 'trailing ', targetId: arn }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: 'v'.repeat(129), targetId: arn }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: 'v' }], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: 'v', targetId: instanceIdOf(arn) }], want: 'InvalidParameterException' },
      { attributes: Array.from({ length: 11 }, (_, i) => ({ name: `n${i}`, targetId: arn })), want: 'InvalidParameterException' },
      { attributes: [], want: 'InvalidParameterException' },
      { attributes: [{ name: 'ok', value: 'v', targetId: arn.replace(/[0-9a-f]{32}$/, 'f'.repeat(32)) }], want: 'TargetNotFoundException' },
      { attributes: [{ name: 'ok', value: 'v', targetId: gone }], want: 'TargetNotFoundException' },
      { attributes: [{ name: 'ok', value: 'v', targetId: 'arn:aws:ecs:us-east-1:000000000000:cluster/default' }], want: 'TargetNotFoundException' },
      { attributes: [{ name: 'ok', value: 'v', targetId: arn }, { name: 'ok2', value: 'v', targetId: gone }], want: 'TargetNotFoundException' },
      { attributes: [{ name: 'ok', value: 'v', targetId: arn }], cluster: 'nope', want: 'ClusterNotFoundException' },
    ]
    for (const { attributes, cluster, want } of cases) {
      await assert.rejects(put(attributes, cluster), { name: want }, JSON.stringify(attributes).slice(0, 200))
    }
    assert.deepEqual(await custom(arn), { version: 1, attributes: [] })
  })

  it('accepts the full value alphabet', async () => {
    const arn = await registerInstance(t.ecs)
    const value = 'Az09-_.@/\\: with spaces'
    await put([{ name: 'A-z_0.9/\\x', value, targetId: arn }])
    assert.deepEqual((await custom(arn)).attributes, [{ name: 'A-z_0.9/\\x', value }])
  })

  it('deletes attributes, answering with the value each had; a name the instance lacks is no error', async () => {
    const arn = await registerInstance(t.ecs, { attributes: [{ name: 'stack', value: 'prod' }] })
    const res = await t.ecs.send(new DeleteAttributesCommand({ attributes: [{ name: 'stack', targetId: arn }, { name: 'never', targetId: arn }] }))
    assert.deepEqual(res.attributes, [
      { name: 'stack', value: 'prod', targetId: arn },
      { name: 'never', targetId: arn },
    ])
    assert.deepEqual(await custom(arn), { version: 2, attributes: [] })
    await assert.rejects(t.ecs.send(new DeleteAttributesCommand({ attributes: [{ name: 'stack', targetId: 'ffffffffffffffffffffffffffffffff', targetType: 'container-instance' }] })), {
      name: 'TargetNotFoundException',
    })
  })

  it('lists attributes of the cluster by name, by name and value, and pages through them', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'la' }))
    const a = await registerInstance(t.ecs, { cluster: 'la', attributes: [{ name: 'stack', value: 'prod' }] })
    const b = await registerInstance(t.ecs, { cluster: 'la', attributes: [{ name: 'stack', value: 'dev' }] })
    const c = await registerInstance(t.ecs, { cluster: 'la', attributes: [{ name: 'stack', value: 'prod' }] })
    await t.ecs.send(new DeregisterContainerInstanceCommand({ cluster: 'la', containerInstance: c }))
    assert.deepEqual(await listAll({ cluster: 'la', attributeName: 'stack', attributeValue: 'prod' }), [{ name: 'stack', value: 'prod', targetId: a }])
    assert.deepEqual(
      (await listAll({ cluster: 'la', attributeName: 'stack' })).map((x) => x.targetId),
      [a, b].sort(),
    )
    assert.deepEqual(await listAll({ cluster: 'la', attributeName: 'ecs.os-type', attributeValue: 'windows' }), [])
    const everything = await listAll({ cluster: 'la' })
    assert.ok(everything.some((x) => x.name === 'ecs.os-type' && x.value === 'linux'), 'built-in attributes are listed too')
    const paged: Attribute[] = []
    let nextToken: string | undefined
    do {
      const page = await t.ecs.send(new ListAttributesCommand({ cluster: 'la', targetType: 'container-instance', maxResults: 3, nextToken }))
      assert.ok(page.attributes!.length <= 3)
      paged.push(...page.attributes!)
      nextToken = page.nextToken
    } while (nextToken)
    assert.deepEqual(paged, everything)
    await assert.rejects(listAll({ cluster: 'la', attributeValue: 'prod' }), { name: 'InvalidParameterException' })
    await assert.rejects(listAll({ cluster: 'nope' }), { name: 'ClusterNotFoundException' })
    await assert.rejects(listAll({ cluster: 'la', nextToken: 'forged' }), { name: 'InvalidParameterException' })
  })
})

describe('attributes and filters through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('puts and lists attributes, and lists container instances with --filter', async () => {
    await awsCli(t.endpoint, ['ecs', 'create-cluster', '--cluster-name', 'cli'])
    const prod = await registerInstance(t.ecs, { cluster: 'cli' })
    const dev = await registerInstance(t.ecs, { cluster: 'cli' })
    const putRes = await awsCli(t.endpoint, ['ecs', 'put-attributes', '--cluster', 'cli', '--attributes', `name=stack,value=prod,targetId=${prod}`])
    assert.equal(putRes.code, 0, putRes.stderr)
    assert.deepEqual(putRes.json, { attributes: [{ name: 'stack', value: 'prod', targetId: prod }] })
    const id = instanceIdOf(dev)
    const putDev = await awsCli(t.endpoint, ['ecs', 'put-attributes', '--cluster', 'cli', '--attributes', `name=stack,value=dev,targetId=${id},targetType=container-instance`])
    assert.equal(putDev.code, 0, putDev.stderr)
    const listed = await awsCli(t.endpoint, ['ecs', 'list-attributes', '--cluster', 'cli', '--target-type', 'container-instance', '--attribute-name', 'stack', '--attribute-value', 'prod'])
    assert.deepEqual(listed.json, { attributes: [{ name: 'stack', value: 'prod', targetId: prod }] })
    const filtered = await awsCli(t.endpoint, ['ecs', 'list-container-instances', '--cluster', 'cli', '--filter', 'attribute:stack == prod'])
    assert.deepEqual(filtered.json, { containerInstanceArns: [prod] })
    const either = await awsCli(t.endpoint, ['ecs', 'list-container-instances', '--cluster', 'cli', '--filter', 'attribute:stack in [prod, dev]', '--page-size', '1'])
    assert.deepEqual((either.json as { containerInstanceArns: string[] }).containerInstanceArns, [prod, dev].sort())
    const bad = await awsCli(t.endpoint, ['ecs', 'list-container-instances', '--cluster', 'cli', '--filter', 'attribute:stack =='])
    assert.equal(bad.code, 254)
    assert.match(bad.stderr, /\(InvalidParameterException\) when calling the ListContainerInstances operation: Invalid filter/)
    const limit = await awsCli(t.endpoint, ['ecs', 'put-attributes', '--cluster', 'cli', '--attributes', `name=x,targetId=${'f'.repeat(32)},targetType=container-instance`])
    assert.match(limit.stderr, /\(TargetNotFoundException\)/)
  })
})
