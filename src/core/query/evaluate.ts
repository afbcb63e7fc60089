import type { Condition, Expression, Subject } from './ast.js'
import { ATTRIBUTE_RULE, DATE_ONLY, FIELD_RULES, compareVersions, parseDate, type ValueKind } from './subjects.js'

/** What an expression can see of a container instance. Built by the caller, read-only here. */
export interface QueryTarget {
  ec2InstanceId?: string | undefined
  agentConnected: boolean
  agentVersion?: string | undefined
  /** Epoch milliseconds. */
  registeredAt: number
  runningTasksCount: number
  /** The `group` of every task on the instance that is not stopped. */
  taskGroups: readonly string[]
  attributes: readonly { name: string; value?: string | undefined }[]
}

/** Whether `target` is a member of the group `expr` describes. Pure. */
export function evaluateQuery(expr: Expression, target: QueryTarget): boolean {
  switch (expr.kind) {
    case 'and':
      return evaluateQuery(expr.left, target) && evaluateQuery(expr.right, target)
    case 'or':
      return evaluateQuery(expr.left, target) || evaluateQuery(expr.right, target)
    case 'not':
      return !evaluateQuery(expr.operand, target)
    case 'condition':
      return evaluateCondition(expr, target)
  }
}

/**
 * A subject can hold no value (an attribute the instance lacks, an instance with no tasks),
 * one, or several (task:group). `exists` asks whether there is any; every other operator asks
 * whether some value satisfies it. So a missing attribute satisfies neither `== x` nor `!= x`
 * — ECS's guide describes `attribute:stack != prod` as "instances with the attribute stack
 * unless its value is prod" — and `not(... == x)` is how to include instances without it.
 */
function evaluateCondition(c: Condition, target: QueryTarget): boolean {
  const values = subjectValues(c.subject, target)
  if (c.operator === 'exists') return values.length > 0
  if (c.operator === '!exists') return values.length === 0
  const kind = c.subject.kind === 'attribute' ? ATTRIBUTE_RULE.kind : FIELD_RULES[c.subject.name].kind
  return values.some((v) => satisfies(c, kind, v))
}

function satisfies(c: Condition, kind: ValueKind, value: string): boolean {
  const arg = c.values[0] ?? ''
  switch (c.operator) {
    case '==':
      return equal(kind, value, arg)
    case '!=':
      return !equal(kind, value, arg)
    case '>':
      return compare(kind, value, arg) > 0
    case '>=':
      return compare(kind, value, arg) >= 0
    case '<':
      return compare(kind, value, arg) < 0
    case '<=':
      return compare(kind, value, arg) <= 0
    case 'in':
      return c.values.some((a) => equal(kind, value, a))
    case '!in':
      return !c.values.some((a) => equal(kind, value, a))
    case '=~':
      return c.pattern!.test(value)
    case '!~':
      return !c.pattern!.test(value)
    case 'exists':
    case '!exists':
      return false // answered before, by whether there is a value at all
  }
}

function subjectValues(subject: Subject, t: QueryTarget): readonly string[] {
  if (subject.kind === 'attribute') {
    const found = t.attributes.find((a) => a.name === subject.name)
    // An attribute without a value (a capability such as ecs.capability.task-eni) exists and
    // compares as the empty string.
    return found ? [found.value ?? ''] : []
  }
  switch (subject.name) {
    case 'agentConnected':
      return [String(t.agentConnected)]
    case 'agentVersion':
      return t.agentVersion ? [t.agentVersion] : []
    case 'ec2InstanceId':
      return t.ec2InstanceId ? [t.ec2InstanceId] : []
    case 'registeredAt':
      return [new Date(t.registeredAt).toISOString()]
    case 'runningTasksCount':
      return [String(t.runningTasksCount)]
    case 'task:group':
      return t.taskGroups
  }
}

/** Equality is string equality ("String equality", says the guide) except for typed fields. */
function equal(kind: ValueKind, value: string, arg: string): boolean {
  if (kind === 'boolean') return value === arg.toLowerCase()
  if (kind === 'integer' || kind === 'version' || kind === 'date') return compare(kind, value, arg) === 0
  return value === arg
}

/**
 * Orders a value against an argument; NaN when they cannot be ordered, which fails every
 * comparison. Attributes order as numbers when both sides are numbers, else as strings.
 * A date-only argument compares whole UTC days: `registeredAt > 2018-02-13` means from the
 * 14th on, `== 2018-02-13` means during that day.
 */
function compare(kind: ValueKind, value: string, arg: string): number {
  switch (kind) {
    case 'integer':
      return Number(value) - Number(arg)
    case 'version':
      return compareVersions(value, arg)
    case 'date': {
      const ms = Date.parse(value)
      const at = parseDate(arg)
      if (at === undefined) return NaN
      return DATE_ONLY.test(arg) ? Math.floor(ms / DAY) - Math.floor(at / DAY) : ms - at
    }
    case 'attribute': {
      const a = Number(value)
      const b = Number(arg)
      if (value.trim() !== '' && arg.trim() !== '' && Number.isFinite(a) && Number.isFinite(b)) return a - b
      return value < arg ? -1 : value > arg ? 1 : 0
    }
    default:
      return value < arg ? -1 : value > arg ? 1 : 0
  }
}

const DAY = 24 * 60 * 60 * 1000
