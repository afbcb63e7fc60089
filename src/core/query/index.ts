export type { Condition, Expression, FieldName, Operator, Subject } from './ast.js'
export { FIELD_NAMES } from './ast.js'
export { evaluateQuery, type QueryTarget } from './evaluate.js'
export { MAX_EXPRESSION_LENGTH, QuerySyntaxError, parseQuery } from './parse.js'
