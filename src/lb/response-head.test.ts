import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bodiless, responseHead, type ResponseFraming } from './response-head.js'

const DATE = 'Tue, 01 Dec 2026 03:00:00 GMT'
const base: ResponseFraming = { hasLength: true, hasDate: false, noBody: false, http11: true, keepAlive: true, idleMs: 60_000 }

describe('an answer\'s head and framing, as node:http framed them', () => {
  const rows: { why: string; f: Partial<ResponseFraming>; connection: string; chunked: boolean; close: boolean }[] = [
    { why: 'HTTP/1.1 with a length: kept alive, with the idle timeout', f: {}, connection: 'Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n', chunked: false, close: false },
    { why: 'HTTP/1.1 without a length: chunked, kept alive', f: { hasLength: false }, connection: 'Connection: keep-alive\r\nKeep-Alive: timeout=60\r\nTransfer-Encoding: chunked\r\n', chunked: true, close: false },
    { why: 'the client asked to close', f: { keepAlive: false }, connection: 'Connection: close\r\n', chunked: false, close: true },
    { why: 'HTTP/1.0 keep-alive with a length: kept alive', f: { http11: false }, connection: 'Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n', chunked: false, close: false },
    { why: 'HTTP/1.0 without a length: the body runs until close', f: { http11: false, hasLength: false }, connection: 'Connection: close\r\n', chunked: false, close: true },
    { why: 'no body and no length (HEAD, 204, 304) on HTTP/1.1: nothing to frame, kept alive', f: { hasLength: false, noBody: true }, connection: 'Connection: keep-alive\r\nKeep-Alive: timeout=60\r\n', chunked: false, close: false },
    { why: 'a sub-second idle timeout announces 0', f: { idleMs: 300 }, connection: 'Connection: keep-alive\r\nKeep-Alive: timeout=0\r\n', chunked: false, close: false },
  ]
  for (const { why, f, connection, chunked, close } of rows) {
    it(why, () => {
      const head = responseHead(200, 'OK', 'Content-Length: 2\r\n', { ...base, ...f }, DATE)
      assert.equal(head.text, `HTTP/1.1 200 OK\r\nContent-Length: 2\r\nDate: ${DATE}\r\n${connection}\r\n`)
      assert.equal(head.chunked, chunked)
      assert.equal(head.close, close)
    })
  }

  it('a Date the target sent is kept, not doubled', () => {
    assert.doesNotMatch(responseHead(200, 'OK', `Date: ${DATE}\r\n`, { ...base, hasDate: true }, 'later').text, /later/)
  })

  it('which answers carry no body', () => {
    assert.deepEqual(
      [
        [204, 'GET'],
        [304, 'GET'],
        [101, 'GET'],
        [200, 'HEAD'],
        [200, 'GET'],
        [404, 'POST'],
      ].map(([s, m]) => bodiless(s as number, m as string)),
      [true, true, true, true, false, false],
    )
  })
})
