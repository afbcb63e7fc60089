import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { config, healthCheck, startBackend, startPlane, target, targetGroup, type Backend, type Plane } from './test/harness.js'

/** A self-signed certificate for 127.0.0.1 made with openssl, or undefined where there is none. */
function makeCertificate(dir: string): { certFile: string; keyFile: string } | undefined {
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' })
    return { certFile, keyFile }
  } catch {
    return undefined
  }
}

function getTls(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port, path, rejectUnauthorized: false, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (s: string) => (body += s))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const dir = mkdtempSync(join(tmpdir(), 'berth-lb-tls-'))
const certificate = makeCertificate(dir)

describe('HTTPS listeners and HTTPS targets', { skip: certificate ? false : 'openssl is not installed' }, () => {
  let echo: Backend
  let p: Plane
  let tlsTargetPort = 0
  const closers: (() => void)[] = []
  before(async () => {
    echo = await startBackend('echo', (req, res) => {
      req.resume()
      res.end(JSON.stringify(req.headers))
    })
    // A target that speaks HTTPS itself (its certificate is not verified, as ALB does not).
    const tlsTarget = createHttpsServer({ cert: readFileSync(certificate!.certFile), key: readFileSync(certificate!.keyFile) }, (req, res) => {
      req.resume()
      res.end(req.url === '/health' ? 'ok' : 'over tls')
    })
    tlsTarget.listen(0, '127.0.0.1')
    await once(tlsTarget, 'listening')
    tlsTargetPort = (tlsTarget.address() as AddressInfo).port
    closers.push(() => tlsTarget.close())
    p = await startPlane(
      config(
        [
          targetGroup('web', [target(echo)]),
          targetGroup('tls', [{ id: 'i-tls', address: '127.0.0.1', port: tlsTargetPort, state: 'registered' }], {
            protocol: 'HTTPS',
            healthCheck: healthCheck({ enabled: true, protocol: 'HTTPS', path: '/health', healthyThreshold: 2 }),
          }),
        ],
        {
          protocol: 'HTTPS',
          certificate: certificate!,
          rules: [{ arn: 'r', priority: 1, conditions: [{ field: 'path-pattern', values: ['/tls'] }], action: { type: 'forward', targetGroups: [{ arn: targetGroup('tls', []).arn, weight: 1 }] } }],
        },
      ),
    )
    await p.plane.healthChecksIdle()
  })
  after(async () => {
    await p.close()
    await echo.close()
    for (const close of closers) close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('terminates TLS and tells the target with X-Forwarded-Proto https', async () => {
    const res = await getTls(p.port, '/')
    assert.equal(res.status, 200)
    const headers = JSON.parse(res.body) as Record<string, string>
    assert.equal(headers['x-forwarded-proto'], 'https')
    assert.equal(headers['x-forwarded-port'], String(p.port))
  })

  it('forwards over TLS to an HTTPS target group, and health checks it over HTTPS', async () => {
    assert.equal((await getTls(p.port, '/tls')).body, 'over tls')
    const health = p.plane.health(targetGroup('tls', []).arn)[0]?.health
    assert.equal(health?.state, 'initial', 'one probe in: below the threshold of 2 either way')
    p.timers.advance(30_000)
    await p.plane.healthChecksIdle()
    assert.deepEqual(p.plane.health(targetGroup('tls', []).arn)[0]?.health, { state: 'healthy' })
  })
})
