import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { createApp } from '../app.js'
import type { Router } from '../router.js'
import { systemClock } from '../../core/clock.js'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { silentLogger } from '../../core/log.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import { rawEcs } from '../../testing/wire.js'
import { MAX_JSON_STRUCTURE } from './json-depth.js'

/**
 * Finding 1 of the security review: a body of 2 MB of `[` cost about 0.6 s of event loop in
 * JSON.parse before anything looked at it. A body nested deeper than the limit is refused by a
 * linear scan before JSON.parse runs: the proof is that an invalid body nested too deep gets
 * the depth refusal, not the parser's, and a valid one that the model would ignore (an unknown
 * member) is refused too, although parsing it would have worked.
 */
describe('JSON bodies nested too deep are refused before they are parsed', () => {
  let store: SqliteStore
  let router: Router
  before(() => {
    store = new SqliteStore({ path: ':memory:' })
    router = createApp({ store, clock: systemClock, partition: DEFAULT_PARTITION, logger: silentLogger })
  })
  after(() => store.close())

  const nested = (depth: number) => '{"ignored":' + '['.repeat(depth - 1) + ']'.repeat(depth - 1) + '}'
  const rows = [
    { why: '2 MB of [ (not JSON at all): refused for its depth, so the parser never saw it', body: '['.repeat(2 * 1024 * 1024 - 64) },
    { why: 'valid JSON 101 deep in a member the model does not know', body: nested(101) },
    { why: 'deep objects count as arrays do', body: '{"a":'.repeat(200) + '1' + '}'.repeat(200) },
  ]
  for (const { why, body } of rows) {
    it(`refuses ${why}`, async () => {
      const res = await rawEcs(router, 'ListClusters', body)
      assert.equal(res.status, 400)
      assert.equal(res.json['__type'], 'SerializationException')
      assert.match(String(res.json['message']), /nesting depth/)
    })
  }

  it('refuses a flat body of more values and members than the limit, which would cost JSON.parse 0.2 s', async () => {
    const res = await rawEcs(router, 'ListClusters', '{"ignored":[' + '{},'.repeat(MAX_JSON_STRUCTURE / 2) + '{}]}')
    assert.equal(res.status, 400)
    assert.equal(res.json['__type'], 'SerializationException')
    assert.match(String(res.json['message']), /more than 100000 JSON values/)
  })

  it('accepts the largest body an SDK sends: PutLogEvents of 10,000 events', async () => {
    const logEvents = Array.from({ length: 10_000 }, (_, i) => ({ timestamp: 1_700_000_000_000 + i, message: `line ${i}` }))
    const body = JSON.stringify({ logGroupName: 'nope', logStreamName: 's', logEvents })
    const res = await rawEcs(router, 'PutLogEvents', body, 'Logs_20140328.PutLogEvents')
    assert.equal(res.json['__type'], 'ResourceNotFoundException', JSON.stringify(res.json).slice(0, 200))
  })

  it('accepts a body exactly at the limit, and brackets inside strings do not count', async () => {
    assert.equal((await rawEcs(router, 'ListClusters', nested(100))).status, 200)
    const res = await rawEcs(router, 'DescribeClusters', JSON.stringify({ clusters: ['['.repeat(200) + '\\"{'.repeat(100)] }))
    assert.notEqual(res.json['__type'], 'SerializationException', JSON.stringify(res.json))
  })
})
