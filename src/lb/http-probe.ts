import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { ProbeResult } from './health-state.js'
import type { Probe } from './health-checker.js'

/**
 * The real health check: `GET <path>` on a fresh connection closed afterwards ("After each
 * health check is completed, the load balancer node closes the connection"), with ALB's
 * User-Agent. The answer counts once its status line and headers are in; the body is not
 * waited for. HTTPS checks do not verify the target's certificate, as ALB does not.
 */
export const httpProbe: Probe = (spec, signal) =>
  new Promise<ProbeResult>((resolve) => {
    const send = spec.protocol === 'HTTPS' ? httpsRequest : httpRequest
    const req = send({
      host: spec.address,
      port: spec.port,
      path: spec.path,
      method: 'GET',
      agent: false,
      signal,
      rejectUnauthorized: false,
      headers: { Host: hostHeader(spec.address, spec.port), 'User-Agent': 'ELB-HealthChecker/2.0', Accept: '*/*', Connection: 'close' },
    })
    req.once('response', (res) => {
      const status = res.statusCode ?? 0
      res.destroy()
      resolve(spec.matcher(status) ? { ok: true, status } : { ok: false, failure: 'code-mismatch', status })
    })
    req.once('error', (error) => {
      resolve(signal.aborted ? { ok: false, failure: 'timeout' } : { ok: false, failure: 'connection', message: error.message })
    })
    req.end()
  })

function hostHeader(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`
}
