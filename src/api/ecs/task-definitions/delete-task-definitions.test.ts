import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

const ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition/'

describe('DeleteTaskDefinitions', () => {
  let t: TestServer
  const register = (family: string) =>
    t.ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [{ name: 'app', image: 'busybox', memory: 32 }] }))
  const statusOf = async (ref: string) => (await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref }))).taskDefinition?.status
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('deletes INACTIVE revisions to DELETE_IN_PROGRESS; ACTIVE, unknown and family-only ones fail alone (JS SDK)', async () => {
    await register('del')
    await register('del')
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'del:1' }))
    const res = await t.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [`${ARN}del:1`, 'del:2', 'del:9', 'del'] }))
    assert.deepEqual(res.taskDefinitions?.map((td) => [td.taskDefinitionArn, td.status]), [[`${ARN}del:1`, 'DELETE_IN_PROGRESS']])
    assert.deepEqual(res.failures?.map((f) => f.arn), [`${ARN}del:2`, `${ARN}del:9`, 'del'])
    assert.match(res.failures?.[0]?.reason ?? '', /ACTIVE/)
    assert.equal(await statusOf('del:1'), 'DELETE_IN_PROGRESS')
    assert.equal(await statusOf('del:2'), 'ACTIVE', 'a failed entry changes nothing')
    const listed = await t.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'del', status: 'DELETE_IN_PROGRESS' }))
    assert.deepEqual(listed.taskDefinitionArns, [`${ARN}del:1`])
    const inactive = await t.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: 'del', status: 'INACTIVE' }))
    assert.deepEqual(inactive.taskDefinitionArns, [])
  })

  it('answers a revision already deleting as it is, and deregistering it does not bring it back to INACTIVE', async () => {
    await register('again')
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'again:1' }))
    await t.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['again:1'] }))
    const twice = await t.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['again:1'] }))
    assert.equal(twice.taskDefinitions?.[0]?.status, 'DELETE_IN_PROGRESS')
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'again:1' }))
    assert.equal(await statusOf('again:1'), 'DELETE_IN_PROGRESS')
  })

  it('refuses an empty list and more than 10 with InvalidParameterException', async () => {
    await assert.rejects(t.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [] })), { name: 'InvalidParameterException' })
    const eleven = Array.from({ length: 11 }, (_, i) => `x:${i + 1}`)
    await assert.rejects(t.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: eleven })), { name: 'InvalidParameterException' })
  })

  // CLI 2.9.19 predates delete-task-definitions: the SDK deletes, the CLI reads what it sees.
  it('the aws CLI describes and lists a deleted revision as DELETE_IN_PROGRESS', { skip: awsCliMissing }, async () => {
    await register('cli-del')
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'cli-del:1' }))
    await t.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ['cli-del:1'] }))
    const desc = await awsCli(t.endpoint, ['ecs', 'describe-task-definition', '--task-definition', 'cli-del:1'])
    assert.equal(desc.code, 0, desc.stderr)
    assert.equal((desc.json as { taskDefinition: { status: string } }).taskDefinition.status, 'DELETE_IN_PROGRESS')
    const list = await awsCli(t.endpoint, ['ecs', 'list-task-definitions', '--family-prefix', 'cli-del', '--status', 'DELETE_IN_PROGRESS'])
    assert.equal(list.code, 0, list.stderr)
    assert.deepEqual((list.json as { taskDefinitionArns: string[] }).taskDefinitionArns, [`${ARN}cli-del:1`])
  })
})
