import type { ConditionContext } from './condition-keys.js'
import { matchesArn, matchesWildcard } from './wildcard.js'

/**
 * The condition operators Berth evaluates, each with IAM's semantics. Negated operators
 * (`...Not...`) are true when no policy value matches, and true when the key is absent
 * (IAM: "If the policy condition requires that the key is not matched ... and the right key is
 * not present, the condition is true"); the others are false when the key is absent.
 */
interface OperatorSpec {
  negated: boolean
  /** Does one context value match one policy value? */
  match: (policyValue: string, contextValue: string) => boolean
}

const equals = (p: string, v: string) => p === v
const equalsIgnoreCase = (p: string, v: string) => p.toLowerCase() === v.toLowerCase()

const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  StringEquals: { negated: false, match: equals },
  StringNotEquals: { negated: true, match: equals },
  StringEqualsIgnoreCase: { negated: false, match: equalsIgnoreCase },
  StringNotEqualsIgnoreCase: { negated: true, match: equalsIgnoreCase },
  StringLike: { negated: false, match: matchesWildcard },
  StringNotLike: { negated: true, match: matchesWildcard },
  // IAM compares ARNs part by part with wildcards for both the Equals and the Like forms.
  ArnEquals: { negated: false, match: matchesArn },
  ArnLike: { negated: false, match: matchesArn },
  ArnNotEquals: { negated: true, match: matchesArn },
  ArnNotLike: { negated: true, match: matchesArn },
  Bool: { negated: false, match: equalsIgnoreCase },
}

/** Operators IAM has that Berth refuses at load rather than evaluate: none of its keys are numbers, dates, IPs or binary. */
const NOT_EVALUATED = /^(Numeric|Date|IpAddress|NotIpAddress|Binary)/

export type SetOperator = 'ForAllValues' | 'ForAnyValue'

/** One key test of a Condition block: `"StringLike": {"ecs:cluster": ["arn:...:cluster/web*"]}`. */
export interface Condition {
  /** As written in the policy, for messages: `ForAnyValue:StringLikeIfExists`. */
  operator: string
  /** The operator without its set prefix and IfExists suffix; `Null` is its own. */
  base: string
  set: SetOperator | undefined
  ifExists: boolean
  /** Lower-cased. */
  key: string
  values: readonly string[]
}

/** Splits `ForAnyValue:StringLikeIfExists` into its parts; a message when Berth does not evaluate it. */
export function parseOperator(operator: string): { base: string; set: SetOperator | undefined; ifExists: boolean } | string {
  const colon = operator.indexOf(':')
  const prefix = colon < 0 ? undefined : operator.slice(0, colon)
  if (prefix !== undefined && prefix !== 'ForAllValues' && prefix !== 'ForAnyValue') {
    return `'${prefix}' is not a set operator (ForAllValues or ForAnyValue)`
  }
  let base = colon < 0 ? operator : operator.slice(colon + 1)
  const ifExists = base !== 'Null' && base.endsWith('IfExists')
  if (ifExists) base = base.slice(0, -'IfExists'.length)
  if (base === 'Null') return prefix ? `Null takes no set operator` : { base, set: undefined, ifExists: false }
  if (Object.hasOwn(OPERATORS, base)) return { base, set: prefix as SetOperator | undefined, ifExists }
  if (NOT_EVALUATED.test(base)) return `Berth does not evaluate ${base} conditions`
  return `'${base}' is not a condition operator`
}

/** Whether one condition holds for a request's context. */
export function conditionHolds(c: Condition, context: ConditionContext): boolean {
  const present = context.get(c.key)
  if (c.base === 'Null') {
    // "true": the key must be absent; "false": it must be present.
    const wantAbsent = c.values.some((v) => v.toLowerCase() === 'true')
    return wantAbsent === (present === undefined)
  }
  const spec = OPERATORS[c.base]
  if (!spec) return false // parseOperator refused it at load; never reached
  const one = (v: string) => {
    const matched = c.values.some((p) => spec.match(p, v))
    return spec.negated ? !matched : matched
  }
  if (present === undefined || present.length === 0) {
    // ForAllValues holds vacuously over no values; ForAnyValue finds none.
    if (c.set) return c.set === 'ForAllValues' || c.ifExists
    return c.ifExists || spec.negated
  }
  if (c.set === 'ForAllValues') return present.every(one)
  if (c.set === 'ForAnyValue') return present.some(one)
  // Single-valued keys only reach here (multivalued ones need a set operator at load).
  return one(present[0]!)
}
