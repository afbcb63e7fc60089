/**
 * ALB's duration-based stickiness, as far as a local proxy needs it. Target stickiness
 * (target group attribute `stickiness.type` lb_cookie): the response carries AWSALB, and
 * AWSALBCORS with the same value plus `SameSite=None; Secure` for cross-origin requests; a
 * request carrying either goes back to the target it names while that target is routable,
 * else to a newly chosen one, and the cookie is rewritten. Target-group stickiness (the
 * forward action's TargetGroupStickinessConfig) does the same for the choice among weighted
 * groups with AWSALBTG / AWSALBTGCORS. ALB sets the cookies on every response with Expires
 * (not Max-Age) a fixed 7 days ahead and keeps the stickiness duration inside the value, so
 * an active client stays stuck and an idle one is re-balanced once the duration passed.
 *
 * ALB encrypts the value with a rotating key; here it is an opaque base64url token naming the
 * group (a hash of its ARN), the target and the end of the stickiness, which is enough for a
 * proxy on one's own machine. A token that does not decode, names another group or has
 * expired is ignored, as ALB does.
 */

export const TARGET_COOKIE = 'AWSALB'
export const TARGET_COOKIE_CORS = 'AWSALBCORS'
export const GROUP_COOKIE = 'AWSALBTG'
export const GROUP_COOKIE_CORS = 'AWSALBTGCORS'

/** The value of cookie `name` in a Cookie header, or undefined. */
export function readCookie(header: string, name: string): string | undefined {
  let from = 0
  for (;;) {
    const at = header.indexOf(name, from)
    if (at === -1) return undefined
    const before = at === 0 ? 32 : header.charCodeAt(at - 1)
    const eq = at + name.length
    // A whole cookie name: at the start or after "; ", and followed by "=".
    if ((at === 0 || before === 32 || before === 59) && header.charCodeAt(eq) === 61) {
      let end = header.indexOf(';', eq)
      if (end === -1) end = header.length
      return header.slice(eq + 1, end).trim()
    }
    from = at + 1
  }
}

/** The AWSALB value, else AWSALBCORS's (a cross-site request may carry only that one). */
export function readStickyCookie(header: string | undefined, name: string, corsName: string): string | undefined {
  if (header === undefined) return undefined
  return readCookie(header, name) ?? readCookie(header, corsName)
}

/** A short stable tag for a target group ARN (32-bit FNV-1a, hex). */
export function groupTag(arn: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < arn.length; i++) {
    h ^= arn.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return (h >>> 0).toString(16).padStart(8, '0')
}

/** The cookie's own lifetime: always 7 days, whatever the stickiness duration. */
export const COOKIE_LIFETIME_MS = 7 * 24 * 3600 * 1000

/** The token sticking a client to `targetKey` of the group tagged `tag` (empty key: the group itself) until `untilMs`. */
export function encodeToken(tag: string, targetKey: string, untilMs: number): string {
  return Buffer.from(`${tag}|${Math.ceil(untilMs / 1000)}|${targetKey}`).toString('base64url')
}

/** The target key a token names when it belongs to the group tagged `tag` and has not expired at `nowMs`. */
export function decodeToken(token: string, tag: string, nowMs: number): string | undefined {
  const text = Buffer.from(token, 'base64url').toString()
  const a = text.indexOf('|')
  const b = text.indexOf('|', a + 1)
  if (a === -1 || b === -1 || text.slice(0, a) !== tag) return undefined
  const until = Number(text.slice(a + 1, b))
  if (!(until * 1000 > nowMs)) return undefined
  return text.slice(b + 1)
}

/** The two Set-Cookie values for a token: the plain cookie and its CORS twin. */
export function stickyCookies(name: string, corsName: string, token: string, expires: Date): [string, string] {
  const when = expires.toUTCString()
  return [`${name}=${token}; Expires=${when}; Path=/`, `${corsName}=${token}; Expires=${when}; Path=/; SameSite=None; Secure`]
}
