import { createServer } from 'node:net'

/** A TCP port nothing listens on at any of `addresses` right now (checked by binding it). */
export async function freePortOn(addresses: readonly string[], tries = 20): Promise<number> {
  for (let i = 0; i < tries; i++) {
    const port = await listenAndClose(addresses[0] ?? '127.0.0.1', 0)
    const rest = await Promise.all(addresses.slice(1).map((a) => listenAndClose(a, port).catch(() => 0)))
    if (rest.every((p) => p === port)) return port
  }
  throw new Error(`no port free on all of ${addresses.join(', ')}`)
}

/** True when `port` can be bound at every one of `addresses` right now. */
export async function isPortFree(addresses: readonly string[], port: number): Promise<boolean> {
  for (const host of addresses) {
    if ((await listenAndClose(host, port).catch(() => 0)) !== port) return false
  }
  return true
}

function listenAndClose(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, host, () => {
      const bound = (server.address() as { port: number }).port
      server.close(() => resolve(bound))
    })
  })
}
