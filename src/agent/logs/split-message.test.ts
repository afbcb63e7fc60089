import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_EVENT_MESSAGE_BYTES, splitMessage } from './split-message.js'

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

describe('splitMessage', () => {
  const rows = [
    { why: 'a line that fits is one piece', message: 'hello', max: 5, want: ['hello'] },
    { why: 'ASCII is cut every max bytes', message: 'abcdefghij', max: 4, want: ['abcd', 'efgh', 'ij'] },
    { why: 'a 2-byte character is never cut in half', message: 'aéé', max: 4, want: ['aé', 'é'] },
    { why: 'a 3-byte character moves whole to the next piece', message: 'ab€c', max: 4, want: ['ab', '€c'] },
    { why: 'a surrogate pair (4 bytes) stays whole', message: 'a😀b', max: 4, want: ['a', '😀', 'b'] },
    { why: 'a lone surrogate counts as the 3 bytes of U+FFFD', message: 'ab\ud800c', max: 4, want: ['ab', '\ud800c'] },
  ]
  for (const row of rows) it(row.why, () => assert.deepEqual(splitMessage(row.message, row.max), row.want))

  it("cuts a 600 KiB line into CloudWatch-sized events that join back to it", () => {
    const line = 'x€'.repeat(150_000) // 600,000 bytes
    const pieces = splitMessage(line, MAX_EVENT_MESSAGE_BYTES)
    assert.equal(pieces.length, 3)
    assert.ok(pieces.every((p) => bytes(p) <= MAX_EVENT_MESSAGE_BYTES))
    assert.equal(pieces.join(''), line)
    assert.equal(MAX_EVENT_MESSAGE_BYTES + 26, 256 * 1024)
  })
})
