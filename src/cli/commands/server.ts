import { parse, SERVER_OPTIONS, UsageError } from '../options.js'
import { serveUntilSignal } from '../serve.js'
import { readServing, SERVING_HELP } from '../serving-options.js'

const HELP = `usage: berth server [options]

The control plane alone: the AWS-compatible API and the store, no local agents.

${SERVING_HELP}
  --join-token T    agents join with this token (BERTH_JOIN_TOKEN); without one, a
                    random token is made and printed, new on every start
  --scaling-period S
                    the period of the alarms target tracking creates (default 60, as
                    AWS's; 10 or 30 to try scaling policies locally, BERTH_SCALING_PERIOD)`

export async function runServer(argv: string[]): Promise<number> {
  try {
    const opts = parse(argv, SERVER_OPTIONS)
    if (opts.help) {
      console.log(HELP)
      return 0
    }
    const serving = readServing(opts, 'server')
    return await serveUntilSignal(
      { ...serving.plane, clusters: [] },
      (endpoint) => [`berth server: API at ${endpoint} (${serving.auth})`, ...describeJoin(endpoint, serving.madeJoinToken)],
      'berth server: ready',
    )
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`berth server: ${error.message}\n\n${HELP}`)
      return 2
    }
    throw error
  }
}

/**
 * How agents join, for the banner. A token the operator gave is never echoed (it may sit in a
 * shared terminal or log); a made one must be, or no agent could ever join.
 */
function describeJoin(endpoint: string, madeToken: string | undefined): string[] {
  if (madeToken === undefined) return ['berth server: agents join with the token given in --join-token (BERTH_JOIN_TOKEN)']
  return [
    `berth server: agents join with a token made for this run (give --join-token to keep one across restarts): BERTH_JOIN_TOKEN=${madeToken}`,
    `berth server:   on each host: berth agent --server ${endpoint} --join-token ${madeToken}   (or BERTH_JOIN_TOKEN in its environment or --config file)`,
  ]
}
