/** One HTTP request as the protocols see it: no sockets, so tests drive it in-process. */
export interface WireRequest {
  method: string
  path: string
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>
  body: Buffer
}

export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: string
}

import type { Identity } from '../../core/iam/index.js'

/** Who made a request: the access key it was signed with (verify mode only). */
export interface Caller {
  accessKeyId: string
  /** The user and policies the keys file gives the key; undefined for a plain --access-key (full access). */
  identity: Identity | undefined
}

/** What a request carries into an operation besides its input. */
export interface RequestContext {
  requestId: string
  /** The verified caller; undefined in open mode, where any credentials pass. */
  caller?: Caller | undefined
}
