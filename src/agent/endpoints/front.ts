import { request, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http'
import { UNKNOWN_ID_HEADER } from './endpoint-handler.js'

/**
 * The one listener at 169.254.170.2:80 that several agents on one host share (`berth up`):
 * each agent serves its own tasks' endpoints on its own address (BERTH_TASK_ENDPOINT); this
 * asks them in turn and hands back the first answer from an agent that knows the id in the
 * path (no UNKNOWN_ID_HEADER). When none does, the last agent's answer stands: the ECS
 * agent's 404 / 400 for an unknown id. Agents that are down are skipped.
 */
export function endpointFront(backends: readonly string[]): RequestListener {
  return (req, res) => {
    void forward(backends, req, res)
  }
}

interface Answer {
  status: number
  headers: IncomingMessage['headers']
  body: Buffer
}

async function forward(backends: readonly string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  let last: Answer | undefined
  for (const backend of backends) {
    const answer = await ask(backend, req.method ?? 'GET', req.url ?? '/').catch(() => undefined)
    if (!answer) continue
    last = answer
    if (answer.headers[UNKNOWN_ID_HEADER] === undefined) break
  }
  if (!last) {
    res.writeHead(503, { 'content-type': 'application/json' })
    res.end(JSON.stringify('no agent on this host is serving task endpoints'))
    return
  }
  const { [UNKNOWN_ID_HEADER]: _, connection: __, ...headers } = last.headers
  res.writeHead(last.status, headers)
  res.end(last.body)
}

function ask(backend: string, method: string, path: string): Promise<Answer> {
  const [host, port] = backend.split(':')
  return new Promise((resolve, reject) => {
    const r = request({ host, port: Number(port), method, path, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    r.on('timeout', () => r.destroy(new Error('timed out')))
    r.on('error', reject)
    r.end()
  })
}
