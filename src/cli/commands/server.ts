import { newJoinToken } from '../../core/agent-credentials.js'
import { readTaskRolesFile } from '../task-roles-file.js'
import { accessKeysFromOptions, keysWithPolicies } from '../keys-file.js'
import { checkNetworkExposure } from '../network-safety.js'
import { describeAuth, parseCount, parse, parsePartition, parsePort, parseBindAddress, SERVER_OPTIONS, UsageError, parseScalingPeriod, loadTaskSourcesOption } from '../options.js'
import { serveUntilSignal } from '../serve.js'

const HELP = `usage: berth server [options]

The control plane alone: the AWS-compatible API and the store, no local agents.

  --port N          port of the API (default 7700, BERTH_PORT)
  --host ADDR       address to listen on (default 127.0.0.1, BERTH_HOST)
  --data-dir DIR    where the SQLite store lives (default ./.berth, BERTH_DATA_DIR)
  --certificates-dir DIR
                    HTTPS listeners' certificates: arn:aws:acm:…:certificate/<id> is
                    <id>.crt and <id>.key here (default <data-dir>/certificates,
                    BERTH_CERTIFICATES_DIR)
  --lb-address ADDR where load-balancer listeners bind (default 127.0.0.1,
                    BERTH_LB_ADDRESS; 0.0.0.0 serves them to the network)
  --region R        region in every ARN (default us-east-1, BERTH_REGION)
  --account ID      account in every ARN (default 000000000000, BERTH_ACCOUNT_ID)
  --join-token T    agents join with this token (BERTH_JOIN_TOKEN); without one, a
                    random token is made and printed, new on every start
  --agent-timeout S an agent silent this many seconds is marked disconnected (default 30)
  --scaling-period S
                    the period of the alarms target tracking creates (default 60, as
                    AWS's; 10 or 30 to try scaling policies locally, BERTH_SCALING_PERIOD)
  --access-key AKID:SECRET
                    verify every request's SigV4 signature against this key pair;
                    repeatable (BERTH_ACCESS_KEYS=AKID:SECRET,AKID2:SECRET2). Without
                    any, all credentials are accepted
  --keys-file FILE  access keys with their users and IAM policies, JSON (BERTH_KEYS_FILE;
                    README: Access keys and policies)
  --task-roles-file FILE
                    role ARN → the static credentials tasks with that task role get
                    (BERTH_TASK_ROLES_FILE; JSON, see src/core/task-roles.ts). A task
                    whose role is not in it is refused
  --allow-open-credentials
                    serve with no access keys on a non-loopback --host
                    (BERTH_ALLOW_OPEN_CREDENTIALS=1); refused otherwise
  --task-sources FILE
                    tasks' secrets (SSM parameters, Secrets Manager secrets) and
                    environment files (S3 objects as local files), JSON
                    (BERTH_TASK_SOURCES; README: Secrets and environment files)`

export async function runServer(argv: string[]): Promise<number> {
  try {
    const opts = parse(argv, SERVER_OPTIONS)
    if (opts.help) {
      console.log(HELP)
      return 0
    }
    const partition = parsePartition(opts.region, opts.account)
    const access = accessKeysFromOptions(opts, process.env['BERTH_ACCESS_KEYS'], partition.accountId)
    const accessKeys = access.keys
    checkNetworkExposure({ command: 'server', host: opts.host, open: accessKeys.size === 0, allowOpen: opts['allow-open-credentials'] })
    const given = opts['join-token']
    const joinToken = given || newJoinToken()
    return await serveUntilSignal(
      {
        host: opts.host,
        port: parsePort(opts.port),
        dataDir: opts['data-dir'],
        certificatesDir: opts['certificates-dir'],
        loadBalancerAddress: parseBindAddress('lb-address', opts['lb-address']),
        partition,
        accessKeys,
        identities: access.identities,
        clusters: [],
        joinToken,
        agentSilenceTimeoutMs: parseCount('agent-timeout', opts['agent-timeout']) * 1000,
        scalingPeriodSeconds: parseScalingPeriod(opts['scaling-period']),
        taskSources: loadTaskSourcesOption(opts['task-sources']),
        taskRoles: readTaskRolesFile(opts['task-roles-file']),
      },
      (endpoint) => [`berth server: API at ${endpoint} (${describeAuth(accessKeys, keysWithPolicies(access))})`, ...describeJoin(endpoint, given ? undefined : joinToken)],
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
