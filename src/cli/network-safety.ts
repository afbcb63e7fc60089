import { isIP } from 'node:net'
import { UsageError } from './options.js'

/**
 * A control plane that accepts any credentials is fine on loopback, where only this machine's
 * users reach it; on a network address anyone who can reach the port could run containers on
 * every host it manages. So Berth refuses to serve openly on a non-loopback address unless the
 * operator says so (--allow-open-credentials, BERTH_ALLOW_OPEN_CREDENTIALS=1).
 */
export function checkNetworkExposure(o: { command: string; host: string; open: boolean; allowOpen: boolean }): void {
  if (!o.open || o.allowOpen || isLoopbackHost(o.host)) return
  throw new UsageError(
    `refusing to serve on --host ${o.host} with open credentials: without access keys Berth accepts any ` +
      `credentials and unsigned requests, so anyone who can reach ${o.host} could run containers on your hosts. ` +
      `Give --access-key AKID:SECRET or --keys-file FILE, or pass --allow-open-credentials to serve openly anyway ` +
      `(berth ${o.command} --host ${o.host} --allow-open-credentials).`,
  )
}

/** Loopback only: 127.0.0.0/8, ::1 (and ::ffff:127.x), localhost. Everything else, 0.0.0.0 and :: included, is a network. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1')
  if (h === 'localhost') return true
  if (isIP(h) === 4) return h.startsWith('127.')
  if (isIP(h) === 6) return h === '::1' || /^::ffff:127\./.test(h) || /^(0{1,4}:){7}0{0,3}1$/.test(h)
  return false
}
