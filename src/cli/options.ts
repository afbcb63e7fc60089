import { parseArgs, type ParseArgsConfig } from 'node:util'
import { DEFAULT_PARTITION, type Partition } from '../core/config.js'

/** Options every serving command shares, each also readable from a BERTH_* variable. */
export const SERVER_OPTIONS = {
  port: { type: 'string', default: process.env['BERTH_PORT'] ?? '7700' },
  host: { type: 'string', default: process.env['BERTH_HOST'] ?? '127.0.0.1' },
  'data-dir': { type: 'string', default: process.env['BERTH_DATA_DIR'] ?? './.berth' },
  region: { type: 'string', default: process.env['BERTH_REGION'] ?? DEFAULT_PARTITION.region },
  account: { type: 'string', default: process.env['BERTH_ACCOUNT_ID'] ?? DEFAULT_PARTITION.accountId },
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
