import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { isRuntimeError } from '../errors.js'
import { DockerRuntime } from './docker-runtime.js'
import { resolveEngineEndpoint } from './engine-endpoint.js'

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
