import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ListenerRecord } from '../../core/model/listener.js'
import type { RuleRecord } from '../../core/model/rule.js'
import type { ReadTx } from '../../state/store.js'
import { elbReads, forgetElbReads } from './elb-reads.js'

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

describe('elbReads: the ELB topology read once per transaction', () => {
  it('many services looking in one transaction list listeners and rules once', async () => {
    const { tx, calls } = countingTx([listener('l1', ['tg/a'])], [])
    for (let i = 0; i < 10; i++) {
      await elbReads(tx).listeners()
      await elbReads(tx).rules()
      assert.deepEqual([...(await elbReads(tx).inUse())], ['tg/a'])
    }
    assert.deepEqual(calls, { listeners: 1, rules: 1 })
  })
  it('another transaction reads for itself; after a write, the next read is fresh', async () => {
    const a = countingTx([], [])
    const b = countingTx([], [])
    await elbReads(a.tx).listeners()
    await elbReads(b.tx).listeners()
    assert.deepEqual([a.calls.listeners, b.calls.listeners], [1, 1])
    forgetElbReads(a.tx)
    await elbReads(a.tx).listeners()
    assert.equal(a.calls.listeners, 2)
  })
})
