import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, it } from 'node:test'
import type { LogBatch } from '../../core/agent-protocol.js'
import { BatchBuilder, type BatchLimits } from './batch-builder.js'

const destination = { logGroupName: 'g', logStreamName: 's', createGroup: true }

function builder(limits: Partial<BatchLimits>) {
  const batches: LogBatch[] = []
  const b = new BatchBuilder(destination, { maxEvents: 1000, maxBytes: 1 << 20, maxDelayMs: 3_600_000, ...limits }, (batch) => batches.push(batch))
  let seq = 0
  const add = (...messages: string[]) => messages.forEach((m) => b.add(++seq, { timestamp: seq, message: m }, Buffer.byteLength(m)))
  const shape = () => batches.map((x) => [x.firstSequence, ...x.events.map((e) => e.message)])
  return { b, add, batches, shape }
}

describe('BatchBuilder', () => {
  it('hands off a batch as soon as it holds maxEvents', () => {
    const { b, add, shape } = builder({ maxEvents: 3 })
    add('a', 'b', 'c', 'd', 'e', 'f', 'g')
    assert.deepEqual(shape(), [[1, 'a', 'b', 'c'], [4, 'd', 'e', 'f']])
    assert.equal(b.pending, 1)
    b.flush()
    assert.deepEqual(shape().at(-1), [7, 'g'])
    b.dispose()
  })

  it('starts a new batch when the next event would pass maxBytes (message bytes + 26 each)', () => {
    // 2 events of 10 bytes = 72 bytes; a third would make 108 > 100.
    const { b, add, batches, shape } = builder({ maxBytes: 100 })
    add('0123456789', '0123456789', '0123456789', 'é'.repeat(5), 'x')
    assert.deepEqual(shape(), [[1, '0123456789', '0123456789']])
    b.flush()
    assert.deepEqual(shape().at(-1), [3, '0123456789', 'ééééé', 'x'])
    for (const batch of batches) assert.ok(batch.events.reduce((n, e) => n + Buffer.byteLength(e.message) + 26, 0) <= 100)
    b.dispose()
  })

  it('hands off a batch maxDelayMs after its first event, not before', async () => {
    const { b, add, shape } = builder({ maxDelayMs: 30 })
    add('a')
    await sleep(5)
    add('b')
    assert.deepEqual(shape(), [])
    await sleep(60)
    assert.deepEqual(shape(), [[1, 'a', 'b']])
    add('c') // a new batch, a new timer
    await sleep(60)
    assert.deepEqual(shape(), [[1, 'a', 'b'], [3, 'c']])
    b.dispose()
  })

  it('carries the destination and never hands off an empty batch', () => {
    const { b, add, batches } = builder({})
    b.flush()
    assert.equal(batches.length, 0)
    add('a')
    b.flush()
    assert.deepEqual(batches, [{ logGroupName: 'g', logStreamName: 's', createGroup: true, events: [{ timestamp: 1, message: 'a' }], firstSequence: 1 }])
  })

  it('refuses more events per batch than PutLogEvents takes', () => {
    assert.throws(() => builder({ maxEvents: 10_001 }), RangeError)
  })
})
