import type { TaskSources } from '../core/model/task-sources.js'
import { loadTaskSources, TaskSourcesError } from '../server/task-sources-file.js'
import { isIP } from 'node:net'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DEFAULT_PARTITION, type Partition } from '../core/config.js'

/** Options every serving command shares, each also readable from a BERTH_* variable. */
export const SERVER_OPTIONS = {
  port: { type: 'string', default: process.env['BERTH_PORT'] ?? '7700' },
  host: { type: 'string', default: process.env['BERTH_HOST'] ?? '127.0.0.1' },
  'data-dir': { type: 'string', default: process.env['BERTH_DATA_DIR'] ?? './.berth' },
  // HTTPS listeners' certificates, <id>.crt and <id>.key; empty means <data-dir>/certificates.
  'certificates-dir': { type: 'string', default: process.env['BERTH_CERTIFICATES_DIR'] ?? '' },
  // Where load-balancer listeners bind; every load balancer shares this address.
  'lb-address': { type: 'string', default: process.env['BERTH_LB_ADDRESS'] ?? '127.0.0.1' },
  region: { type: 'string', default: process.env['BERTH_REGION'] ?? DEFAULT_PARTITION.region },
  account: { type: 'string', default: process.env['BERTH_ACCOUNT_ID'] ?? DEFAULT_PARTITION.accountId },
  // Repeatable; when none is given, BERTH_ACCESS_KEYS is read instead (see parseAccessKeys).
  'access-key': { type: 'string', multiple: true },
  // Keys with users and IAM policies (src/cli/keys-file.ts).
  'keys-file': { type: 'string', default: process.env['BERTH_KEYS_FILE'] ?? '' },
  // Without keys, a non-loopback --host needs this said out loud (src/cli/network-safety.ts).
  'allow-open-credentials': { type: 'boolean', default: process.env['BERTH_ALLOW_OPEN_CREDENTIALS'] === '1' },
  // Agents join with it; berth server and berth up make one when none is given.
  'join-token': { type: 'string', default: process.env['BERTH_JOIN_TOKEN'] ?? '' },
  'agent-timeout': { type: 'string', default: process.env['BERTH_AGENT_TIMEOUT'] ?? '30' },
  // Target tracking's alarm period in seconds: AWS's 60, or less to try policies locally.
  'scaling-period': { type: 'string', default: process.env['BERTH_SCALING_PERIOD'] ?? '60' },
  // Tasks' secrets, environment files and registry credentials (src/server/task-sources-file.ts).
  'task-sources': { type: 'string', default: process.env['BERTH_TASK_SOURCES'] ?? '' },
  // Role ARN → the static credentials tasks with that role get (src/core/task-roles.ts).
  'task-roles-file': { type: 'string', default: process.env['BERTH_TASK_ROLES_FILE'] ?? '' },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options']

export class UsageError extends Error {}

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

export function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not '${value}'`)
  return port
}

/** An IP address to bind, such as --lb-address's. */
export function parseBindAddress(name: string, value: string): string {
  if (isIP(value) === 0) throw new UsageError(`--${name} must be an IP address such as 127.0.0.1 or 0.0.0.0, not '${value}'`)
  return value
}

export function parseCount(name: string, value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, not '${value}'`)
  return n
}

export function parsePartition(region: string, account: string): Partition {
  if (!/^[a-z0-9-]+$/.test(region)) throw new UsageError(`--region must look like us-east-1, not '${region}'`)
  if (!/^\d{12}$/.test(account)) throw new UsageError(`--account must be 12 digits, not '${account}'`)
  return { region, accountId: account }
}

/**
 * Access key pairs from `--access-key AKID:SECRET` (repeatable) or, when no flag is given,
 * from `BERTH_ACCESS_KEYS=AKID:SECRET,AKID2:SECRET2`. None means open: any credentials.
 * AWS key ids and secrets never hold ':' or ',', so the first ':' splits a pair.
 */
export function parseAccessKeys(flags: readonly string[] | undefined, env: string | undefined): Map<string, string> {
  const pairs = flags && flags.length > 0 ? flags : (env ?? '').split(',').filter((p) => p.trim() !== '')
  const keys = new Map<string, string>()
  pairs.forEach((pair, i) => {
    const colon = pair.indexOf(':')
    const id = pair.slice(0, colon).trim()
    const secret = pair.slice(colon + 1).trim()
    // The pair is never echoed: a pasted secret must not land in a terminal or a log.
    if (colon < 0 || id === '' || secret === '') {
      throw new UsageError(`access key pair ${i + 1} must be ACCESS_KEY_ID:SECRET_ACCESS_KEY`)
    }
    if (keys.has(id) && keys.get(id) !== secret) throw new UsageError(`access key ${id} is given twice with different secrets`)
    keys.set(id, secret)
  })
  return keys
}

/** For the start-up banner: the mode and the key ids (with policies or full access), never a secret. */
export const describeAuth = (keys: ReadonlyMap<string, string>, withPolicies: ReadonlySet<string> = new Set()): string =>
  keys.size === 0
    ? 'any credentials accepted'
    : `SigV4 signatures verified for access key ${[...keys.keys()].map((id) => (withPolicies.has(id) ? `${id} (policies)` : id)).join(', ')}`

/** --scaling-period: an alarm period CloudWatch allows below a minute (10 or 30, high resolution) or AWS's 60. */
export function parseScalingPeriod(value: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || ![10, 30, 60].includes(n)) throw new UsageError(`--scaling-period must be 10, 30 or 60 seconds, not '${value}'`)
  return n
}

/** --task-sources: the operator's file of secrets, parameters and S3 objects, read now; none when empty. */
export function loadTaskSourcesOption(path: string): TaskSources | undefined {
  if (!path) return undefined
  try {
    return loadTaskSources(path)
  } catch (e) {
    if (e instanceof TaskSourcesError) throw new UsageError(e.message)
    throw e
  }
}
