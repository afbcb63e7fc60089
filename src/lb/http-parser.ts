import { createRequire } from 'node:module'

/**
 * Node's own HTTP/1 parser (llhttp, native), the one node:http's client and server use, as
 * `_http_common` exports it. The proxy parses its clients' requests and its targets' answers
 * with it (rather than through node:http's IncomingMessage, or undici's WebAssembly build):
 * headers arrive as one array of strings made in C++, with no call back into JavaScript per
 * header field and value. The callbacks sit on numbered slots of the parser object (the
 * constants below).
 */

export interface NativeHttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void
  /** Bytes parsed, or the parse error. */
  execute(data: Buffer): number | Error
  /** The connection ended: completes a body that runs until close, or returns the error for a cut one. */
  finish(): undefined | Error
  remove(): void
  close(): void
  /** Reads straight from a socket's native stream (node:http's server does this): no JS Buffer or stream event per read; results come to kOnExecute. */
  consume(handle: object): void
  unconsume(): void
  /** A copy of the bytes of the read being parsed (inside kOnExecute). */
  getCurrentBuffer(): Buffer
  [slot: number]: unknown
}

interface NativeHttpParserClass {
  new (): NativeHttpParser
  readonly REQUEST: number
  readonly RESPONSE: number
  readonly kOnHeaders: number
  readonly kOnHeadersComplete: number
  readonly kOnBody: number
  readonly kOnMessageComplete: number
  readonly kOnExecute: number
}

const require = createRequire(import.meta.url)
const common = require('_http_common') as { HTTPParser: NativeHttpParserClass; methods: readonly string[] }
export const HTTPParser = common.HTTPParser

/** Slots for the callbacks (node:http reads them the same way). */
export const kOnHeaders = HTTPParser.kOnHeaders | 0
export const kOnHeadersComplete = HTTPParser.kOnHeadersComplete | 0
export const kOnBody = HTTPParser.kOnBody | 0
export const kOnMessageComplete = HTTPParser.kOnMessageComplete | 0
export const kOnExecute = HTTPParser.kOnExecute | 0

/** What kOnHeadersComplete returns: go on, or skip the body (a HEAD answer, an interim 1xx). */
export const PARSE_BODY = 0
export const SKIP_BODY = 1

/** What kOnHeadersComplete returns for an upgrade (WebSocket, CONNECT): stop parsing after the head. */
export const UPGRADE = 2

/**
 * A request parser hands its method over as llhttp's method number, which is not always an
 * index into node's exported name list (QUERY is 46 in a list of 35). The numbers are read
 * once, by parsing one request line per method name, so no node version's numbering is
 * assumed.
 */
export const METHOD_NAMES: readonly string[] = (() => {
  const names: string[] = []
  const parser = new HTTPParser()
  for (const name of common.methods) {
    parser.initialize(HTTPParser.REQUEST, {}, 0, 0)
    parser[kOnHeadersComplete] = (_major: number, _minor: number, _headers: unknown, method: number) => {
      names[method] = name
      return SKIP_BODY
    }
    parser.execute(Buffer.from(`${name} / HTTP/1.1\r\n\r\n`, 'latin1'))
  }
  parser.remove()
  parser.close()
  return names
})()
