import { readFileSync } from 'node:fs'
import { parsePolicy, PolicyError, userArn, type Identity, type Policy } from '../core/iam/index.js'
import { parseAccessKeys, UsageError } from './options.js'

/**
 * The keys file (`--keys-file keys.json`, BERTH_KEYS_FILE): access keys, who each one is, and
 * what it may do.
 *
 *   {
 *     "keys": [
 *       {
 *         "accessKeyId": "AKIDDEPLOY",
 *         "secretAccessKey": "...",
 *         "userName": "deployer",                  optional; default: the access key id
 *         "tags": { "team": "web" },               optional; aws:PrincipalTag/<key>
 *         "policy": { "Version": "2012-10-17",     optional; one IAM policy document or a
 *                     "Statement": [ ... ] }       list of them. None: the key may do everything
 *       }
 *     ]
 *   }
 *
 * The user's ARN, arn:aws:iam::<account>:user/<userName>, is the principal AccessDenied
 * messages name. Every policy is checked here, when Berth starts: one Berth would not evaluate
 * exactly as IAM does stops it with the reason, rather than run with a policy half understood.
 */
export interface AccessKeySet {
  /** Access key id → secret access key. */
  keys: Map<string, string>
  /** Access key id → who it is and its policies. */
  identities: Map<string, Identity>
}

const KEY_MEMBERS = new Set(['accessKeyId', 'secretAccessKey', 'userName', 'tags', 'policy'])
/** IAM user names: 1–64 of letters, digits and +=,.@_- */
const USER_NAME = /^[\w+=,.@-]{1,64}$/

export function parseKeysFile(text: string, accountId: string, source = 'keys file'): AccessKeySet {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${source} is not JSON: ${error instanceof Error ? error.message : String(error)}`)
  }
  const list = isObject(doc) && Array.isArray(doc['keys']) ? doc['keys'] : undefined
  if (!list || Object.keys(doc as object).some((k) => k !== 'keys')) throw new UsageError(`${source} must be an object with one member, "keys": a list of access keys`)
  const set: AccessKeySet = { keys: new Map(), identities: new Map() }
  list.forEach((entry: unknown, i) => {
    const where = `${source} keys[${i}]`
    const { id, secret, identity } = parseKey(entry, where, accountId)
    if (set.keys.has(id)) throw new UsageError(`${where}: access key ${id} is given twice`)
    set.keys.set(id, secret)
    set.identities.set(id, identity)
  })
  return set
}

function parseKey(entry: unknown, where: string, accountId: string): { id: string; secret: string; identity: Identity } {
  if (!isObject(entry)) throw new UsageError(`${where} must be an object with accessKeyId and secretAccessKey`)
  const unknown = Object.keys(entry).find((k) => !KEY_MEMBERS.has(k))
  if (unknown) throw new UsageError(`${where}: unknown member '${unknown}' (a key has ${[...KEY_MEMBERS].join(', ')})`)
  const id = entry['accessKeyId']
  const secret = entry['secretAccessKey']
  // The secret is never echoed: a pasted secret must not land in a terminal or a log.
  if (typeof id !== 'string' || id === '' || /[:,\s]/.test(id)) throw new UsageError(`${where}: accessKeyId must be a non-empty string without ':', ',' or spaces`)
  if (typeof secret !== 'string' || secret === '') throw new UsageError(`${where} (${id}): secretAccessKey must be a non-empty string`)
  const userName = entry['userName'] ?? id
  if (typeof userName !== 'string' || !USER_NAME.test(userName)) throw new UsageError(`${where} (${id}): userName must be 1-64 of letters, digits and +=,.@_-`)
  const tags = entry['tags'] ?? {}
  if (!isObject(tags) || Object.values(tags).some((v) => typeof v !== 'string')) throw new UsageError(`${where} (${id}): tags must map tag keys to string values`)
  return {
    id,
    secret,
    identity: {
      accessKeyId: id,
      userName,
      arn: userArn(accountId, userName),
      tags: tags as Record<string, string>,
      policies: parsePolicies(entry['policy'], `${where} (${id}) policy`),
    },
  }
}

function parsePolicies(raw: unknown, where: string): Policy[] | undefined {
  if (raw === undefined) return undefined
  const docs = Array.isArray(raw) ? raw : [raw]
  try {
    return docs.map((d, i) => parsePolicy(d, Array.isArray(raw) ? `${where}[${i}]` : where))
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(error.message)
    throw error
  }
}

/** Reads and parses the keys file at `path`. */
export function loadKeysFile(path: string, accountId: string): AccessKeySet {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read the keys file ${path}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return parseKeysFile(text, accountId, path)
}

/**
 * Every key Berth verifies: `--access-key` pairs (or BERTH_ACCESS_KEYS) with full access, and
 * the keys file's. A key in both must have the same secret; the file then says who it is.
 */
export function mergeAccessKeys(plain: ReadonlyMap<string, string>, file: AccessKeySet | undefined): AccessKeySet {
  const keys = new Map(plain)
  for (const [id, secret] of file?.keys ?? []) {
    if (keys.has(id) && keys.get(id) !== secret) throw new UsageError(`access key ${id} is given twice with different secrets`)
    keys.set(id, secret)
  }
  return { keys, identities: new Map(file?.identities ?? []) }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The keys a serving command verifies, from its flags, BERTH_ACCESS_KEYS and the keys file. */
export function accessKeysFromOptions(
  opts: { 'access-key'?: string[] | undefined; 'keys-file': string },
  envKeys: string | undefined,
  accountId: string,
): AccessKeySet {
  return mergeAccessKeys(parseAccessKeys(opts['access-key'], envKeys), opts['keys-file'] ? loadKeysFile(opts['keys-file'], accountId) : undefined)
}

/** Key ids that carry policies, for the start-up banner. */
export const keysWithPolicies = (set: AccessKeySet): Set<string> =>
  new Set([...set.identities].filter(([, identity]) => identity.policies !== undefined).map(([id]) => id))
