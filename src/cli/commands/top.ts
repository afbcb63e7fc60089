import { parseArgs } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import { fetchExposition } from '../top/fetch-exposition.js'
import { renderTop } from '../top/render-top.js'
import { topViewOf, type TopView } from '../top/top-view.js'

const HELP = `usage: berth top [options]

Clusters, container instances and services with their CPU and memory utilization and
desired / running counts, redrawn in place. Reads the server's GET /metrics, so it needs no
AWS credentials on an open server; on one with access keys it sends AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY as HTTP Basic credentials.

  --endpoint URL    the Berth server (default http://127.0.0.1:<BERTH_PORT or 7700>, BERTH_ENDPOINT)
  --interval S      seconds between frames (default 2)
  --once            print one frame and exit (for scripts); exit code 1 if the server cannot be read`

const EMPTY: TopView = { clusters: [], instances: [], services: [] }

// ANSI: cursor home, clear to the end of each line and of the screen, hide and show the cursor.
const HOME = '\x1b[H'
const CLEAR_LINE = '\x1b[K'
const CLEAR_BELOW = '\x1b[J'
const HIDE_CURSOR = '\x1b[?25l'
const SHOW_CURSOR = '\x1b[?25h'

export async function runTop(argv: string[]): Promise<number> {
  let opts
  try {
    opts = parseArgs({
      args: argv,
      strict: true,
      options: {
        endpoint: { type: 'string', default: process.env['BERTH_ENDPOINT'] ?? `http://127.0.0.1:${process.env['BERTH_PORT'] ?? '7700'}` },
        interval: { type: 'string', default: '2' },
        once: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values
  } catch (error) {
    console.error(`berth top: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`)
    return 2
  }
  if (opts.help) {
    console.log(HELP)
    return 0
  }
  const intervalS = Number(opts.interval)
  if (!(intervalS > 0)) {
    console.error(`berth top: --interval must be a positive number of seconds, not '${opts.interval}'`)
    return 2
  }
  const endpoint = opts.endpoint
  if (opts.once) {
    try {
      const view = topViewOf(await fetchExposition(endpoint, process.env))
      process.stdout.write(renderTop(view, { endpoint, at: new Date() }).join('\n') + '\n')
      return 0
    } catch (error) {
      console.error(`berth top: ${reason(error)}`)
      return 1
    }
  }
  return loop(endpoint, intervalS * 1000)
}

/** Redraws a frame every interval until Ctrl-C; a failed scrape keeps the last view and says why. */
async function loop(endpoint: string, intervalMs: number): Promise<number> {
  const stop = new AbortController()
  const onSignal = () => stop.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const out = process.stdout
  out.write(HIDE_CURSOR + HOME + CLEAR_BELOW)
  let view = EMPTY
  try {
    while (!stop.signal.aborted) {
      let error: string | undefined
      try {
        view = topViewOf(await fetchExposition(endpoint, process.env, stop.signal))
      } catch (e) {
        if (stop.signal.aborted) break
        error = reason(e)
      }
      const width = out.columns || 200
      const lines = renderTop(view, { endpoint, at: new Date(), error }).slice(0, Math.max(1, (out.rows || 1000) - 1))
      out.write(HOME + lines.map((l) => l.slice(0, width) + CLEAR_LINE).join('\n') + '\n' + CLEAR_BELOW)
      await sleep(intervalMs, undefined, { signal: stop.signal }).catch(() => undefined)
    }
  } finally {
    out.write(SHOW_CURSOR)
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
  return 0
}

const reason = (error: unknown): string => {
  const e = error as { message?: string; cause?: { message?: string } }
  return [e.message ?? String(error), e.cause?.message].filter(Boolean).join(': ')
}
