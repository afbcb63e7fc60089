import { CreateClusterCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../../../core/model/capacity-provider.js'
import { registerInstance } from '../../../testing/container-instances.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

const ASG = (name: string, uuid: string) => `arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:${uuid}:autoScalingGroupName/${name}`
const ASG_A = ASG('cp-cli-a', '11111111-2222-4333-8444-555555555555')
const ASG_B = ASG('cp-cli-b', '66666666-7777-4888-9999-aaaaaaaaaaaa')

interface CliProvider {
  name: string
  status: string
  updateStatus?: string
  autoScalingGroupProvider: { autoScalingGroupArn: string; managedScaling: Record<string, unknown>; managedTerminationProtection: string }
}

/** The capacity provider commands of aws CLI v2, as ECS's own CLI examples write them. */
describe('capacity providers through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  const cli = (...args: string[]) => awsCli(t.endpoint, ['ecs', ...args])
  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'cp-cli' }))
    for (const [group, n] of [['cp-cli-a', 1], ['cp-cli-b', 2]] as const) {
      for (let i = 0; i < n; i++) {
        const arn = await registerInstance(t.ecs, { cluster: 'cp-cli', attributes: [{ name: AUTO_SCALING_GROUP_ATTRIBUTE, value: group }] })
        await t.store.txn(async (tx) => void tx.containerInstances.put({ ...(await tx.containerInstances.get(arn))!, agentConnected: true }))
      }
    }
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'cp-cli-td', containerDefinitions: [{ name: 'app', image: 'berth-test/web', cpu: 64, memory: 64 }] }))
  })
  after(() => t.close())

  it('create-capacity-provider, describe-capacity-providers, update-capacity-provider', async () => {
    const created = await cli(
      'create-capacity-provider', '--name', 'cp-cli-a',
      '--auto-scaling-group-provider', `autoScalingGroupArn=${ASG_A},managedScaling={status=ENABLED,targetCapacity=100},managedTerminationProtection=ENABLED`,
      '--tags', 'key=env,value=test',
    )
    assert.equal(created.code, 0, created.stderr)
    const p = (created.json as { capacityProvider: CliProvider }).capacityProvider
    assert.equal(p.status, 'ACTIVE')
    assert.deepEqual(p.autoScalingGroupProvider.managedScaling, { status: 'ENABLED', targetCapacity: 100, minimumScalingStepSize: 1, maximumScalingStepSize: 10000, instanceWarmupPeriod: 300 })
    assert.equal((await cli('create-capacity-provider', '--name', 'cp-cli-b', '--auto-scaling-group-provider', `autoScalingGroupArn=${ASG_B}`)).code, 0)

    const bad = await cli('create-capacity-provider', '--name', 'fargate-mine', '--auto-scaling-group-provider', `autoScalingGroupArn=${ASG('x', '11111111-2222-4333-8444-000000000000')}`)
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /ClientException/)

    const described = await cli('describe-capacity-providers', '--capacity-providers', 'cp-cli-a', '--include', 'TAGS')
    const d = described.json as { capacityProviders: (CliProvider & { tags: unknown })[] }
    assert.deepEqual(d.capacityProviders[0]!.tags, [{ key: 'env', value: 'test' }])

    const updated = await cli('update-capacity-provider', '--name', 'cp-cli-a', '--auto-scaling-group-provider', 'managedScaling={targetCapacity=80}')
    assert.equal(updated.code, 0, updated.stderr)
    const u = (updated.json as { capacityProvider: CliProvider }).capacityProvider
    assert.equal(u.updateStatus, 'UPDATE_COMPLETE')
    assert.equal(u.autoScalingGroupProvider.managedScaling['targetCapacity'], 80)
    assert.equal(u.autoScalingGroupProvider.managedScaling['status'], 'ENABLED')
  })

  it('put-cluster-capacity-providers, then run-task splitting over the two by base and weight', async () => {
    const put = await cli(
      'put-cluster-capacity-providers', '--cluster', 'cp-cli', '--capacity-providers', 'cp-cli-a', 'cp-cli-b', 'FARGATE',
      '--default-capacity-provider-strategy', 'capacityProvider=cp-cli-a,weight=1,base=1', 'capacityProvider=cp-cli-b,weight=4',
    )
    assert.equal(put.code, 0, put.stderr)
    const cluster = (put.json as { cluster: { capacityProviders: string[]; defaultCapacityProviderStrategy: unknown[] } }).cluster
    assert.deepEqual(cluster.capacityProviders, ['cp-cli-a', 'cp-cli-b', 'FARGATE'])
    assert.deepEqual(cluster.defaultCapacityProviderStrategy, [{ capacityProvider: 'cp-cli-a', weight: 1, base: 1 }, { capacityProvider: 'cp-cli-b', weight: 4, base: 0 }].map(({ base, ...rest }) => (base ? { ...rest, base } : rest)))

    // AWS's example: base 1 and 1:4 — the first task to A, then one in five to A.
    const run = await cli('run-task', '--cluster', 'cp-cli', '--task-definition', 'cp-cli-td', '--count', '6',
      '--capacity-provider-strategy', 'capacityProvider=cp-cli-a,base=1,weight=1', 'capacityProvider=cp-cli-b,weight=4')
    assert.equal(run.code, 0, run.stderr)
    const tasks = (run.json as { tasks: { capacityProviderName: string }[] }).tasks
    const on = (n: string) => tasks.filter((x) => x.capacityProviderName === n).length
    assert.deepEqual([on('cp-cli-a'), on('cp-cli-b')], [2, 4])

    const both = await cli('run-task', '--cluster', 'cp-cli', '--task-definition', 'cp-cli-td', '--launch-type', 'EC2', '--capacity-provider-strategy', 'capacityProvider=cp-cli-a,weight=1')
    assert.match(both.stderr, /InvalidParameterException.*Specifying both a launch type and capacity provider strategy is not supported/)

    const inUse = await cli('put-cluster-capacity-providers', '--cluster', 'cp-cli', '--capacity-providers', 'cp-cli-b', '--default-capacity-provider-strategy', '[]')
    assert.match(inUse.stderr, /ResourceInUseException/)
  })

  it('delete-capacity-provider: DELETE_FAILED while a cluster lists it, INACTIVE once it does not', async () => {
    const failed = await cli('delete-capacity-provider', '--capacity-provider', 'cp-cli-b')
    assert.equal(failed.code, 0, failed.stderr)
    assert.equal((failed.json as { capacityProvider: CliProvider }).capacityProvider.updateStatus, 'DELETE_FAILED')
    // The tasks end (there is no agent here to report it: the store takes the report's place).
    await t.store.txn(async (tx) => {
      for (const task of await tx.tasks.list({ clusterArn: t.arns.cluster('cp-cli'), limit: 100 })) {
        await tx.tasks.put({ ...task, desiredStatus: 'STOPPED', lastStatus: 'STOPPED' })
      }
    })
    assert.equal((await cli('put-cluster-capacity-providers', '--cluster', 'cp-cli', '--capacity-providers', 'cp-cli-a', '--default-capacity-provider-strategy', '[]')).code, 0)
    const deleted = await cli('delete-capacity-provider', '--capacity-provider', 'cp-cli-b')
    assert.equal((deleted.json as { capacityProvider: CliProvider }).capacityProvider.status, 'INACTIVE')
  })
})
