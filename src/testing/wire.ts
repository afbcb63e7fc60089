import type { Router } from '../api/router.js'

/** Sends one raw JSON 1.1 request through the router, no sockets: for malformed-input tests. */
export async function rawEcs(router: Router, operation: string, body: string | Buffer, target = `AmazonEC2ContainerServiceV20141113.${operation}`) {
  const res = await router.handle({
    method: 'POST',
    path: '/',
    headers: { 'x-amz-target': target, 'content-type': 'application/x-amz-json-1.1' },
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
  })
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(res.body) as Record<string, unknown>
  } catch {
    // leave empty: the caller asserts on status
  }
  return { status: res.status, json, headers: res.headers }
}
