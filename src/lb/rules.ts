import { compileCidrs } from './cidr.js'
import type { ActionConfig, ConditionConfig, RuleConfig } from './config.js'
import { compileWildcard, type StringMatcher } from './wildcard.js'

/**
 * Rule matching: a request → the first rule, by ascending priority, whose conditions all
 * match, or the default rule. Pure; the proxy hands in a view of the request, tests hand in
 * plain objects. Rules are compiled once per `apply` into predicates, so a request pays only
 * for the conditions it is tested against.
 */

/** What rules may look at. `path` excludes the query; header names are looked up lowercase. */
export interface RequestFacts {
  readonly method: string
  readonly path: string
  /** The raw query string without the `?`; empty when there is none. */
  readonly query: string
  /** The Host header as sent (may carry a port), or undefined. */
  readonly host: string | undefined
  /** The client's socket address. */
  readonly sourceIp: string
  /** Every value of a header, by its lowercase name (empty when absent). */
  headerValues(lowerName: string): readonly string[]
}

export interface CompiledRule<A> {
  /** The rule's ARN, or `default`. */
  readonly arn: string
  readonly priority: number
  readonly test: (facts: RequestFacts) => boolean
  readonly action: A
}

export interface RuleTable<A> {
  /** Ascending priority, the default rule last. */
  readonly rules: readonly CompiledRule<A>[]
}

export const DEFAULT_RULE = 'default'

/** Compiles a listener's rules; `compileAction` turns each action into what the proxy runs. */
export function compileRules<A>(rules: readonly RuleConfig[], defaultAction: ActionConfig, compileAction: (a: ActionConfig) => A): RuleTable<A> {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority)
  const compiled: CompiledRule<A>[] = sorted.map((r) => ({ arn: r.arn, priority: r.priority, test: compileConditions(r.conditions), action: compileAction(r.action) }))
  compiled.push({ arn: DEFAULT_RULE, priority: Infinity, test: () => true, action: compileAction(defaultAction) })
  return { rules: compiled }
}

/** The first matching rule: the default rule matches everything, so there always is one. */
export function matchRule<A>(table: RuleTable<A>, facts: RequestFacts): CompiledRule<A> {
  const rules = table.rules
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!
    if (rule.test(facts)) return rule
  }
  throw new Error('rule table without a default rule')
}

type Predicate = (facts: RequestFacts) => boolean

function compileConditions(conditions: readonly ConditionConfig[]): Predicate {
  const predicates = conditions.map(compileCondition)
  if (predicates.length === 0) return () => true
  if (predicates.length === 1) return predicates[0]!
  return (facts) => {
    for (let i = 0; i < predicates.length; i++) if (!predicates[i]!(facts)) return false
    return true
  }
}

function compileCondition(c: ConditionConfig): Predicate {
  switch (c.field) {
    case 'path-pattern': {
      const any = anyOf(c.values.map((v) => compileWildcard(v, false)))
      return (f) => any(f.path)
    }
    case 'host-header': {
      const any = anyOf(c.values.map((v) => compileWildcard(v, true)))
      return (f) => f.host !== undefined && any(hostName(f.host))
    }
    case 'http-header': {
      const name = c.headerName.toLowerCase()
      const any = anyOf(c.values.map((v) => compileWildcard(v, true)))
      return (f) => f.headerValues(name).some((v) => any(v.toLowerCase()))
    }
    case 'http-request-method': {
      const methods = new Set(c.values)
      return (f) => methods.has(f.method)
    }
    case 'query-string': {
      const pairs = c.values.map((v) => ({ key: v.key === undefined ? undefined : compileWildcard(decode(v.key), true), value: compileWildcard(decode(v.value), true) }))
      return (f) => f.query !== '' && queryMatches(f.query, pairs)
    }
    case 'source-ip': {
      const inBlocks = compileCidrs(c.values)
      return (f) => inBlocks(f.sourceIp)
    }
  }
}

function anyOf(matchers: readonly StringMatcher[]): StringMatcher {
  if (matchers.length === 1) return matchers[0]!
  return (s) => {
    for (let i = 0; i < matchers.length; i++) if (matchers[i]!(s)) return true
    return false
  }
}

/** The host name of a Host header, lowercase, without its port (`[::1]:80` → `[::1]`). */
export function hostName(host: string): string {
  const colon = host.lastIndexOf(':')
  const cut = colon !== -1 && host.indexOf(']', colon) === -1 && (host[0] !== '[' || host[colon - 1] === ']') ? host.slice(0, colon) : host
  return cut.toLowerCase()
}

/** True when some key=value pair of the query matches some configured pair (a missing key: any key). */
function queryMatches(query: string, pairs: readonly { key: StringMatcher | undefined; value: StringMatcher }[]): boolean {
  let start = 0
  while (start <= query.length) {
    let end = query.indexOf('&', start)
    if (end === -1) end = query.length
    if (end > start) {
      const eq = query.indexOf('=', start)
      const hasEq = eq !== -1 && eq < end
      const key = decode(query.slice(start, hasEq ? eq : end)).toLowerCase()
      const value = hasEq ? decode(query.slice(eq + 1, end)).toLowerCase() : ''
      for (const p of pairs) if ((p.key === undefined || p.key(key)) && p.value(value)) return true
    }
    start = end + 1
  }
  return false
}

/** URL-decodes a query component (`+` is a space); a malformed escape is compared as written. */
function decode(s: string): string {
  if (s.indexOf('%') === -1 && s.indexOf('+') === -1) return s
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}
