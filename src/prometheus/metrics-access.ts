import { createHash, timingSafeEqual } from 'node:crypto'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { conditionContext, evaluate, principalKeys } from '../core/iam/index.js'

/**
 * Who may read GET /metrics: it follows the server's own credentials, because the exposition
 * names every cluster, service and load balancer, which the APIs show only to a caller with a
 * key. Prometheus cannot sign SigV4, so the key pair is given as HTTP Basic credentials
 * (`basic_auth: { username: AKID, password: SECRET }` in a scrape config):
 *
 *   open server (no --access-key)      anyone, as any API call           → allowed
 *   verify server, no / bad credentials                                  → 401 (unauthorized)
 *   a key whose IAM policies deny cloudwatch:GetMetricData on *          → 403 (forbidden)
 *   a key with no policies, or allowed                                   → allowed
 *
 * Reading metrics is CloudWatch's GetMetricData in AWS's vocabulary, so that is the action a
 * keys file's policy grants or denies.
 */
export type MetricsAccess = 'allowed' | 'unauthorized' | 'forbidden'

export const METRICS_ACTION = 'cloudwatch:GetMetricData'

export function checkMetricsAccess(auth: AuthConfig, authorization: string | undefined): MetricsAccess {
  if (auth.mode === 'open') return 'allowed'
  const basic = parseBasic(authorization)
  if (!basic) return 'unauthorized'
  const secret = auth.keys.get(basic.user)
  if (secret === undefined || !sameSecret(secret, basic.password)) return 'unauthorized'
  const identity = auth.identities?.get(basic.user)
  if (!identity?.policies) return 'allowed'
  const decision = evaluate(identity.policies, { action: METRICS_ACTION, resource: '*', context: conditionContext(principalKeys(identity)) })
  return decision.effect === 'allow' ? 'allowed' : 'forbidden'
}

function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')
  if (!m) return undefined
  const text = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  return colon < 0 ? undefined : { user: text.slice(0, colon), password: text.slice(colon + 1) }
}

/** Compared in constant time (hashes of both, so lengths leak nothing either). */
const sameSecret = (a: string, b: string): boolean => timingSafeEqual(sha256(a), sha256(b))
const sha256 = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest()
