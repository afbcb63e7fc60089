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

export class EcsApi {
  constructor(readonly serverUrl: string) {}

  async call<T>(operation: string, input: unknown, signal?: AbortSignal): Promise<T> {
    const res = await fetch(this.serverUrl + '/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
      },
      body: JSON.stringify(input),
      ...(signal ? { signal } : {}),
    })
    const text = await res.text()
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>
    if (!res.ok) throw new EcsApiError(String(body['__type'] ?? res.status), String(body['message'] ?? text), res.status)
    return body as T
  }
}
