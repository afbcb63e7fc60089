import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { clientAddress, forwardedHost, traceHeader } from './headers.js'

describe('Host towards the target (preserve_host_header off)', () => {
  const rows = [
    { host: 'example.com:80', port: 80, want: 'example.com', why: 'listener on 80: the port goes' },
    { host: 'example.com:443', port: 443, want: 'example.com', why: 'listener on 443: the port goes' },
    { host: 'example.com', port: 8080, want: 'example.com:8080', why: 'other listener port: added when missing' },
    { host: 'example.com:9000', port: 8080, want: 'example.com:9000', why: 'other listener port: a port given stays' },
    { host: '[::1]', port: 8080, want: '[::1]:8080', why: 'an IPv6 literal gets a port after its bracket' },
    { host: '[::1]:80', port: 80, want: '[::1]', why: 'an IPv6 literal loses its port on 80' },
  ]
  for (const { host, port, want, why } of rows) it(why, () => assert.equal(forwardedHost(host, port), want))
})

describe('X-Amzn-Trace-Id', () => {
  const now = Date.UTC(2026, 0, 1) // 0x6955b900 seconds
  const id = /1-6955b900-[0-9a-f]{24}/.source
  const rows = [
    { sent: undefined, want: new RegExp(`^Root=${id}$`), why: 'none sent: a new Root' },
    { sent: 'Root=1-5ef53771-9cc00b44b9570f4082ba5c39', want: new RegExp(`^Self=${id};Root=1-5ef53771-9cc00b44b9570f4082ba5c39$`), why: 'a Root sent: Self in front' },
    { sent: 'Self=1-00000000-000000000000000000000000;Root=1-5ef53771-9cc00b44b9570f4082ba5c39;CalledFrom=app', want: new RegExp(`^Self=${id};Root=1-5ef53771-9cc00b44b9570f4082ba5c39;CalledFrom=app$`), why: 'a Self sent: replaced, the rest kept' },
    { sent: 'garbage', want: new RegExp(`^Root=${id}$`), why: 'no Root nor Self: a new Root' },
  ]
  for (const { sent, want, why } of rows) it(why, () => assert.match(traceHeader(sent, now), want))
  it('ids differ request to request', () => assert.notEqual(traceHeader(undefined, now), traceHeader(undefined, now)))
})

describe('client address', () => {
  it('an IPv4 client on a dual-stack socket', () => assert.equal(clientAddress('::ffff:192.0.2.1'), '192.0.2.1'))
  it('IPv6 as it is', () => assert.equal(clientAddress('2001:db8::1'), '2001:db8::1'))
})
