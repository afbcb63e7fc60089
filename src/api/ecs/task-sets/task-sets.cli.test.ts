import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

interface CliTaskSet {
  id: string
  taskSetArn: string
  status: string
  computedDesiredCount: number
  scale: { value: number; unit: string }
  externalId?: string
  stabilityStatus: string
  tags?: { key: string; value: string }[]
}

/**
 * The task-set actions through the aws CLI v2 (2.9.19), as a deployment script would call
 * them: create-service with --deployment-controller type=EXTERNAL, then create-task-set,
 * describe-task-sets --include TAGS, update-task-set, update-service-primary-task-set,
 * delete-task-set --force. No container instance: what is checked is the shapes and the
 * CLI's parsing of them (computed counts follow desiredCount at once).
 */
describe('task sets through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  const cli = (...args: string[]) => awsCli(t.endpoint, ['ecs', ...args])
  const ok = async (...args: string[]) => {
    const r = await cli(...args)
    assert.equal(r.code, 0, r.stderr)
    return r.json as Record<string, unknown>
  }
  before(async () => {
    t = await startTestServer()
    await ok('create-cluster', '--cluster-name', 'ts-cli')
    await ok('register-task-definition', '--family', 'ts-cli', '--container-definitions', JSON.stringify([{ name: 'app', image: 'busybox', memory: 32 }]))
  })
  after(() => t.close())

  it('creates, describes with tags, scales, makes primary and deletes a task set', async () => {
    const created = await ok('create-service', '--cluster', 'ts-cli', '--service-name', 'ts-svc', '--desired-count', '10', '--deployment-controller', 'type=EXTERNAL')
    assert.deepEqual((created['service'] as { deploymentController: unknown }).deploymentController, { type: 'EXTERNAL' })

    const { taskSet } = (await ok(
      'create-task-set', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-definition', 'ts-cli:1', '--external-id', 'deploy-1',
      '--scale', 'value=25,unit=PERCENT', '--tags', 'key=team,value=ts',
    )) as { taskSet: CliTaskSet }
    assert.match(taskSet.id, /^ecs-svc\/\d{19}$/)
    assert.equal(taskSet.computedDesiredCount, 3) // ceil(10 × 25 %)
    assert.equal(taskSet.status, 'ACTIVE')
    assert.equal(taskSet.stabilityStatus, 'STABILIZING')

    const withTags = (await ok('describe-task-sets', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-sets', taskSet.taskSetArn, '--include', 'TAGS')) as { taskSets: CliTaskSet[] }
    assert.deepEqual(withTags.taskSets[0]!.tags, [{ key: 'team', value: 'ts' }])
    assert.equal(withTags.taskSets[0]!.externalId, 'deploy-1')
    const without = (await ok('describe-task-sets', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-sets', taskSet.id)) as { taskSets: CliTaskSet[] }
    assert.equal(without.taskSets[0]!.tags, undefined)

    const scaled = (await ok('update-task-set', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-set', taskSet.id, '--scale', 'value=50,unit=PERCENT')) as { taskSet: CliTaskSet }
    assert.deepEqual([scaled.taskSet.scale, scaled.taskSet.computedDesiredCount], [{ value: 50, unit: 'PERCENT' }, 5])

    const primary = (await ok('update-service-primary-task-set', '--cluster', 'ts-cli', '--service', 'ts-svc', '--primary-task-set', taskSet.taskSetArn)) as { taskSet: CliTaskSet }
    assert.equal(primary.taskSet.status, 'PRIMARY')
    const { services } = (await ok('describe-services', '--cluster', 'ts-cli', '--services', 'ts-svc')) as { services: { taskDefinition: string; taskSets: CliTaskSet[] }[] }
    assert.match(services[0]!.taskDefinition, /task-definition\/ts-cli:1$/)

    // The tags are the task set's own, as ListTagsForResource sees them.
    const tags = (await ok('list-tags-for-resource', '--resource-arn', taskSet.taskSetArn)) as { tags: unknown[] }
    assert.deepEqual(tags.tags, [{ key: 'team', value: 'ts' }])

    const refused = await cli('delete-task-set', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-set', taskSet.id)
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /InvalidParameterException/)
    const deleted = (await ok('delete-task-set', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-set', taskSet.id, '--force')) as { taskSet: CliTaskSet }
    assert.equal(deleted.taskSet.status, 'DRAINING')
    const missing = await cli('update-task-set', '--cluster', 'ts-cli', '--service', 'ts-svc', '--task-set', taskSet.id, '--scale', 'value=0,unit=PERCENT')
    assert.match(missing.stderr, /TaskSetNotFoundException/)
  })
})
