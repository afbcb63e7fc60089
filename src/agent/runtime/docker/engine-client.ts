import http from 'node:http'
import https from 'node:https'
import type { Readable } from 'node:stream'
import { RuntimeError, RuntimeErrors } from '../errors.js'
import type { EngineEndpoint } from './engine-endpoint.js'
import { asObject, asString } from './json.js'

/**
 * A small client for the Docker Engine HTTP API over node:http. The API is stable and
 * versioned, and Berth needs a dozen of its endpoints; speaking it directly keeps the agent
 * free of native dependencies and lets every answer be parsed from `unknown` at this edge.
 */
export interface EngineRequest {
  /** A list value repeats the parameter (`changes=...&changes=...`). */
  query?: Record<string, string | number | boolean | readonly string[] | undefined>
  /** Sent as JSON. */
  body?: unknown
  /** Sent as is (e.g. a tar stream for an image import). */
  raw?: { stream: Readable; contentType: string }
  headers?: Record<string, string>
  signal?: AbortSignal | undefined
  /** Milliseconds for the whole exchange (`json`) or until the headers (`stream`); 0 = none. */
  timeoutMs?: number
}

export interface EngineJsonResponse {
  status: number
  /** Parsed JSON, the text when it is not JSON, undefined when empty. */
  body: unknown
}

/** The API version Berth is written against (Docker 20.10, Debian 12's docker.io). */
export const PREFERRED_API_VERSION = '1.41'

export class EngineClient {
  readonly endpoint: EngineEndpoint
  readonly #agent: http.Agent
  readonly #timeoutMs: number
  #version: Promise<string> | undefined

  constructor(endpoint: EngineEndpoint, options: { timeoutMs?: number } = {}) {
    this.endpoint = endpoint
    this.#timeoutMs = options.timeoutMs ?? 60_000
    const agentOptions = { keepAlive: true }
    this.#agent =
      endpoint.kind === 'tcp' && endpoint.tls ? new https.Agent({ ...agentOptions, ...endpoint.tls }) : new http.Agent(agentOptions)
  }

  /** 1.41 unless the engine's minimum is newer; negotiated once, on first use. */
  apiVersion(): Promise<string> {
    this.#version ??= this.#negotiate().catch((e: unknown) => {
      this.#version = undefined // an engine that was down may come up: ask again next time
      throw e
    })
    return this.#version
  }

  async json(method: string, path: string, req: EngineRequest = {}): Promise<EngineJsonResponse> {
    return this.#exchange(method, await this.#versioned(path), req, req.timeoutMs ?? this.#timeoutMs)
  }

  /** The response with its body unread: the caller consumes (or destroys) it. */
  async stream(method: string, path: string, req: EngineRequest = {}): Promise<http.IncomingMessage> {
    const { response, clear } = this.#send(method, await this.#versioned(path), req, req.timeoutMs ?? this.#timeoutMs)
    try {
      return await response
    } finally {
      clear()
    }
  }

  close(): void {
    this.#agent.destroy()
  }

  async #negotiate(): Promise<string> {
    const { body } = await this.#exchange('GET', '/version', {}, 10_000)
    const o = asObject(body)
    const max = asString(o['ApiVersion'])
    const min = asString(o['MinAPIVersion']) ?? '1.12'
    if (!max) throw RuntimeErrors.engineUnreachable(this.endpoint.url, 'the answer to /version is not the Docker Engine API')
    if (compareVersions(max, PREFERRED_API_VERSION) < 0) {
      throw RuntimeErrors.engineUnreachable(this.endpoint.url, `engine API ${max} is older than the ${PREFERRED_API_VERSION} Berth needs`)
    }
    return compareVersions(min, PREFERRED_API_VERSION) > 0 ? min : PREFERRED_API_VERSION
  }

  async #versioned(path: string): Promise<string> {
    return `/v${await this.apiVersion()}${path}`
  }

  async #exchange(method: string, path: string, req: EngineRequest, timeoutMs: number): Promise<EngineJsonResponse> {
    const { response, clear, timedOut } = this.#send(method, path, req, timeoutMs)
    try {
      const res = await response
      const chunks: Buffer[] = []
      for await (const chunk of res) chunks.push(chunk as Buffer)
      return { status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks).toString('utf8')) }
    } catch (e) {
      if (timedOut()) throw RuntimeErrors.timeout(`${method} ${path}`, timeoutMs)
      throw e
    } finally {
      clear()
    }
  }

  #send(method: string, path: string, req: EngineRequest, timeoutMs: number) {
    const ep = this.endpoint
    const query = new URLSearchParams()
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (Array.isArray(v)) for (const item of v as readonly string[]) query.append(k, item)
      else if (v !== undefined) query.set(k, String(v))
    }
    const search = query.size ? `?${query.toString()}` : ''
    const headers: Record<string, string> = { ...req.headers }
    let payload: Buffer | undefined
    if (req.body !== undefined) {
      payload = Buffer.from(JSON.stringify(req.body))
      headers['content-type'] = 'application/json'
      headers['content-length'] = String(payload.length)
    } else if (req.raw) {
      headers['content-type'] = req.raw.contentType
    }
    const options: http.RequestOptions = {
      method,
      path: path + search,
      headers,
      agent: this.#agent,
      ...(req.signal ? { signal: req.signal } : {}),
      ...(ep.kind === 'unix' ? { socketPath: ep.socketPath, host: 'docker' } : { host: ep.host, port: ep.port }),
    }
    const request = (ep.kind === 'tcp' && ep.tls ? https : http).request(options)
    let timer: NodeJS.Timeout | undefined
    let fired = false
    const response = new Promise<http.IncomingMessage>((resolve, reject) => {
      request.on('response', resolve)
      request.on('error', (e: NodeJS.ErrnoException) => reject(this.#translate(e)))
    })
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        fired = true
        request.destroy(RuntimeErrors.timeout(`${method} ${path}`, timeoutMs))
      }, timeoutMs)
    }
    if (payload) request.end(payload)
    else if (req.raw) req.raw.stream.on('error', (e) => request.destroy(e)).pipe(request)
    else request.end()
    return { response, clear: () => clearTimeout(timer), timedOut: () => fired }
  }

  #translate(e: NodeJS.ErrnoException): Error {
    if (e instanceof RuntimeError || e.name === 'AbortError') return e
    if (e.code && ['ENOENT', 'ECONNREFUSED', 'EACCES', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE'].includes(e.code)) {
      const hint = e.code === 'EACCES' ? `permission denied on ${this.endpoint.url}` : `${e.code}`
      return RuntimeErrors.engineUnreachable(this.endpoint.url, hint, e)
    }
    return e
  }
}

function parseBody(text: string): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/** Compares dotted API versions numerically: `1.9` < `1.41`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
