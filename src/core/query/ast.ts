/**
 * The ECS cluster query language as a tree. `parseQuery` builds it, `evaluateQuery` reads it;
 * nothing else needs to know the text form.
 */
export type Expression =
  | { kind: 'and'; left: Expression; right: Expression }
  | { kind: 'or'; left: Expression; right: Expression }
  | { kind: 'not'; operand: Expression }
  | Condition

/** `subject operator [argument]`, the one leaf of the language. */
export interface Condition {
  kind: 'condition'
  subject: Subject
  operator: Operator
  /** None for exists/!exists, the list for in/!in, one value for the rest. */
  values: readonly string[]
  /** For =~ and !~: the argument compiled to match a whole value, as Java's String.matches does. */
  pattern?: ValuePattern
}

export type Subject = { kind: 'attribute'; name: string } | { kind: 'field'; name: FieldName }

/** The container instance fields ECS lets an expression select on (besides attributes). */
export const FIELD_NAMES = [
  'agentConnected',
  'agentVersion',
  'ec2InstanceId',
  'registeredAt',
  'runningTasksCount',
  'task:group',
] as const
export type FieldName = (typeof FIELD_NAMES)[number]

/** Operators in their symbolic form; the word forms (equals, not_in, ...) parse to these. */
export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | 'exists' | '!exists' | 'in' | '!in' | '=~' | '!~'

/** A compiled =~ pattern: RE2 (re2js), linear in the value whatever the pattern (parse.ts). */
export interface ValuePattern {
  test(value: string): boolean
}
