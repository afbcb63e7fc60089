import { signRequest, type Credentials } from '../../core/sigv4.js'

/**
 * The few ECS actions the agent calls on the control plane, over the same JSON 1.1 wire the
 * aws CLI uses (the ECS agent registers itself through the public API too).
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

  async call<T>(operation: string, input: unknown, signal?: AbortSignal): Promise<T> {
    const body = Buffer.from(JSON.stringify(input))
    const url = new URL(this.options.serverUrl + '/')
    let headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
    }
    if (this.options.credentials) {
      headers = signRequest({ method: 'POST', path: url.pathname, headers, body }, this.options.credentials, this.options.region, 'ecs', Date.now())
    }
    const res = await fetch(url, { method: 'POST', headers, body, ...(signal ? { signal } : {}) })
    const text = await res.text()
    const answer = (text ? JSON.parse(text) : {}) as Record<string, unknown>
    if (!res.ok) throw new EcsApiError(String(answer['__type'] ?? res.status), String(answer['message'] ?? text), res.status)
    return answer as T
  }
}
