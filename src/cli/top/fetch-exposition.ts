import { parseExposition, type Exposition } from '../../prometheus/parse-text.js'

/**
 * One scrape of `<endpoint>/metrics`. On a server with access keys, the key pair in
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY goes as HTTP Basic credentials, as a Prometheus
 * scrape config gives it (src/prometheus/metrics-access.ts).
 */
export async function fetchExposition(endpoint: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<Exposition> {
  const id = env['AWS_ACCESS_KEY_ID']
  const secret = env['AWS_SECRET_ACCESS_KEY']
  const headers: Record<string, string> = id && secret ? { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` } : {}
  const url = new URL('/metrics', endpoint)
  const res = await fetch(url, { headers, ...(signal ? { signal } : {}) })
  const body = await res.text()
  if (res.status !== 200) throw new Error(`GET ${url.href} answered ${res.status}: ${body.trim().slice(0, 200)}`)
  return parseExposition(body)
}
