import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ListenerRecord } from '../../core/model/listener.js'
import type { RuleRecord } from '../../core/model/rule.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import type { ReadTx } from '../../state/store.js'
import { elbReads } from './elb-reads.js'

/** A transaction that counts its listener and rule lists. */
function countingTx(listeners: ListenerRecord[], rules: RuleRecord[]) {
  const calls = { listeners: 0, rules: 0 }
  const tx = {
    listeners: { list: async () => (calls.listeners++, listeners) },
    rules: { list: async () => (calls.rules++, rules) },
  } as unknown as ReadTx
  return { tx, calls }
}

const listener = (arn: string, groups: string[]): ListenerRecord => ({
  arn,
  loadBalancerArn: 'lb',
  port: 80,
  protocol: 'HTTP',
  defaultRuleArn: `${arn}/default`,
  defaultActions: [{ type: 'forward', targetGroups: groups.map((g) => ({ arn: g, weight: 1 })), stickiness: { enabled: false } }],
})

describe('elbReads: the ELB topology, read at most once by one reader', () => {
  it('one ElbReads lists listeners and rules once however often it is asked', async () => {
    const { tx, calls } = countingTx([listener('l1', ['tg/a'])], [])
    const reads = elbReads(tx)
    for (let i = 0; i < 10; i++) {
      await reads.listeners()
      await reads.rules()
      assert.deepEqual([...(await reads.inUse())], ['tg/a'])
    }
    assert.deepEqual(calls, { listeners: 1, rules: 1 })
  })

  it('a later transaction sees what was written since, though the store hands every transaction the same ReadTx', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    let first: ReadTx | undefined
    const before = await store.read(async (tx) => {
      first = tx
      return [...(await elbReads(tx).inUse())]
    })
    assert.deepEqual(before, [])
    await store.txn(async (tx) => {
      await tx.listeners.put(listener('l1', ['tg/new']))
    })
    const after = await store.read(async (tx) => {
      assert.equal(tx, first, 'the premise: one ReadTx object for every read')
      return [...(await elbReads(tx).inUse())]
    })
    assert.deepEqual(after, ['tg/new'], 'the new listener puts its target group in use')
    await store.close()
  })
})
