import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { isRuntimeError } from '../errors.js'
import { DockerRuntime } from './docker-runtime.js'
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

describe('DockerRuntime without an engine', () => {
  it('says where it looked and what to run, as a retryable EngineUnreachable', async () => {
    const rt = new DockerRuntime({ endpoint: resolveEngineEndpoint({ DOCKER_HOST: 'unix:///nonexistent/docker.sock' }) })
    const e = await rt.create({ image: 'x', labels: {} }).then(() => undefined, (x: unknown) => x)
    assert.ok(isRuntimeError(e) && e.code === 'EngineUnreachable' && e.retryable, `got ${String(e)}`)
    assert.match(e.message, /^Docker Engine not reachable at unix:\/\/\/nonexistent\/docker.sock \(ENOENT\); run scripts\/setup-host.sh/)
    rt.close()
  })

  it('negotiates the API version: 1.41, or the engine minimum when newer; refuses an older engine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-engine-'))
    const answers = [{ ApiVersion: '1.51', MinAPIVersion: '1.44' }, { ApiVersion: '1.45', MinAPIVersion: '1.24' }, { ApiVersion: '1.40', MinAPIVersion: '1.12' }]
    let answer = answers[0]
    const paths: string[] = []
    const server = createServer((req, res) => {
      paths.push(req.url ?? '')
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify(req.url === '/version' ? answer : []))
    })
    const socketPath = join(dir, 'engine.sock')
    await new Promise<void>((r) => server.listen(socketPath, r))
    try {
      for (const [i, want] of [[0, '/v1.44/containers/json'], [1, '/v1.41/containers/json']] as const) {
        answer = answers[i]
        const rt = new DockerRuntime({ endpoint: { kind: 'unix', socketPath, url: `unix://${socketPath}` } })
        await rt.list({ labels: {} })
        assert.equal(paths.at(-1)?.split('?')[0], want)
        rt.close()
      }
      answer = answers[2]
      const old = new DockerRuntime({ endpoint: { kind: 'unix', socketPath, url: `unix://${socketPath}` } })
      await assert.rejects(old.ping(), /engine API 1.40 is older than the 1.41 Berth needs/)
      old.close()
    } finally {
      server.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
