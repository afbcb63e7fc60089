import { createRequire } from 'node:module'

/**
 * Node's own HTTP/1 parser (llhttp, native), the one node:http's client and server use, as
 * `_http_common` exports it. The proxy parses its targets' answers with it rather than with
 * undici's WebAssembly build: headers arrive as one array of strings made in C++, with no
 * call back into JavaScript per header field and value, which was most of the client's cost.
 * The callbacks sit on numbered slots of the parser object (the constants below).
 */

export interface NativeHttpParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void
  /** Bytes parsed, or the parse error. */
  execute(data: Buffer): number | Error
  /** The connection ended: completes a body that runs until close, or returns the error for a cut one. */
  finish(): undefined | Error
  remove(): void
  close(): void
  [slot: number]: unknown
}

interface NativeHttpParserClass {
  new (): NativeHttpParser
  readonly RESPONSE: number
  readonly kOnHeaders: number
  readonly kOnHeadersComplete: number
  readonly kOnBody: number
  readonly kOnMessageComplete: number
}

const require = createRequire(import.meta.url)
export const HTTPParser = (require('_http_common') as { HTTPParser: NativeHttpParserClass }).HTTPParser

/** Slots for the callbacks (node:http reads them the same way). */
export const kOnHeaders = HTTPParser.kOnHeaders | 0
export const kOnHeadersComplete = HTTPParser.kOnHeadersComplete | 0
export const kOnBody = HTTPParser.kOnBody | 0
export const kOnMessageComplete = HTTPParser.kOnMessageComplete | 0

/** What kOnHeadersComplete returns: go on, or skip the body (a HEAD answer, an interim 1xx). */
export const PARSE_BODY = 0
export const SKIP_BODY = 1
