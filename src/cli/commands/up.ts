import { describeAuth, parse, parseAccessKeys, parseCount, parsePartition, parsePort, SERVER_OPTIONS, UsageError } from '../options.js'
import { serveUntilSignal } from '../serve.js'

const HELP = `usage: berth up [options]

Everything on one machine: the control plane with an embedded SQLite store, the cluster, and
--instances local agents (each a simulated host on its own loopback address).

  --cluster NAME    cluster to create at start (default 'default')
  --instances N     local agents to start (default 1; 0 starts none)
  --port N          port of the API (default 7700, BERTH_PORT)
  --host ADDR       address to listen on (default 127.0.0.1, BERTH_HOST)
  --data-dir DIR    where the SQLite store lives (default ./.berth, BERTH_DATA_DIR)
  --region R        region in every ARN (default us-east-1, BERTH_REGION)
  --account ID      account in every ARN (default 000000000000, BERTH_ACCOUNT_ID)
  --access-key AKID:SECRET
                    verify every request's SigV4 signature against this key pair;
                    repeatable (BERTH_ACCESS_KEYS=AKID:SECRET,AKID2:SECRET2). Without
                    any, all credentials are accepted

Unless --access-key is given, any AWS credentials are accepted. Point a client at the
endpoint it prints:
  aws ecs list-clusters --endpoint-url http://127.0.0.1:7700 --region us-east-1`

const UP_OPTIONS = {
  ...SERVER_OPTIONS,
  cluster: { type: 'string', default: process.env['ECS_CLUSTER'] ?? 'default' },
  instances: { type: 'string', default: '1' },
} as const

export async function runUp(argv: string[]): Promise<number> {
  try {
    const opts = parse(argv, UP_OPTIONS)
    if (opts.help) {
      console.log(HELP)
      return 0
    }
    const instances = parseCount('instances', opts.instances)
    if (instances > 0) {
      // Honest until the agent lands: say what is not running rather than pretend.
      console.warn(`berth up: local agents are not part of this build yet; serving the control plane with no instances`)
    }
    const accessKeys = parseAccessKeys(opts['access-key'], process.env['BERTH_ACCESS_KEYS'])
    return await serveUntilSignal(
      {
        host: opts.host,
        port: parsePort(opts.port),
        dataDir: opts['data-dir'],
        partition: parsePartition(opts.region, opts.account),
        accessKeys,
        clusters: [opts.cluster],
      },
      (endpoint) => [
        `berth up: API at ${endpoint} (region ${opts.region}, ${describeAuth(accessKeys)})`,
        `berth up: cluster '${opts.cluster}', ${instances} local instance(s), data in ${opts['data-dir']}`,
        `berth up: ready`,
      ],
    )
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`berth up: ${error.message}\n\n${HELP}`)
      return 2
    }
    throw error
  }
}
