import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { mockTask } from '../../../testing/mock.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'

describe('tasks: describe, list, stop', () => {
  let t: TestServer
  const running = mockTask({ id: '1'.repeat(32), lastStatus: 'RUNNING', startedBy: 'me' })
  const pending = mockTask({ id: '2'.repeat(32), family: 'api', group: 'family:api' })
  const stopped = mockTask({ id: '3'.repeat(32), lastStatus: 'STOPPED', desiredStatus: 'STOPPED' })
  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new CreateClusterCommand({}))
    await t.store.txn(async (tx) => {
      for (const task of [running, pending, stopped]) await tx.tasks.put(task)
    })
  })
  after(() => t.close())

  it('describes by id and ARN, with epoch-second times, and unknown ones as MISSING', async () => {
    const res = await t.ecs.send(new DescribeTasksCommand({ tasks: [running.id, pending.arn, 'f'.repeat(32)] }))
    assert.deepEqual(res.tasks?.map((x) => x.taskArn), [running.arn, pending.arn])
    assert.equal(res.tasks?.[0]?.createdAt?.getTime(), running.createdAt)
    assert.equal(res.tasks?.[0]?.lastStatus, 'RUNNING')
    assert.equal(res.failures?.[0]?.reason, 'MISSING')
    assert.equal(res.failures?.[0]?.arn, t.arns.task('default', 'f'.repeat(32)))
  })

  it('counts running and pending tasks in DescribeClusters and refuses to delete the cluster', async () => {
    const res = await t.ecs.send(new DescribeClustersCommand({ clusters: ['default'] }))
    assert.equal(res.clusters?.[0]?.runningTasksCount, 1)
    assert.equal(res.clusters?.[0]?.pendingTasksCount, 1)
    await assert.rejects(t.ecs.send(new DeleteClusterCommand({ cluster: 'default' })), { name: 'ClusterContainsTasksException' })
  })

  it('lists desired-RUNNING tasks by default, and filters by family, startedBy and desiredStatus', async () => {
    const all = await t.ecs.send(new ListTasksCommand({}))
    assert.deepEqual(all.taskArns, [running.arn, pending.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ family: 'api' }))).taskArns, [pending.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ startedBy: 'me' }))).taskArns, [running.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ desiredStatus: 'STOPPED' }))).taskArns, [stopped.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ desiredStatus: 'PENDING' }))).taskArns, [])
    const page = await t.ecs.send(new ListTasksCommand({ maxResults: 1 }))
    assert.deepEqual(page.taskArns, [running.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ maxResults: 1, nextToken: page.nextToken }))).taskArns, [pending.arn])
    await assert.rejects(t.ecs.send(new ListTasksCommand({ serviceName: 'none' })), { name: 'ServiceNotFoundException' })
  })

  it('stops a task: desired STOPPED, UserInitiated, the reason given; twice is harmless', async () => {
    const res = await t.ecs.send(new StopTaskCommand({ task: running.id, reason: 'rolling back' }))
    assert.equal(res.task?.desiredStatus, 'STOPPED')
    assert.equal(res.task?.stopCode, 'UserInitiated')
    assert.equal(res.task?.stoppedReason, 'rolling back')
    assert.equal(res.task?.lastStatus, 'RUNNING', 'the agent, not the API, reports it stopped')
    const again = await t.ecs.send(new StopTaskCommand({ task: running.arn }))
    assert.equal(again.task?.version, res.task?.version)
    await assert.rejects(t.ecs.send(new StopTaskCommand({ task: 'e'.repeat(32) })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new StopTaskCommand({ task: running.id, cluster: 'nope' })), { name: 'ClusterNotFoundException' })
  })

  it('uses the default reason when none is given', async () => {
    const res = await t.ecs.send(new StopTaskCommand({ task: pending.id }))
    assert.equal(res.task?.stoppedReason, 'Task stopped by user')
  })

  it('lists a task draining its targets (DEACTIVATING) as desired STOPPED, as ECS shows it', async () => {
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'draining' }))
    const draining = mockTask({
      id: '4'.repeat(32),
      cluster: 'draining',
      lastStatus: 'RUNNING',
      deactivating: { since: Date.UTC(2026, 0, 1), stopCode: 'ServiceSchedulerInitiated', stoppedReason: 'scaling in' },
    })
    await t.store.txn((tx) => tx.tasks.put(draining))
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ cluster: 'draining', desiredStatus: 'STOPPED' }))).taskArns, [draining.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ cluster: 'draining' }))).taskArns, [])
    const described = await t.ecs.send(new DescribeTasksCommand({ cluster: 'draining', tasks: [draining.id] }))
    assert.deepEqual([described.tasks?.[0]?.desiredStatus, described.tasks?.[0]?.lastStatus], ['STOPPED', 'DEACTIVATING'])
  })
})
