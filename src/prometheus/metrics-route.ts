import type { HttpRoute } from '../api/front-door.js'
import type { AuthConfig } from '../api/protocols/authenticate.js'
import { checkMetricsAccess } from './metrics-access.js'
import type { PrometheusExporter } from './exporter.js'

/** GET /metrics: the exposition, to whoever the server's credentials let read it (metrics-access.ts). */
export function metricsRoute(exporter: PrometheusExporter, auth: AuthConfig): HttpRoute {
  return {
    method: 'GET',
    path: '/metrics',
    async handle(req) {
      const access = checkMetricsAccess(auth, req.headers['authorization'])
      if (access === 'unauthorized') {
        return text(401, 'GET /metrics needs an access key of this server as HTTP Basic credentials (user: the key id, password: its secret).', {
          'www-authenticate': 'Basic realm="berth", charset="UTF-8"',
        })
      }
      if (access === 'forbidden') return text(403, 'This access key\'s policies do not allow cloudwatch:GetMetricData.')
      const { contentType, body } = await exporter.scrape()
      return { status: 200, headers: { 'content-type': contentType }, body }
    },
  }
}

const text = (status: number, message: string, headers: Record<string, string> = {}) => ({
  status,
  headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  body: message + '\n',
})
