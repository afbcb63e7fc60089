import { newJoinToken } from '../core/agent-credentials.js'
import type { Partition } from '../core/config.js'
import type { ControlPlaneOptions } from '../server/control-plane.js'
import { accessKeysFromOptions, keysWithPolicies, type AccessKeySet } from './keys-file.js'
import { checkNetworkExposure } from './network-safety.js'
import type { parse, SERVER_OPTIONS } from './options.js'
import { describeAuth, loadTaskSourcesOption, parseBindAddress, parseCount, parsePartition, parsePort, parseScalingPeriod } from './options.js'
import { readTaskRolesFile } from './task-roles-file.js'

/**
 * `berth server` and `berth up` serve the same control plane: these are the options both take,
 * read once here so the two commands cannot drift apart. Each command adds its own (the
 * cluster and agents for up) and its own words for --join-token and --scaling-period.
 */
export const SERVING_HELP = `  --port N          port of the API (default 7700, BERTH_PORT)
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
  --agent-timeout S an agent silent this many seconds is marked disconnected (default 30)
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

/** The control plane's options as a serving command read them, and what its banner says of them. */
export interface Serving {
  /** Everything but what the command adds (clusters, Auto Scaling groups) and the logger. */
  plane: Omit<ControlPlaneOptions, 'logger' | 'clusters' | 'autoScalingGroups'>
  partition: Partition
  access: AccessKeySet
  /** The token agents present: the operator's, or one made for this run. */
  joinToken: string
  /** Set when the token was made here: the banner must show it, or no agent could join. */
  madeJoinToken?: string
  scalingPeriodSeconds: number
  /** How requests are authenticated, for the banner: never a secret. */
  auth: string
}

export type ServingOptionValues = ReturnType<typeof parse<typeof SERVER_OPTIONS>>

/**
 * Reads and checks the shared options (UsageError for a bad one), including the refusal to
 * serve openly on a network address (network-safety.ts).
 */
export function readServing(opts: ServingOptionValues, command: 'server' | 'up'): Serving {
  const partition = parsePartition(opts.region, opts.account)
  const access = accessKeysFromOptions(opts, process.env['BERTH_ACCESS_KEYS'], partition.accountId)
  checkNetworkExposure({ command, host: opts.host, open: access.keys.size === 0, allowOpen: opts['allow-open-credentials'] })
  const given = opts['join-token']
  const joinToken = given || newJoinToken()
  const scalingPeriodSeconds = parseScalingPeriod(opts['scaling-period'])
  return {
    plane: {
      host: opts.host,
      port: parsePort(opts.port),
      dataDir: opts['data-dir'],
      certificatesDir: opts['certificates-dir'],
      loadBalancerAddress: parseBindAddress('lb-address', opts['lb-address']),
      partition,
      accessKeys: access.keys,
      identities: access.identities,
      joinToken,
      agentSilenceTimeoutMs: parseCount('agent-timeout', opts['agent-timeout']) * 1000,
      scalingPeriodSeconds,
      taskSources: loadTaskSourcesOption(opts['task-sources']),
      taskRoles: readTaskRolesFile(opts['task-roles-file']),
    },
    partition,
    access,
    joinToken,
    ...(given ? {} : { madeJoinToken: joinToken }),
    scalingPeriodSeconds,
    auth: describeAuth(access.keys, keysWithPolicies(access)),
  }
}
