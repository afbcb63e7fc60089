import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newTarget } from '../../core/model/target.js'
import type { RuleRecord } from '../../core/model/rule.js'
import { SqliteStore } from './sqlite-store.js'

describe('ELBv2 repositories', () => {
  const rule = (arn: string, priority: number): RuleRecord => ({ arn, listenerArn: 'l1', loadBalancerArn: 'lb1', priority, conditions: [], actions: [] })

  it('rules come back by priority, and a second rule on a taken priority is refused by the table', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      await tx.rules.put(rule('r2', 20))
      await tx.rules.put(rule('r1', 10))
    })
    const rules = await store.read((tx) => tx.rules.forListener('l1'))
    assert.deepEqual(rules.map((r) => r.arn), ['r1', 'r2'])
    assert.equal(await store.read((tx) => tx.rules.countForLoadBalancer('lb1')), 2)
    await assert.rejects(store.txn((tx) => tx.rules.put(rule('r3', 10))), /UNIQUE/)
    await store.close()
  })

  it('a write to targets marks the targets table, and only it, for watches', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    const start = store.index()
    const onTargets = store.watch(start, { tables: ['targets'] })
    await store.txn((tx) => tx.targets.put(newTarget({ targetGroupArn: 'tg', id: '10.0.0.1', port: 80 }, 1)))
    assert.equal(await onTargets, start + 1)
    assert.equal(store.tableIndex('targets'), start + 1)
    assert.ok(store.tableIndex('loadBalancers') <= start, 'a watch on loadBalancers would not wake')
    const [t] = await store.read((tx) => tx.targets.forTargetGroup('tg'))
    assert.equal(t?.health.reason, 'Elb.RegistrationInProgress')
    await store.txn((tx) => tx.targets.delete('tg', '10.0.0.1', 80))
    assert.deepEqual(await store.read((tx) => tx.targets.list()), [])
    await store.close()
  })
})
