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

/** What a request carries into an operation besides its input. */
export interface RequestContext {
  requestId: string
}
