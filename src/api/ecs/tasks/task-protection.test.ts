import { CreateClusterCommand, GetTaskProtectionCommand, UpdateTaskProtectionCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { mockTask } from '../../../testing/mock.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

/** UpdateTaskProtection / GetTaskProtection through the JS SDK and the aws CLI v2, on a manual clock. */
describe('task scale-in protection', () => {
  let t: TestServer
  const clock = new ManualClock()
  const serviceTask = mockTask({ id: '1'.repeat(32), lastStatus: 'RUNNING', group: 'service:web', startedBy: 'ecs-svc/1234567890123456789' })
  const other = mockTask({ id: '2'.repeat(32), lastStatus: 'RUNNING', group: 'service:web', startedBy: 'ecs-svc/1234567890123456789' })
  const standalone = mockTask({ id: '3'.repeat(32), lastStatus: 'RUNNING', group: 'family:web' })
  const ghost = 'f'.repeat(32)
  before(async () => {
    t = await startTestServer({ clock })
    await t.ecs.send(new CreateClusterCommand({}))
    await t.store.txn(async (tx) => {
      for (const task of [serviceTask, other, standalone]) await tx.tasks.put(task)
    })
  })
  after(() => t.close())

  const protectionOf = async (arn: string) => (await t.store.read((tx) => tx.tasks.get(arn)))?.protectedUntil

  it('protects a service task for 2 hours by default; a missing task is MISSING, a standalone one TASK_NOT_VALID', async () => {
    const res = await t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'default', tasks: [serviceTask.id, ghost, standalone.arn], protectionEnabled: true }))
    assert.deepEqual(res.protectedTasks?.map((p) => [p.taskArn, p.protectionEnabled, p.expirationDate?.getTime()]), [[serviceTask.arn, true, clock.now() + 120 * 60_000]])
    assert.deepEqual(res.failures, [
      { arn: t.arns.task('default', ghost), reason: 'MISSING' },
      { arn: standalone.arn, reason: 'TASK_NOT_VALID' },
    ])
    assert.equal(await protectionOf(standalone.arn), undefined, 'nothing written for a failure')
  })

  it('every call starts the period again; it reads as unprotected once it expires, without a write', async () => {
    clock.advance(60_000)
    await t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'default', tasks: [serviceTask.arn], protectionEnabled: true, expiresInMinutes: 5 }))
    const until = clock.now() + 5 * 60_000
    assert.equal(await protectionOf(serviceTask.arn), until)
    const got = await t.ecs.send(new GetTaskProtectionCommand({ cluster: 'default', tasks: [serviceTask.id, other.id] }))
    assert.deepEqual(got.protectedTasks?.map((p) => [p.taskArn, p.protectionEnabled, p.expirationDate?.getTime()]), [
      [serviceTask.arn, true, until],
      [other.arn, false, undefined],
    ])
    clock.advance(5 * 60_000)
    const expired = await t.ecs.send(new GetTaskProtectionCommand({ cluster: 'default', tasks: [serviceTask.id] }))
    assert.deepEqual(expired.protectedTasks?.map((p) => [p.protectionEnabled, p.expirationDate]), [[false, undefined]])
    assert.equal(await protectionOf(serviceTask.arn), until, 'expiry is read against the clock, never written back')
  })

  it('protectionEnabled false removes it', async () => {
    await t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'default', tasks: [other.arn], protectionEnabled: true }))
    const res = await t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'default', tasks: [other.arn], protectionEnabled: false }))
    assert.deepEqual(res.protectedTasks, [{ taskArn: other.arn, protectionEnabled: false }])
    assert.equal(await protectionOf(other.arn), undefined)
  })

  it('refuses expiresInMinutes outside 1..2880, more than 10 tasks, and an unknown cluster, changing nothing', async () => {
    for (const expiresInMinutes of [0, 2881]) {
      await assert.rejects(t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'default', tasks: [other.arn], protectionEnabled: true, expiresInMinutes })), {
        name: 'InvalidParameterException',
        message: 'expiresInMinutes must be between 1 and 2880.',
      })
    }
    const eleven = Array.from({ length: 11 }, () => other.arn)
    await assert.rejects(t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'default', tasks: eleven, protectionEnabled: true })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new UpdateTaskProtectionCommand({ cluster: 'nope', tasks: [other.arn], protectionEnabled: true })), { name: 'ClusterNotFoundException' })
    assert.equal(await protectionOf(other.arn), undefined)
  })

  it('works through the aws CLI v2', { skip: awsCliMissing }, async () => {
    const set = await awsCli(t.endpoint, ['ecs', 'update-task-protection', '--cluster', 'default', '--tasks', other.id, '--protection-enabled', '--expires-in-minutes', '60'])
    assert.equal(set.code, 0, set.stderr)
    const protectedTasks = (set.json as { protectedTasks: { taskArn: string; protectionEnabled: boolean; expirationDate: string }[] }).protectedTasks
    assert.equal(protectedTasks[0]!.protectionEnabled, true)
    assert.equal(Date.parse(protectedTasks[0]!.expirationDate), clock.now() + 3_600_000)
    const got = await awsCli(t.endpoint, ['ecs', 'get-task-protection', '--cluster', 'default', '--tasks', other.id, standalone.id])
    assert.equal(got.code, 0, got.stderr)
    const body = got.json as { protectedTasks: { protectionEnabled: boolean }[]; failures: { reason: string }[] }
    assert.deepEqual([body.protectedTasks.map((p) => p.protectionEnabled), body.failures.map((f) => f.reason)], [[true], ['TASK_NOT_VALID']])
    const off = await awsCli(t.endpoint, ['ecs', 'update-task-protection', '--cluster', 'default', '--tasks', other.id, '--no-protection-enabled'])
    assert.equal(off.code, 0, off.stderr)
    assert.equal(await protectionOf(other.arn), undefined)
  })
})
