import type * as W from '../../../core/aws-model/elbv2.types.js'
import { ElbErrors } from '../../../core/errors.js'
import type { ConditionField, RuleCondition } from '../../../core/model/rule-condition.js'
import { LIMITS } from '../deps.js'

const CONFIG_OF: Record<ConditionField, keyof W.RuleCondition> = {
  'path-pattern': 'PathPatternConfig',
  'host-header': 'HostHeaderConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'query-string': 'QueryStringConfig',
  'source-ip': 'SourceIpConfig',
}
const FIELDS = Object.keys(CONFIG_OF) as ConditionField[]
/** "zero or one of … http-request-method, host-header, path-pattern, and source-ip" per rule. */
const AT_MOST_ONCE: readonly ConditionField[] = ['http-request-method', 'host-header', 'path-pattern', 'source-ip']

/**
 * A rule's conditions from the wire, in either form (the old `Values`, for host-header and
 * path-pattern only, one value; or the field's `*Config`), checked as ALB checks them and
 * normalised (pure). Throws ValidationError naming what is wrong.
 */
export function checkConditions(conditions: readonly W.RuleCondition[]): RuleCondition[] {
  const out = conditions.map(checkCondition)
  for (const field of AT_MOST_ONCE) {
    if (out.filter((c) => c.field === field).length > 1) throw ElbErrors.validation(`A rule can only have one '${field}' condition`)
  }
  const values = out.reduce((n, c) => n + c.values.length, 0)
  if (values > LIMITS.conditionValuesPerRule) throw ElbErrors.validation(`A rule can only have '${LIMITS.conditionValuesPerRule}' condition values`)
  const wildcards = out.reduce((n, c) => n + c.values.reduce((m, v) => m + countWildcards(typeof v === 'string' ? v : `${v.key ?? ''}${v.value}`), 0), 0)
  if (wildcards > LIMITS.conditionWildcardsPerRule) throw ElbErrors.validation(`A rule can only have '${LIMITS.conditionWildcardsPerRule}' wildcards`)
  return out
}

/** `*` and `?` that are not escaped with `\`. */
const countWildcards = (s: string) => (s.replace(/\\[*?]/g, '').match(/[*?]/g) ?? []).length

function checkCondition(c: W.RuleCondition): RuleCondition {
  const field = c.Field as ConditionField | undefined
  if (field === undefined) throw ElbErrors.validation('A condition field must be specified')
  if (!FIELDS.includes(field)) throw ElbErrors.validation(`Condition field '${String(c.Field)}' must be one of '[${FIELDS.join(', ')}]'`)
  const configName = CONFIG_OF[field]
  for (const other of FIELDS) {
    if (other !== field && c[CONFIG_OF[other]] !== undefined) {
      throw ElbErrors.validation(`You cannot provide '${CONFIG_OF[other]}' for a condition of type '${field}'`)
    }
  }
  const config = c[configName] as { Values?: unknown[] } | undefined
  if (c.Values !== undefined) {
    if (field !== 'path-pattern' && field !== 'host-header') throw ElbErrors.validation(`The 'Values' field is not compatible with '${field}'`)
    if (config !== undefined) throw ElbErrors.validation(`You cannot provide both Values and '${configName}' for a condition of type '${field}'`)
    if (c.Values.length !== 1) throw ElbErrors.validation(`The '${field}' field contains too many values; the limit is '1'`)
  } else if (config === undefined) {
    throw ElbErrors.validation(`A '${configName}' must be specified for a condition of type '${field}'`)
  }
  const values = (c.Values ?? config?.Values ?? []) as never[]
  if (values.length === 0) throw ElbErrors.validation(`A condition of type '${field}' must have at least one value`)
  switch (field) {
    case 'path-pattern':
      return { field, values: values.map((v: string) => checkValue(field, v, PATH_CHARS)) }
    case 'host-header':
      return { field, values: values.map((v: string) => checkHost(v)) }
    case 'http-request-method':
      return { field, values: values.map((v: string) => checkValue(field, v, /^[A-Z_-]{1,40}$/)) }
    case 'source-ip':
      return { field, values: values.map((v: string) => checkCidr(v)) }
    case 'http-header': {
      const name = c.HttpHeaderConfig?.HttpHeaderName
      if (name === undefined || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,40}$/.test(name)) {
        throw ElbErrors.validation(`The HTTP header name '${name ?? ''}' must be a token of 1 to 40 characters`)
      }
      if (name.toLowerCase() === 'host') throw ElbErrors.validation("You can't use an HTTP header condition to specify the host header; use a host-header condition")
      return { field, headerName: name, values: values.map((v: string) => checkValue(field, v, VISIBLE_ASCII)) }
    }
    case 'query-string':
      return {
        field,
        values: (values as W.QueryStringKeyValuePair[]).map((kv) => {
          if (kv.Value === undefined || kv.Value === '') throw ElbErrors.validation("A query string condition's value cannot be empty")
          checkValue(field, kv.Value, VISIBLE_ASCII)
          if (kv.Key !== undefined) checkValue(field, kv.Key, VISIBLE_ASCII)
          return { ...(kv.Key !== undefined ? { key: kv.Key } : {}), value: kv.Value }
        }),
      }
  }
}

/** ALB matches visible ASCII only; a path pattern's characters are A-Z a-z 0-9 _ - . $ / ~ " ' @ : + & and the wildcards. */
const PATH_CHARS = /^[A-Za-z0-9_\-.$/~"'@:+&*?]{1,128}$/
const VISIBLE_ASCII = /^[\x20-\x7e]{1,128}$/

function checkValue(field: string, value: string, pattern: RegExp): string {
  if (!pattern.test(value)) throw ElbErrors.validation(`Condition value '${value}' is not valid for a condition of type '${field}'`)
  return value
}

/** A-Z a-z 0-9 - . and the wildcards; at least one dot, only letters (or wildcards) after the last. */
function checkHost(value: string): string {
  const last = value.slice(value.lastIndexOf('.') + 1)
  if (!/^[A-Za-z0-9\-.*?]{1,128}$/.test(value) || !value.includes('.') || !/^[A-Za-z*?]+$/.test(last)) {
    throw ElbErrors.validation(`Condition value '${value}' is not a valid host name for a condition of type 'host-header'`)
  }
  return value
}

function checkCidr(value: string): string {
  const [ip, bits, ...rest] = value.split('/')
  const v4 = ip !== undefined && /^(\d{1,3})(\.\d{1,3}){3}$/.test(ip) && ip.split('.').every((o) => Number(o) <= 255)
  const v6 = ip !== undefined && ip.includes(':') && /^[0-9A-Fa-f:.]+$/.test(ip)
  const max = v4 ? 32 : 128
  if (rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > max || !(v4 || v6)) {
    throw ElbErrors.validation(`The source IP '${value}' must be a CIDR block, e.g. 10.0.0.0/16`)
  }
  if (value === '255.255.255.255/32') throw ElbErrors.validation("The source IP '255.255.255.255/32' is not allowed")
  return value
}
