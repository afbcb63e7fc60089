/**
 * Header handling on the request path: which headers the proxy drops or rewrites, and the
 * ones it writes itself (Host as ALB rewrites it, X-Amzn-Trace-Id). Names are classified by
 * length first, so most headers are never lowercased at all.
 */

/** Headers never forwarded either way: hop-by-hop ones, and what the proxy sets itself. */
export const enum Skip {
  No = 0,
  Yes = 1,
  Host = 2,
  Cookie = 3,
  Xff = 4,
  Upgrade = 5,
  Trace = 6,
  /** Expect: answered by the proxy itself (100 Continue, or 417), never forwarded. */
  Expect = 7,
}

/** Classifies a request header by name; the length switch keeps most names from being lowercased at all. */
export function classifyRequestHeader(name: string): Skip {
  switch (name.length) {
    case 2:
      return name.toLowerCase() === 'te' ? Skip.Yes : Skip.No
    case 4:
      return name.toLowerCase() === 'host' ? Skip.Host : Skip.No
    case 6: {
      const n = name.toLowerCase()
      return n === 'cookie' ? Skip.Cookie : n === 'expect' ? Skip.Expect : Skip.No
    }
    case 7:
      return name.toLowerCase() === 'upgrade' ? Skip.Upgrade : Skip.No
    case 10: {
      const n = name.toLowerCase()
      return n === 'connection' || n === 'keep-alive' ? Skip.Yes : Skip.No
    }
    case 15: {
      const n = name.toLowerCase()
      return n === 'x-forwarded-for' ? Skip.Xff : n === 'x-amzn-trace-id' ? Skip.Trace : Skip.No
    }
    case 16: {
      const n = name.toLowerCase()
      return n === 'proxy-connection' || n === 'x-forwarded-port' ? Skip.Yes : Skip.No
    }
    case 17: {
      const n = name.toLowerCase()
      return n === 'transfer-encoding' || n === 'x-forwarded-proto' ? Skip.Yes : Skip.No
    }
    default:
      return Skip.No
  }
}

/** True for response headers the proxy must not pass on (node:http frames the response itself). */
export function isHopByHopResponseHeader(name: string): boolean {
  switch (name.length) {
    case 7:
      return name.toLowerCase() === 'upgrade'
    case 10: {
      const n = name.toLowerCase()
      return n === 'connection' || n === 'keep-alive'
    }
    case 16:
      return name.toLowerCase() === 'proxy-connection'
    case 17:
      return name.toLowerCase() === 'transfer-encoding'
    default:
      return false
  }
}

/** X-Forwarded-Proto and -Port as request header lines: the same for every request on a listener. */
export function forwardedProtoPortLines(protocol: 'http' | 'https', port: number): string {
  return `X-Forwarded-Proto: ${protocol}\r\nX-Forwarded-Port: ${port}\r\n`
}

/** An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; ALB forwards a.b.c.d. */
export function clientAddress(raw: string | undefined): string {
  if (!raw) return ''
  return raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw
}

/**
 * ALB's Host rewriting (routing.http.preserve_host_header off): a listener on 80 or 443
 * drops the port from Host, any other adds its own port when Host has none.
 */
export function forwardedHost(host: string, listenerPort: number): string {
  const close = host.lastIndexOf(']')
  const colon = host.indexOf(':', close + 1)
  if (listenerPort === 80 || listenerPort === 443) return colon === -1 ? host : host.slice(0, colon)
  return colon === -1 ? `${host}:${listenerPort}` : host
}

/** Per process: 12 random hex digits, then a counter, make the 24 of a trace id's last part. */
const TRACE_PREFIX = Math.floor(Math.random() * 2 ** 48)
  .toString(16)
  .padStart(12, '0')
let traceCounter = 0

/**
 * X-Amzn-Trace-Id as ALB sets it: a new `Root=1-<epoch seconds, hex>-<24 hex>` when the
 * client sent none; in front of a client's Root, a `Self=` of the same form; a client's Self
 * replaced.
 */
export function traceHeader(sent: string | undefined, nowMs: number): string {
  traceCounter = (traceCounter + 1) % 2 ** 48
  const id = `1-${Math.floor(nowMs / 1000).toString(16).padStart(8, '0')}-${TRACE_PREFIX}${traceCounter.toString(16).padStart(12, '0')}`
  if (sent === undefined || !/(^|;)\s*(Root|Self)=/.test(sent)) return `Root=${id}`
  if (/(^|;)\s*Self=/.test(sent)) return sent.replace(/(^|;)(\s*)Self=[^;]*/, `$1$2Self=${id}`)
  return `Self=${id};${sent}`
}

export function countCommas(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 44) n++
  return n
}
