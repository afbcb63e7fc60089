/**
 * A rule condition, normalised from either wire form (the old `Values`, or the `*Config`
 * members): the data plane's ConditionConfig too (src/lb/config.ts), which documents how each matches.
 */
export type RuleCondition =
  | { field: 'path-pattern'; values: readonly string[] }
  | { field: 'host-header'; values: readonly string[] }
  | { field: 'http-header'; headerName: string; values: readonly string[] }
  | { field: 'http-request-method'; values: readonly string[] }
  | { field: 'query-string'; values: readonly { key?: string; value: string }[] }
  | { field: 'source-ip'; values: readonly string[] }

export type ConditionField = RuleCondition['field']
