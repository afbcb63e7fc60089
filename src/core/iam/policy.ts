import { conditionKeySpec, SUPPORTED_KEYS } from './condition-keys.js'
import { parseOperator, type Condition } from './conditions.js'

/**
 * An IAM identity-based policy document, checked and normalised: what the evaluator reads.
 * Everything a document may say that Berth would not evaluate exactly as IAM does is refused
 * here, when keys are loaded, with the statement and element it is in: never evaluated wrongly.
 */
export interface Policy {
  statements: readonly Statement[]
}

export interface Statement {
  /** For messages: the Sid, else `Statement[i]`. */
  label: string
  effect: 'Allow' | 'Deny'
  /** Lower-cased action patterns (`ecs:describe*`); `not`: NotAction. */
  actions: { not: boolean; patterns: readonly string[] }
  /** ARN patterns or `*`; `not`: NotResource. */
  resources: { not: boolean; patterns: readonly string[] }
  /** All must hold (operators, and keys within an operator, are ANDed). */
  conditions: readonly Condition[]
}

export class PolicyError extends Error {}

const VERSIONS = ['2012-10-17', '2008-10-17']
const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'])

/** Parses one policy document (a JSON value); throws PolicyError saying where it is wrong. */
export function parsePolicy(doc: unknown, where = 'policy'): Policy {
  if (!isObject(doc)) throw new PolicyError(`${where} must be a JSON object with Version and Statement`)
  for (const key of Object.keys(doc)) {
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement') throw new PolicyError(`${where}: unknown element '${key}'`)
  }
  // IAM reads a document without Version as 2008-10-17, where ${...} is literal text.
  const version = doc['Version'] ?? '2008-10-17'
  if (typeof version !== 'string' || !VERSIONS.includes(version)) throw new PolicyError(`${where}: Version must be 2012-10-17 (or 2008-10-17)`)
  const raw = doc['Statement']
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]
  if (list.length === 0) throw new PolicyError(`${where}: Statement must hold at least one statement`)
  return { statements: list.map((s, i) => parseStatement(s, `${where} Statement[${i}]`, version === '2012-10-17')) }
}

function parseStatement(s: unknown, where: string, variables: boolean): Statement {
  if (!isObject(s)) throw new PolicyError(`${where} must be an object`)
  for (const key of Object.keys(s)) {
    if (key === 'Principal' || key === 'NotPrincipal') throw new PolicyError(`${where}: an identity-based policy has no ${key}`)
    if (!STATEMENT_FIELDS.has(key)) throw new PolicyError(`${where}: unknown element '${key}'`)
  }
  const sid = s['Sid']
  if (sid !== undefined && typeof sid !== 'string') throw new PolicyError(`${where}: Sid must be a string`)
  const label = sid ? `${where} (${sid})` : where
  const effect = s['Effect']
  if (effect !== 'Allow' && effect !== 'Deny') throw new PolicyError(`${label}: Effect must be Allow or Deny`)
  const actions = oneOf(s, 'Action', 'NotAction', label)
  for (const a of actions.patterns) {
    if (a !== '*' && !/^[a-z0-9-]+:[^:]+$/i.test(a)) throw new PolicyError(`${label}: action '${a}' must look like ecs:RunTask, ecs:Describe* or *`)
  }
  const resources = oneOf(s, 'Resource', 'NotResource', label)
  for (const r of resources.patterns) {
    if (r !== '*' && !r.startsWith('arn:')) throw new PolicyError(`${label}: resource '${r}' must be an ARN (wildcards allowed) or *`)
    if (variables) refuseVariables(r, label)
  }
  return {
    label,
    effect,
    actions: { not: actions.not, patterns: actions.patterns.map((a) => a.toLowerCase()) },
    resources,
    conditions: parseConditions(s['Condition'], label, variables),
  }
}

/** Exactly one of Action/NotAction (Resource/NotResource): a string or a list of strings. */
function oneOf(s: Record<string, unknown>, name: string, notName: string, where: string): { not: boolean; patterns: string[] } {
  const has = s[name] !== undefined
  const hasNot = s[notName] !== undefined
  if (has === hasNot) throw new PolicyError(`${where}: give exactly one of ${name} or ${notName}`)
  const value = has ? s[name] : s[notName]
  const patterns = strings(value)
  if (!patterns || patterns.length === 0) throw new PolicyError(`${where}: ${has ? name : notName} must be a string or a list of strings`)
  return { not: hasNot, patterns }
}

function parseConditions(block: unknown, where: string, variables: boolean): Condition[] {
  if (block === undefined) return []
  if (!isObject(block)) throw new PolicyError(`${where}: Condition must be an object of operators`)
  const out: Condition[] = []
  for (const [operator, tests] of Object.entries(block)) {
    const parsed = parseOperator(operator)
    if (typeof parsed === 'string') throw new PolicyError(`${where}: Condition ${operator}: ${parsed}`)
    if (!isObject(tests)) throw new PolicyError(`${where}: Condition ${operator} must map condition keys to values`)
    for (const [key, raw] of Object.entries(tests)) {
      const spec = conditionKeySpec(key)
      if (!spec) throw new PolicyError(`${where}: Condition ${operator}: Berth does not supply the key '${key}' (it supplies ${SUPPORTED_KEYS})`)
      if (spec.multivalued && !parsed.set && parsed.base !== 'Null') {
        throw new PolicyError(`${where}: Condition ${operator}: '${key}' holds several values; use ForAllValues:${operator} or ForAnyValue:${operator}`)
      }
      let values = conditionValues(raw)
      if (!values) throw new PolicyError(`${where}: Condition ${operator} '${key}' must be a string, boolean or number, or a list of them`)
      if (parsed.base === 'Null' || parsed.base === 'Bool') {
        values = values.map((v) => v.toLowerCase())
        if (values.some((v) => v !== 'true' && v !== 'false')) throw new PolicyError(`${where}: Condition ${operator} '${key}' takes true or false`)
      }
      if (parsed.base.startsWith('Arn') && values.some((v) => v.split(':').length < 6)) {
        // A shorter value would match nothing, and a Deny using it would silently deny nothing.
        throw new PolicyError(`${where}: Condition ${operator} '${key}' takes ARNs of six parts (arn:partition:service:region:account:resource, wildcards allowed in each)`)
      }
      if (variables) values.forEach((v) => refuseVariables(v, where))
      out.push({ operator, ...parsed, key: key.toLowerCase(), values })
    }
  }
  return out
}

/** Policy variables (`${aws:username}`) would need substituting; Berth refuses rather than match them literally. */
function refuseVariables(value: string, where: string): void {
  if (value.includes('${')) throw new PolicyError(`${where}: '${value}' uses a policy variable, which Berth does not substitute`)
}

function conditionValues(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw]
  if (list.length === 0) return undefined
  const out: string[] = []
  for (const v of list) {
    if (typeof v === 'string') out.push(v)
    else if (typeof v === 'boolean' || typeof v === 'number') out.push(String(v))
    else return undefined
  }
  return out
}

function strings(value: unknown): string[] | undefined {
  const list = Array.isArray(value) ? value : [value]
  return list.every((v): v is string => typeof v === 'string' && v !== '') ? list : undefined
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
