import { createServer, type RequestListener, type Server } from 'node:http'
import { TASK_ENDPOINT_ADDRESS } from './ids.js'
import { ensureEndpointAddress } from './link-local.js'

export interface EndpointListener {
  /** Where it listens, `host:port`. */
  readonly address: string
  close(): Promise<void>
}

/**
 * Serves `handler` on host:port; on 169.254.170.2 the address is added to the host first. A
 * listener that cannot bind fails with why and what to do (the port taken by another agent on
 * this host, or no right to bind port 80).
 */
export async function listenEndpoint(handler: RequestListener, host: string, port: number): Promise<EndpointListener> {
  if (host === TASK_ENDPOINT_ADDRESS) await ensureEndpointAddress(host)
  const server: Server = createServer(handler)
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `${host}:${port} is already in use (another agent on this host? several agents on one host share one listener: berth up runs it; give each agent BERTH_TASK_ENDPOINT=<its address>:<port> behind it)`
          : error.code === 'EACCES'
            ? `no permission to listen on ${host}:${port} (port 80 needs root or CAP_NET_BIND_SERVICE)`
            : error.message
      reject(new Error(`the task endpoint cannot listen: ${why}; BERTH_TASK_ENDPOINT=off turns it off`))
    })
    server.listen(port, host, () => resolve())
  })
  return {
    address: `${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
