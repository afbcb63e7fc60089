import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { signRequest, type Credentials } from '../../core/sigv4.js'

/**
 * The few ECS actions the agent calls on the control plane, over the same JSON 1.1 wire the
 * aws CLI uses (the ECS agent registers itself through the public API too). node:http rather
 * than fetch: fetch loads undici, megabytes of memory the agent, on every host, does not need.
 */
export class EcsApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(`${code}: ${message}`)
  }
}

export interface EcsApiOptions {
  serverUrl: string
  /** Signs every call with SigV4 when given (a server that verifies signatures needs it). */
  credentials?: Credentials | undefined
  region: string
}

export class EcsApi {
  constructor(readonly options: EcsApiOptions) {}

  async call<T>(operation: string, input: unknown): Promise<T> {
    return (await this.request<T>(operation, input)).answer
  }

  /** A call with headers of Berth's own (the agent's credentials), answering the response's headers too. */
  async request<T>(operation: string, input: unknown, extraHeaders: Record<string, string> = {}): Promise<{ answer: T; headers: IncomingHttpHeaders }> {
    const body = Buffer.from(JSON.stringify(input))
    const url = new URL(this.options.serverUrl + '/')
    let headers: Record<string, string> = {
      ...extraHeaders,
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
    }
    if (this.options.credentials) {
      headers = signRequest({ method: 'POST', path: url.pathname, headers, body }, this.options.credentials, this.options.region, 'ecs', Date.now())
    }
    const { status, text, headers: answered } = await post(url, headers, body)
    let answer: Record<string, unknown>
    try {
      answer = (text ? JSON.parse(text) : {}) as Record<string, unknown>
    } catch {
      throw new EcsApiError('InvalidResponse', `the control plane answered ${status} with something that is not JSON`, status)
    }
    if (status < 200 || status >= 300) throw new EcsApiError(String(answer['__type'] ?? status), String(answer['message'] ?? text), status)
    return { answer: answer as T, headers: answered }
  }
}

async function post(url: URL, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string; headers: IncomingHttpHeaders }> {
  // TLS only loads for an https control plane: most agents never pay for it.
  const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), headers: res.headers }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} in 30 s`)))
    req.on('error', reject)
    req.end(body)
  })
}
