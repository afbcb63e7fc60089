import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, type ConnectionOptions } from 'node:tls'
import { after, before, describe, it } from 'node:test'
import { SSL_POLICIES } from '../core/model/ssl-policies.js'
import type { DataPlaneConfig, ListenerConfig } from './config.js'
import { startPlane, type Plane } from './test/harness.js'

// An HTTPS listener's security policy, on real sockets: what a client may negotiate is what
// the policy allows. The listener is the one load balancer of the harness, bound in this
// file's own loopback range.
const ADDRESS = '127.0.26.1'

function makeCertificate(dir: string): { certFile: string; keyFile: string } | undefined {
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${ADDRESS}`, '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' })
    return { certFile, keyFile }
  } catch {
    return undefined
  }
}

const policy = (name: string) => {
  const p = SSL_POLICIES.find((x) => x.name === name)!
  return { protocols: p.protocols, ciphers: p.ciphers }
}

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/lbr-tls/0000000000000001/0000000000000001'

function planeConfig(certificate: { certFile: string; keyFile: string }, sslPolicy: string): DataPlaneConfig {
  const listener: ListenerConfig = {
    arn: LISTENER_ARN,
    address: ADDRESS,
    port: 0,
    protocol: 'HTTPS',
    certificate,
    tlsPolicy: policy(sslPolicy),
    rules: [],
    defaultAction: { type: 'fixed-response', statusCode: 200, messageBody: 'hello' },
  }
  return {
    loadBalancers: [{ arn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/lbr-tls/0000000000000001', attributes: { idleTimeoutSeconds: 60, xffHeaderProcessingMode: 'append', preserveHostHeader: false }, listeners: [listener] }],
    targetGroups: [],
  }
}

/** The handshake's outcome: the protocol and cipher agreed, or the error that refused it. */
function handshake(p: Plane, options: ConnectionOptions): Promise<{ protocol: string | null; cipher: string } | { refused: string }> {
  const port = p.plane.listenerAddress(LISTENER_ARN)?.port
  assert.ok(port, 'the listener is bound')
  return new Promise((resolve) => {
    const socket = connect({ host: ADDRESS, port, rejectUnauthorized: false, ...options }, () => {
      const result = { protocol: socket.getProtocol(), cipher: socket.getCipher().name }
      socket.end()
      resolve(result)
    })
    socket.on('error', (err: NodeJS.ErrnoException) => resolve({ refused: err.code ?? err.message }))
  })
}

/** Refused by TLS itself (an alert or a protocol error), not by a closed port. */
function assertRefusedInHandshake(r: { protocol: string | null; cipher: string } | { refused: string }): void {
  assert.ok('refused' in r, `handshake succeeded: ${JSON.stringify(r)}`)
  assert.match(r.refused, /^ERR_SSL_|^ECONNRESET$/)
}

const dir = mkdtempSync(join(tmpdir(), 'lbr-tls-'))
const certificate = makeCertificate(dir)

describe('an HTTPS listener follows its security policy', { skip: certificate ? false : 'openssl is not installed' }, () => {
  let p: Plane
  before(async () => {
    p = await startPlane(planeConfig(certificate!, 'ELBSecurityPolicy-TLS13-1-2-2021-06'))
  })
  after(async () => {
    await p.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('TLS13-1-2-2021-06: TLS 1.3 and 1.2 with its ciphers are served', async () => {
    assert.deepEqual(await handshake(p, {}), { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' })
    assert.deepEqual(await handshake(p, { maxVersion: 'TLSv1.2' }), { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' })
  })

  it('TLS13-1-2-2021-06: a client limited to TLS 1.1 is refused', async () => {
    const r = await handshake(p, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })
    assertRefusedInHandshake(r)
  })

  it('TLS13-1-2-2021-06: a client offering only a cipher the policy leaves out (AES128-SHA) is refused', async () => {
    const r = await handshake(p, { maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' })
    assertRefusedInHandshake(r)
  })

  it('a policy change (2016-08) rebinds the listener: TLS 1.1 and AES128-SHA are then served, TLS 1.3 no longer', async () => {
    await p.apply(planeConfig(certificate!, 'ELBSecurityPolicy-2016-08'))
    assert.deepEqual(await handshake(p, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }), { protocol: 'TLSv1.1', cipher: 'ECDHE-RSA-AES128-SHA' })
    assert.deepEqual(await handshake(p, { maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA' }), { protocol: 'TLSv1.2', cipher: 'AES128-SHA' })
    assert.deepEqual(await handshake(p, {}), { protocol: 'TLSv1.2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256' })
  })

  it('TLS13-1-3-2021-06: a TLS 1.2 client is refused', async () => {
    await p.apply(planeConfig(certificate!, 'ELBSecurityPolicy-TLS13-1-3-2021-06'))
    assertRefusedInHandshake(await handshake(p, { maxVersion: 'TLSv1.2' }))
    assert.deepEqual(await handshake(p, {}), { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' })
  })
})
