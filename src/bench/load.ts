import { Agent, request } from 'node:http'

/**
 * A minimal closed-loop load generator over node:http: `clients` loops, each sending its next
 * request as soon as the last one is answered, over keep-alive connections, for `seconds`.
 * No signing: a Berth started by `berth up` or `berth server` accepts any credentials.
 */
export interface LoadOptions {
  endpoint: string
  /** The X-Amz-Target, e.g. AmazonEC2ContainerServiceV20141113.DescribeClusters. */
  target: string
  /** The body of the n-th request. */
  body: (n: number) => string
  clients: number
  seconds: number
}

export interface LoadResult {
  /** Requests answered 200. */
  ok: number
  errors: number
  firstError?: string
  seconds: number
  /** Client-side latency of each 200, in ms. */
  latencies: Float64Array
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.endpoint)
  const agent = new Agent({ keepAlive: true, maxSockets: options.clients })
  const latencies: number[] = []
  let errors = 0
  let firstError: string | undefined
  let n = 0

  const send = (body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = {
        'x-amz-target': options.target,
        'content-type': 'application/x-amz-json-1.1',
        'content-length': Buffer.byteLength(body),
      }
      const req = request({ agent, host: url.hostname, port: url.port, method: 'POST', path: '/', headers }, (res) => {
        const status = res.statusCode ?? 0
        let text = ''
        // Only an error's body is kept, to report it; a 200's is read and dropped.
        if (status === 200) res.resume()
        else res.setEncoding('utf8').on('data', (s: string) => (text += s))
        res.on('end', () => resolve({ status, text }))
        res.on('error', reject)
      })
      req.on('error', reject)
      req.end(body)
    })

  const deadline = performance.now() + options.seconds * 1000
  const client = async () => {
    while (performance.now() < deadline) {
      const body = options.body(n++)
      const start = performance.now()
      try {
        const res = await send(body)
        if (res.status === 200) latencies.push(performance.now() - start)
        else {
          errors++
          firstError ??= `${res.status} ${res.text.slice(0, 200)}`
        }
      } catch (error) {
        errors++
        firstError ??= String(error)
      }
    }
  }
  const start = performance.now()
  await Promise.all(Array.from({ length: options.clients }, client))
  const seconds = (performance.now() - start) / 1000
  agent.destroy()
  return { ok: latencies.length, errors, ...(firstError ? { firstError } : {}), seconds, latencies: Float64Array.from(latencies) }
}
