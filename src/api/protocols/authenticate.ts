import type { Clock } from '../../core/clock.js'
import type { Identity } from '../../core/iam/index.js'
import { WireErrors } from '../../core/errors.js'
import { computeSignature, parseAuthorization, requestTime, sha256Hex, signaturesMatch, toAmzDate, type SignedAuthorization } from './sigv4.js'
import type { Caller, WireRequest } from './wire.js'

/**
 * Who may call Berth.
 *  - `open`: any credentials, and unsigned requests too, as local emulators accept them: the
 *    region and keys a client signs with only feed its signature. A malformed Authorization
 *    header is still refused, so a broken client fails here as it would against AWS.
 *  - `verify`: every request must carry a SigV4 signature made with one of `keys`
 *    (access key id → secret access key). What the key may then do is authorization's
 *    (src/api/iam), from the identity the config gives it.
 */
export type AuthConfig =
  | { mode: 'open' }
  | {
      mode: 'verify'
      keys: ReadonlyMap<string, string>
      /** Access key id → its user and policies (keys file). A key not here may do everything. */
      identities?: ReadonlyMap<string, Identity> | undefined
    }

export const OPEN_AUTH: AuthConfig = { mode: 'open' }

/** AWS refuses a signature made more than 15 minutes before or after its own clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000

/** What the request is for, as the router found it: the SigV4 signing name of its API. */
export interface RequestScope {
  /** ecs, logs, elasticloadbalancing, monitoring, ...; undefined when no API matched (refused later). */
  signingName: string | undefined
}

/**
 * Throws the ApiError AWS would answer (all HTTP 403) for a request the config refuses;
 * returns the caller of a verified request, undefined in open mode.
 */
export type Authenticator = (req: WireRequest, scope: RequestScope) => Caller | undefined

/** `region` is the one Berth serves: the region of every ARN it issues. */
export function createAuthenticator(config: AuthConfig, clock: Clock, region: string): Authenticator {
  return (req, scope) => {
    const header = req.headers['authorization']
    if (header === undefined || header === '') {
      if (config.mode === 'open') return undefined
      throw WireErrors.missingAuthentication()
    }
    const auth = parseAuthorization(header)
    // Checked in open mode too: a client that signed for another API or region is talking to
    // the wrong endpoint, and answering it with this region's ARNs would be a silent wrong answer.
    checkScope(auth, scope, region)
    if (config.mode === 'open') return undefined

    if (!auth.signedHeaders.includes('host')) {
      throw WireErrors.incompleteSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    }
    const secret = config.keys.get(auth.accessKeyId)
    if (secret === undefined) throw WireErrors.unrecognizedClient()

    const { amzDate, ms } = requestTime(req)
    checkSkew(amzDate, ms, clock.now())
    if (auth.date !== amzDate.slice(0, 8)) {
      throw WireErrors.invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      )
    }
    const payloadHash = checkedPayloadHash(req)
    const expected = computeSignature(req, auth, amzDate, payloadHash, secret)
    if (!signaturesMatch(expected, auth.signature)) throw WireErrors.invalidSignature()
    return { accessKeyId: auth.accessKeyId, identity: config.identities?.get(auth.accessKeyId) }
  }
}

/**
 * AWS's front ends refuse a credential scope for another service (its signing name) or another
 * region than the endpoint's. Berth serves one region: a request for another is refused, not
 * answered from this one (nor treated as a namespace of its own).
 */
function checkScope(auth: SignedAuthorization, scope: RequestScope, region: string): void {
  if (scope.signingName !== undefined && auth.service !== scope.signingName) throw WireErrors.credentialScopeService(scope.signingName)
  if (auth.region !== region) throw WireErrors.credentialScopeRegion(auth.region, region)
}

/** The messages are AWS's own, so a reader of a CLI error knows which clock is off. */
function checkSkew(amzDate: string, requestMs: number, nowMs: number): void {
  if (requestMs < nowMs - MAX_CLOCK_SKEW_MS) {
    throw WireErrors.invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${toAmzDate(nowMs - MAX_CLOCK_SKEW_MS)} (${toAmzDate(nowMs)} - 15 min.)`,
    )
  }
  if (requestMs > nowMs + MAX_CLOCK_SKEW_MS) {
    throw WireErrors.invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${toAmzDate(nowMs + MAX_CLOCK_SKEW_MS)} (${toAmzDate(nowMs)} + 15 min.)`,
    )
  }
}

/**
 * The payload hash the client signed: sha256(body), which the JS SDK also sends as
 * x-amz-content-sha256. A header that disagrees with the body is refused rather than trusted:
 * the signature covers the header, not the body, so trusting it would let a captured
 * signature carry any body.
 */
function checkedPayloadHash(req: WireRequest): string {
  const actual = sha256Hex(req.body)
  const declared = req.headers['x-amz-content-sha256']
  if (declared !== undefined && declared.toLowerCase() !== actual) {
    throw WireErrors.invalidSignature('The x-amz-content-sha256 header does not match the SHA-256 of the request body.')
  }
  return declared ?? actual
}
