import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { agentCredentialsOf, hashInstanceSecret, joinTokenMatches, newInstanceSecret, secretMatches } from './agent-credentials.js'

describe('agent credentials', () => {
  const secret = newInstanceSecret()
  const hash = hashInstanceSecret(secret)
  const rows = [
    { why: 'the secret', given: secret, hash, want: true },
    { why: 'no secret', given: undefined, hash, want: false },
    { why: 'an empty secret', given: '', hash, want: false },
    { why: 'the secret minus a character', given: secret.slice(1), hash, want: false },
    { why: 'the hash itself, presented as the secret', given: hash, hash, want: false },
    { why: 'an instance with no secret matches nothing', given: secret, hash: undefined, want: false },
  ]
  for (const r of rows) it(`secretMatches: ${r.why}`, () => assert.equal(secretMatches(r.given, r.hash), r.want))

  it('joinTokenMatches: only the token; an empty token on either side matches nothing', () => {
    assert.equal(joinTokenMatches('t0ken', 't0ken'), true)
    assert.equal(joinTokenMatches('t0ke', 't0ken'), false)
    assert.equal(joinTokenMatches('', ''), false)
    assert.equal(joinTokenMatches(undefined, undefined), false)
  })

  it('makes a different 256-bit secret every time', () => {
    assert.notEqual(newInstanceSecret(), secret)
    assert.equal(Buffer.from(secret, 'base64url').length, 32)
  })

  it('reads the headers, ignoring empty and repeated ones', () => {
    assert.deepEqual(agentCredentialsOf({ 'x-berth-join-token': 'j', 'x-berth-instance-secret': 's' }), { joinToken: 'j', instanceSecret: 's' })
    assert.deepEqual(agentCredentialsOf({ 'x-berth-join-token': '', 'x-berth-instance-secret': ['a', 'b'] }), {})
  })
})
