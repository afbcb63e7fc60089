import { createHmac, timingSafeEqual } from 'node:crypto'
import { WireErrors } from '../../core/errors.js'
import type { WireRequest } from './wire.js'
import { ALGORITHM, canonicalRequest, signingKey, stringToSign, toAmzDate } from '../../core/sigv4.js'

export { ALGORITHM, canonicalQuery, canonicalRequest, canonicalUri, sha256Hex, signingKey, stringToSign, toAmzDate } from '../../core/sigv4.js'

/**
 * AWS Signature Version 4 for requests signed in the Authorization header, the way the aws CLI
 * and the AWS SDKs sign every call to ECS, Logs, ELBv2 and the rest:
 *
 *   Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/ecs/aws4_request,
 *                  SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=<64 hex>
 *
 * Everything here is pure: the caller brings the secret and the time.
 */

export interface SignedAuthorization {
  accessKeyId: string
  /** The credential scope: `yyyymmdd/region/service/aws4_request`. */
  scope: string
  date: string
  region: string
  service: string
  /** Lower-case header names, in the order the client listed them (sorted, per the spec). */
  signedHeaders: string[]
  signature: string
}

/** Parses the Authorization header; a header that is not a whole SigV4 one is IncompleteSignature. */
export function parseAuthorization(header: string): SignedAuthorization {
  const space = header.indexOf(' ')
  const algorithm = space < 0 ? header : header.slice(0, space)
  if (algorithm !== ALGORITHM) {
    throw WireErrors.incompleteSignature(`Unsupported Authorization type '${algorithm}': Berth accepts ${ALGORITHM} only.`)
  }
  const fields = new Map<string, string>()
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=')
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  const credential = requireField(fields, 'Credential')
  const signedHeaders = requireField(fields, 'SignedHeaders')
  const signature = requireField(fields, 'Signature')

  const [accessKeyId, date, region, service, terminator, ...extra] = credential.split('/')
  if (!accessKeyId || !date || !region || !service || terminator !== 'aws4_request' || extra.length > 0) {
    throw WireErrors.incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request, got '${credential}'.`,
    )
  }
  if (!/^\d{8}$/.test(date)) throw WireErrors.incompleteSignature(`The date '${date}' in the credential scope is not yyyymmdd.`)
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) {
    throw WireErrors.incompleteSignature('Signature must be 64 hexadecimal characters.')
  }
  const names = signedHeaders.split(';')
  if (names.some((n) => n === '' || n !== n.toLowerCase())) {
    throw WireErrors.incompleteSignature(`SignedHeaders must be lower-case names separated by ';', got '${signedHeaders}'.`)
  }
  return {
    accessKeyId,
    scope: `${date}/${region}/${service}/aws4_request`,
    date,
    region,
    service,
    signedHeaders: names,
    signature: signature.toLowerCase(),
  }
}

function requireField(fields: Map<string, string>, name: string): string {
  const value = fields.get(name)
  if (!value) throw WireErrors.incompleteSignature(`Authorization header requires '${name}' parameter.`)
  return value
}

/** The request time as SigV4 writes it (`20261121T113518Z`), from X-Amz-Date or else Date. */
export function requestTime(req: WireRequest): { amzDate: string; ms: number } {
  const amz = req.headers['x-amz-date']
  if (amz !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amz)
    if (!m) throw WireErrors.incompleteSignature(`X-Amz-Date must look like 20260101T000000Z, got '${amz}'.`)
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number]
    return { amzDate: amz, ms: Date.UTC(y, mo - 1, d, h, mi, s) }
  }
  const date = req.headers['date']
  const ms = date === undefined ? NaN : Date.parse(date)
  if (Number.isNaN(ms)) {
    throw WireErrors.incompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
  }
  return { amzDate: toAmzDate(ms), ms }
}

/** The signature a client holding `secret` would have sent for this request. */
export function computeSignature(req: WireRequest, auth: SignedAuthorization, amzDate: string, payloadHash: string, secret: string): string {
  const canonical = canonicalRequest(req, auth.signedHeaders, payloadHash)
  const key = signingKey(secret, auth.date, auth.region, auth.service)
  return createHmac('sha256', key).update(stringToSign(amzDate, auth.scope, canonical)).digest('hex')
}

/** Constant-time comparison of two hex signatures, so the time taken leaks nothing. */
export function signaturesMatch(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8')
  const b = Buffer.from(provided, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}
