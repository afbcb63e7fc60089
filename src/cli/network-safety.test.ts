import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { checkNetworkExposure, isLoopbackHost } from './network-safety.js'
import { UsageError } from './options.js'

describe('isLoopbackHost', () => {
  const ROWS: Array<[string, boolean]> = [
    ['127.0.0.1', true],
    ['127.0.7.3', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['10.0.0.1', false],
    ['berth.example.com', false],
    ['128.0.0.1', false],
  ]
  for (const [host, want] of ROWS) it(`${host} → ${want}`, () => assert.equal(isLoopbackHost(host), want))
})

describe('checkNetworkExposure', () => {
  const check = (host: string, open: boolean, allowOpen: boolean) => () => checkNetworkExposure({ command: 'server', host, open, allowOpen })

  it('refuses open credentials on a network address, naming the flag that allows it', () => {
    assert.throws(check('0.0.0.0', true, false), (e: unknown) => e instanceof UsageError && /--allow-open-credentials/.test(e.message) && /--access-key/.test(e.message))
  })
  it('serves open credentials on loopback', () => assert.doesNotThrow(check('127.0.0.1', true, false)))
  it('serves open credentials on a network when told to', () => assert.doesNotThrow(check('0.0.0.0', true, true)))
  it('serves verified credentials anywhere', () => assert.doesNotThrow(check('0.0.0.0', false, false)))
})
