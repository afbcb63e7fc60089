import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isValidImageRef, normalizeImageRef, parseImageRef } from '../image-ref.js'
import { classifyPullFailure, imagePath } from './pull.js'

describe('image references', () => {
  for (const [ref, want] of [
    ['busybox', { name: 'busybox' }],
    ['busybox:1.36', { name: 'busybox', tag: '1.36' }],
    ['localhost:5000/team/app', { name: 'localhost:5000/team/app' }], // the port is not a tag
    ['localhost:5000/team/app:v2', { name: 'localhost:5000/team/app', tag: 'v2' }],
    ['app@sha256:abc', { name: 'app', digest: 'sha256:abc' }],
  ] as const) {
    it(`parses ${ref}`, () => assert.deepEqual(parseImageRef(ref), want))
  }
  it('adds :latest only when there is neither tag nor digest', () => {
    assert.deepEqual(['busybox', 'h:5000/a', 'a:1', `a@sha256:${'0'.repeat(64)}`].map(normalizeImageRef), ['busybox:latest', 'h:5000/a:latest', 'a:1', `a@sha256:${'0'.repeat(64)}`])
  })
  it('validates as the engine does', () => {
    for (const ok of ['busybox', 'berth-test/web:latest', '127.0.0.1:5000/a/b:c', 'Registry.Example.com/team/app:1.0', `a@sha256:${'f'.repeat(64)}`]) assert.ok(isValidImageRef(ok), ok)
    for (const bad of ['Busybox', 'a b', 'app:', 'app:-x', '', 'a//b', 'a@sha256:xyz']) assert.ok(!isValidImageRef(bad), bad)
  })
  it('keeps slashes and colons in a URL path, escapes what would end it', () => {
    assert.equal(imagePath('h:5000/a/b:c'), 'h:5000/a/b:c')
    assert.equal(imagePath('a?b#c d'), 'a%3Fb%23c%20d')
  })
})

describe('classifyPullFailure', () => {
  // Messages as Docker 20.10 words them, from a registry that answered or could not be reached.
  for (const [status, message, kind] of [
    [404, 'manifest for 127.0.0.1:5000/app:1 not found: manifest unknown: manifest unknown', 'not-found'],
    [500, 'manifest unknown', 'not-found'],
    [404, 'pull access denied for berth/absent, repository does not exist or may require \'docker login\': denied: requested access to the resource is denied', 'unauthorized'],
    [500, 'unauthorized: authentication required', 'unauthorized'],
    [500, 'Head "https://r.example/v2/a/manifests/1": no basic auth credentials', 'unauthorized'],
    [400, 'invalid reference format: repository name must be lowercase', 'invalid-reference'],
    [500, 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 10.0.0.53:53: no such host', 'unreachable'],
    [500, 'Get "http://127.0.0.1:1/v2/": dial tcp 127.0.0.1:1: connect: connection refused', 'unreachable'],
    [500, 'Get "https://r.example/v2/": net/http: TLS handshake timeout', 'unreachable'],
    [500, 'Get "https://r.example/v2/": context deadline exceeded', 'unreachable'],
    [500, 'toomanyrequests: You have reached your pull rate limit.', 'rate-limited'],
    [500, 'received unexpected HTTP status: 500 Internal Server Error', 'unknown'],
  ] as const) {
    it(`${kind}: ${message.slice(0, 60)}`, () => assert.equal(classifyPullFailure(status, message), kind))
  }
})
