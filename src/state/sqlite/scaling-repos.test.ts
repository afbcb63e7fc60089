import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ScalingActivityRecord } from '../../core/model/scaling.js'
import { SCALING_ACTIVITIES_KEPT } from '../scaling-store.js'
import { SqliteStore } from './sqlite-store.js'

const activity = (id: string, resourceId: string, startTime: number): ScalingActivityRecord => ({
  id,
  resourceId,
  description: 'Setting desired count to 2.',
  cause: 'c',
  startTime,
  statusCode: 'Successful',
  change: 1,
})

describe('Application Auto Scaling repositories', () => {
  it('lists activities newest first, per target, and keeps a target\'s newest SCALING_ACTIVITIES_KEPT', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      for (let i = 0; i < SCALING_ACTIVITIES_KEPT + 5; i++) await tx.scalingActivities.put(activity(`a${String(i).padStart(5, '0')}`, 'service/c/a', 1000 + i))
      await tx.scalingActivities.put(activity('b', 'service/c/b', 1))
    })
    const a = await store.read((tx) => tx.scalingActivities.list({ resourceId: 'service/c/a', limit: 10_000 }))
    assert.equal(a.length, SCALING_ACTIVITIES_KEPT)
    assert.equal(a[0]!.startTime, 1000 + SCALING_ACTIVITIES_KEPT + 4)
    assert.deepEqual((await store.read((tx) => tx.scalingActivities.list({ resourceId: 'service/c/b', limit: 10 }))).map((x) => x.id), ['b'])
    await store.close()
  })

  it('finds a policy by ARN, and a target by ARN; a write wakes only its own table\'s watchers', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const index = store.index()
    const woke = store.watch(index, { tables: ['scalingPolicies'] })
    await store.txn((tx) =>
      tx.scalingPolicies.put({ type: 'StepScaling', arn: 'arn:p', name: 'p', resourceId: 'service/c/a', createdAt: 0, alarms: [], config: { AdjustmentType: 'ChangeInCapacity' } }),
    )
    assert.ok((await woke) > index)
    assert.equal((await store.read((tx) => tx.scalingPolicies.byArn('arn:p')))?.name, 'p')
    assert.equal(store.tableIndex('scalableTargets') <= index, true)
    await store.close()
  })
})
