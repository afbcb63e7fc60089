import { createHash, createHmac } from 'node:crypto'

/**
 * The pure parts of AWS Signature Version 4 that both ends need: the server to verify what
 * clients signed (api/protocols/sigv4.ts), the agent to sign its own calls (signRequest).
 */
export const ALGORITHM = 'AWS4-HMAC-SHA256'

/** A request as SigV4 sees it; header names in lower case. */
export interface SignableRequest {
  method: string
  /** The path with its query string, as sent. */
  path: string
  headers: Readonly<Record<string, string | undefined>>
  body: Buffer
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex')

export const toAmzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')

/**
 * The canonical request of the spec: method, canonical URI, canonical query string, the
 * signed headers with their values, the signed header list, and the payload hash.
 */
export function canonicalRequest(req: SignableRequest, signedHeaders: readonly string[], payloadHash: string): string {
  const q = req.path.indexOf('?')
  const path = q < 0 ? req.path : req.path.slice(0, q)
  const query = q < 0 ? '' : req.path.slice(q + 1)
  const headers = signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.headers[name] ?? '')}\n`).join('')
  return [req.method.toUpperCase(), canonicalUri(path), canonicalQuery(query), headers, signedHeaders.join(';'), payloadHash].join('\n')
}

/**
 * Every service but S3 normalizes the path (drops empty and `.` segments, resolves `..`)
 * and URI-encodes it once more as it arrived, so `%2F` on the wire signs as `%252F`. botocore
 * (`normalize_url_path` + `quote(safe='/~')`) and the JS SDK (`getCanonicalPath`) agree.
 */
export function canonicalUri(rawPath: string): string {
  const segments: string[] = []
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const trailing = segments.length > 0 && rawPath.endsWith('/') ? '/' : ''
  return uriEncode('/' + segments.join('/') + trailing).replace(/%2F/g, '/')
}

/** Pairs decoded, then re-encoded strictly (RFC 3986 unreserved kept) and sorted by key, then value. */
export function canonicalQuery(rawQuery: string): string {
  const pairs = rawQuery
    .split('&')
    .filter((p) => p !== '')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const [k, v] = eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)]
      return [uriEncode(decode(k)), uriEncode(decode(v))] as const
    })
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

/** Values trimmed, inner runs of spaces and tabs collapsed to one space. */
const canonicalHeaderValue = (value: string): string => value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim()

/** encodeURIComponent leaves !'()* alone; SigV4 keeps only A-Z a-z 0-9 - _ . ~ unencoded. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
}

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest()
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request')
}


export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
}

/**
 * Signs a request as the AWS SDKs do: adds x-amz-date, x-amz-content-sha256 and Authorization,
 * signing every header given plus those. `headers` must include `host`.
 */
export function signRequest(req: SignableRequest, credentials: Credentials, region: string, service: string, nowMs: number): Record<string, string> {
  const amzDate = toAmzDate(nowMs)
  const date = amzDate.slice(0, 8)
  const payloadHash = sha256Hex(req.body)
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = v
  headers['x-amz-date'] = amzDate
  headers['x-amz-content-sha256'] = payloadHash
  const signed = Object.keys(headers).sort()
  const scope = `${date}/${region}/${service}/aws4_request`
  const canonical = canonicalRequest({ ...req, headers }, signed, payloadHash)
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, date, region, service))
    .update(stringToSign(amzDate, scope, canonical))
    .digest('hex')
  headers['authorization'] = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`
  return headers
}
