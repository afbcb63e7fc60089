import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { resolveEngineEndpoint } from './engine-endpoint.js'

describe('resolveEngineEndpoint', () => {
  it('defaults to the local socket', () => {
    assert.deepEqual(resolveEngineEndpoint({}), { kind: 'unix', socketPath: '/var/run/docker.sock', url: 'unix:///var/run/docker.sock' })
  })
  it('reads unix:// and tcp:// as the docker CLI does', () => {
    assert.deepEqual(resolveEngineEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }), { kind: 'unix', socketPath: '/run/user/1000/docker.sock', url: 'unix:///run/user/1000/docker.sock' })
    assert.deepEqual(resolveEngineEndpoint({ DOCKER_HOST: 'tcp://10.1.2.3:2375' }), { kind: 'tcp', host: '10.1.2.3', port: 2375, url: 'tcp://10.1.2.3:2375' })
    assert.deepEqual(resolveEngineEndpoint({ DOCKER_HOST: 'tcp://[::1]' }), { kind: 'tcp', host: '::1', port: 2375, url: 'tcp://[::1]' })
  })
  it('uses TLS with the certificates in DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-certs-'))
    try {
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), f)
      const ep = resolveEngineEndpoint({ DOCKER_HOST: 'tcp://engine.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: dir })
      assert.ok(ep.kind === 'tcp' && ep.port === 2376)
      assert.deepEqual([ep.tls?.ca?.toString(), ep.tls?.cert?.toString(), ep.tls?.key?.toString()], ['ca.pem', 'cert.pem', 'key.pem'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  it('refuses what it cannot speak', () => {
    assert.throws(() => resolveEngineEndpoint({ DOCKER_HOST: 'ssh://me@host' }), /unix:\/\/ or tcp:\/\/ only/)
  })
})
