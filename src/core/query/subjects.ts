import type { FieldName, Operator } from './ast.js'

export { ATTRIBUTE_NAME } from '../model/attribute.js'

/**
 * What each subject accepts, from the ECS "Cluster query language" guide: the operators it
 * lists per subject, and the argument forms a comparison needs to mean anything (a date for
 * registeredAt, an integer for runningTasksCount, a dotted version for agentVersion).
 */
const EQUALITY: readonly Operator[] = ['==', '!=', 'in', '!in', '=~', '!~']
const ORDERED: readonly Operator[] = ['==', '!=', '>', '>=', '<', '<=']
const ALL: readonly Operator[] = [...ORDERED, 'exists', '!exists', 'in', '!in', '=~', '!~']

/** The kind of value a subject holds decides how two values compare. */
export type ValueKind = 'string' | 'boolean' | 'version' | 'date' | 'integer' | 'attribute'

interface SubjectRule {
  operators: readonly Operator[]
  kind: ValueKind
}

export const FIELD_RULES: Readonly<Record<FieldName, SubjectRule>> = {
  agentConnected: { operators: EQUALITY, kind: 'boolean' },
  agentVersion: { operators: ORDERED, kind: 'version' },
  ec2InstanceId: { operators: EQUALITY, kind: 'string' },
  registeredAt: { operators: ORDERED, kind: 'date' },
  runningTasksCount: { operators: ORDERED, kind: 'integer' },
  // The guide lists no operators for task:group; its examples use == inside not(...).
  // Berth accepts the equality family and exists/!exists, evaluated over the instance's tasks.
  'task:group': { operators: [...EQUALITY, 'exists', '!exists'], kind: 'string' },
}

export const ATTRIBUTE_RULE: SubjectRule = { operators: ALL, kind: 'attribute' }

const INTEGER = /^-?\d+$/
const VERSION = /^\d+(\.\d+)*$/
/** 2018-06-18, 2018-06-18T22:28:28, with an optional fraction, and Z or ±hh:mm. */
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** Why an argument cannot be compared with a subject of this kind, or undefined when it can. */
export function argumentProblem(kind: ValueKind, value: string): string | undefined {
  switch (kind) {
    case 'integer':
      return INTEGER.test(value) ? undefined : `'${value}' is not an integer`
    case 'version':
      return VERSION.test(value) ? undefined : `'${value}' is not a version such as 1.14.5`
    case 'date':
      return parseDate(value) === undefined
        ? `'${value}' is not a date such as 2018-06-18, 2018-06-18T22:28:28 or 2018-06-18T22:28:28Z`
        : undefined
    default:
      return undefined
  }
}

/** Epoch milliseconds of a query date; a date without a zone is UTC. */
export function parseDate(value: string): number | undefined {
  if (!DATE.test(value)) return undefined
  const zoned = DATE_ONLY.test(value) || /(Z|[+-]\d{2}:\d{2})$/.test(value) ? value : `${value}Z`
  const ms = Date.parse(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : zoned)
  return Number.isNaN(ms) ? undefined : ms
}

/** Compares dotted versions part by part as numbers: 1.9.0 < 1.14.5. Missing parts are 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number)
  const pb = b.split('.').map(Number)
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return Math.sign(d)
  }
  return 0
}
