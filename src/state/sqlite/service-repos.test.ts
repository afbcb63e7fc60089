import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ServiceDeploymentRecord } from '../../core/model/service.js'
import { mockService, mockTask } from '../../testing/mock.js'
import { SqliteStore } from './sqlite-store.js'

const deployment = (n: number, status: ServiceDeploymentRecord['status'], createdAt: number): ServiceDeploymentRecord => ({
  arn: `arn:aws:ecs:us-east-1:000000000000:service-deployment/c/web/d${n}`,
  serviceArn: 'arn:aws:ecs:us-east-1:000000000000:service/c/web',
  clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/c',
  status,
  targetRevisionArn: 'r',
  deploymentId: `ecs-svc/${n}`,
  sources: [],
  requestedTaskCount: 1,
  deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false }, strategy: 'ROLLING', bakeTimeInMinutes: 0 },
  circuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 3 },
  createdAt,
  updatedAt: createdAt,
})

describe('service repositories', () => {
  it('lists a service’s deployments newest first, paged, filtered by status and creation time', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const all = [deployment(1, 'SUCCESSFUL', 100), deployment(2, 'STOPPED', 200), deployment(3, 'IN_PROGRESS', 300)]
    await store.txn(async (tx) => {
      for (const d of all) await tx.serviceDeployments.put(d)
    })
    const serviceArn = all[0]!.serviceArn
    const ids = (ds: ServiceDeploymentRecord[]) => ds.map((d) => d.deploymentId)
    await store.read(async (tx) => {
      assert.deepEqual(ids(await tx.serviceDeployments.list({ serviceArn, limit: 10 })), ['ecs-svc/3', 'ecs-svc/2', 'ecs-svc/1'])
      const first = await tx.serviceDeployments.list({ serviceArn, limit: 2 })
      assert.deepEqual(ids(await tx.serviceDeployments.list({ serviceArn, limit: 2, after: first[1]!.arn })), ['ecs-svc/1'])
      assert.deepEqual(ids(await tx.serviceDeployments.list({ serviceArn, limit: 10, statuses: ['SUCCESSFUL', 'IN_PROGRESS'] })), ['ecs-svc/3', 'ecs-svc/1'])
      assert.deepEqual(ids(await tx.serviceDeployments.list({ serviceArn, limit: 10, createdAfter: 150, createdBefore: 250 })), ['ecs-svc/2'])
    })
    await store.close()
  })

  it('keeps a service’s newest events only, newest first', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const arn = mockService().arn
    await store.txn(async (tx) => {
      for (let i = 1; i <= 5; i++) await tx.serviceEvents.append(arn, { id: `e${i}`, createdAt: i, message: `m${i}` }, 3)
    })
    assert.deepEqual((await store.read((tx) => tx.serviceEvents.latest(arn, 10))).map((e) => e.id), ['e5', 'e4', 'e3'])
    await store.close()
  })

  it('finds a service’s tasks by group: live ones, and stopped ones not yet counted when asked', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const group = 'service:web'
    const live = mockTask({ id: '1'.repeat(32), group, lastStatus: 'RUNNING' })
    const stopped = mockTask({ id: '2'.repeat(32), group, lastStatus: 'STOPPED', desiredStatus: 'STOPPED' })
    const counted = mockTask({ id: '3'.repeat(32), group, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', serviceAccounted: true })
    const other = mockTask({ id: '4'.repeat(32), group: 'service:api', lastStatus: 'RUNNING' })
    await store.txn(async (tx) => {
      for (const t of [live, stopped, counted, other]) await tx.tasks.put(t)
    })
    await store.read(async (tx) => {
      assert.deepEqual((await tx.tasks.inGroup(live.clusterArn, group)).map((t) => t.id), [live.id])
      assert.deepEqual((await tx.tasks.inGroup(live.clusterArn, group, { unaccounted: true })).map((t) => t.id), [live.id, stopped.id])
    })
    await store.close()
  })
})
