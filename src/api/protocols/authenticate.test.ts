import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { signRequest } from '../../core/sigv4.js'
import { createAuthenticator, type AuthConfig } from './authenticate.js'
import { sha256Hex } from './sigv4.js'
import type { WireRequest } from './wire.js'

// The aws CLI's own ECS ListClusters, signed with test/test at 20261121T113518Z (API.md §1.4).
const SIGNED_AT = Date.UTC(2026, 10, 21, 11, 35, 18)
const captured = (changes: { headers?: Record<string, string | undefined>; body?: string; path?: string } = {}): WireRequest => ({
  method: 'POST',
  path: changes.path ?? '/',
  headers: {
    host: '127.0.0.1:48123',
    'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-date': '20261121T113518Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=f6ea79c3f9cfb7da0ff7d2c4f042c495324424d715ce7e4670fe8d97250c8603',
    ...changes.headers,
  },
  body: Buffer.from(changes.body ?? '{}'),
})

const MINUTE = 60_000
const ECS_SCOPE = { signingName: 'ecs' }
const verify = (keys: Record<string, string>): AuthConfig => ({ mode: 'verify', keys: new Map(Object.entries(keys)) })
const check = (config: AuthConfig, req: WireRequest, now = SIGNED_AT) => createAuthenticator(config, new ManualClock(now), 'us-east-1')(req, ECS_SCOPE)

describe('authenticate in verify mode', () => {
  const keys = verify({ test: 'test', other: 'secret' })

  it('accepts a request signed with a known key pair, within 15 minutes either side', () => {
    check(keys, captured())
    check(keys, captured(), SIGNED_AT + 15 * MINUTE)
    check(keys, captured(), SIGNED_AT - 15 * MINUTE)
  })

  const REFUSED = [
    { why: 'no Authorization header', req: captured({ headers: { authorization: undefined } }), code: 'MissingAuthenticationTokenException' },
    { why: 'a malformed header', req: captured({ headers: { authorization: 'AWS4-HMAC-SHA256 Credential=test' } }), code: 'IncompleteSignatureException' },
    { why: 'an unknown access key', req: captured(), keys: verify({ someone: 'test' }), code: 'UnrecognizedClientException' },
    { why: 'the wrong secret', req: captured(), keys: verify({ test: 'nottest' }), code: 'InvalidSignatureException' },
    { why: 'a body changed after signing', req: captured({ body: '{"maxResults":1}' }), code: 'InvalidSignatureException' },
    { why: 'a signed header changed', req: captured({ headers: { 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.DeleteCluster' } }), code: 'InvalidSignatureException' },
    { why: 'a path changed', req: captured({ path: '/ecs' }), code: 'InvalidSignatureException' },
    { why: 'a query string added', req: captured({ path: '/?x=1' }), code: 'InvalidSignatureException' },
    { why: 'a signature older than 15 minutes', req: captured(), now: SIGNED_AT + 16 * MINUTE, code: 'InvalidSignatureException', message: /Signature expired/ },
    { why: 'a signature from 16 minutes ahead', req: captured(), now: SIGNED_AT - 16 * MINUTE, code: 'InvalidSignatureException', message: /not yet current/ },
    {
      why: 'an x-amz-content-sha256 that is not the body’s hash',
      req: captured({ headers: { 'x-amz-content-sha256': sha256Hex('{"other":1}') } }),
      code: 'InvalidSignatureException',
      message: /x-amz-content-sha256/,
    },
    {
      why: 'an X-Amz-Date on another day than the scope',
      req: captured({ headers: { 'x-amz-date': '20261122T000000Z' } }),
      now: Date.UTC(2026, 10, 22),
      code: 'InvalidSignatureException',
      message: /Credential scope/,
    },
    {
      why: 'host left out of SignedHeaders',
      req: captured({ headers: { authorization: `AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/ecs/aws4_request, SignedHeaders=x-amz-date, Signature=${'0'.repeat(64)}` } }),
      code: 'IncompleteSignatureException',
    },
  ]
  for (const row of REFUSED) {
    it(`refuses ${row.why} with ${row.code} (403)`, () => {
      assert.throws(() => check(row.keys ?? keys, row.req, row.now), { code: row.code, status: 403, ...(row.message ? { message: row.message } : {}) })
    })
  }

  it('accepts an x-amz-content-sha256 that is the body’s hash, as the JS SDK sends it', () => {
    check(keys, captured({ headers: { 'x-amz-content-sha256': sha256Hex('{}') } }))
  })
})

describe('authenticate in open mode', () => {
  const open: AuthConfig = { mode: 'open' }

  it('accepts unsigned requests, any keys, wrong signatures and any clock', () => {
    check(open, captured({ headers: { authorization: undefined, 'x-amz-date': undefined } }))
    check(open, captured(), SIGNED_AT + 24 * 60 * MINUTE)
    check(open, captured({ body: 'tampered' }))
  })

  it('still refuses a malformed Authorization header', () => {
    assert.throws(() => check(open, captured({ headers: { authorization: 'AWS4-HMAC-SHA256 garbage' } })), {
      code: 'IncompleteSignatureException',
      status: 403,
    })
  })
})

describe('signRequest (what the agent signs with)', () => {
  it('produces a signature the verifier accepts, and one it refuses with the wrong secret', () => {
    const keys = new Map([['AKIDAGENT', 'agent-secret']])
    const clock = { now: () => Date.UTC(2026, 10, 21, 12) }
    const verify = createAuthenticator({ mode: 'verify', keys }, clock, 'us-east-1')
    const body = Buffer.from('{"cluster":"default"}')
    const base = { host: '127.0.0.1:7700', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters' }
    const good = signRequest({ method: 'POST', path: '/', headers: base, body }, { accessKeyId: 'AKIDAGENT', secretAccessKey: 'agent-secret' }, 'us-east-1', 'ecs', clock.now())
    assert.doesNotThrow(() => verify({ method: 'POST', path: '/', headers: good, body }, ECS_SCOPE))
    const bad = signRequest({ method: 'POST', path: '/', headers: base, body }, { accessKeyId: 'AKIDAGENT', secretAccessKey: 'wrong' }, 'us-east-1', 'ecs', clock.now())
    assert.throws(() => verify({ method: 'POST', path: '/', headers: bad, body }, ECS_SCOPE), { code: 'InvalidSignatureException' })
  })
})
