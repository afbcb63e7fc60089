import type { RuleAction } from './rule-action.js'

/**
 * An ALB listener. The ELBv2 API is its only writer. Its default rule is not a row of the
 * rules table: it is this record's `defaultRuleArn` and `defaultActions`, so the default
 * actions have one home (ModifyListener's DefaultActions and ModifyRule on the default rule
 * both write them here).
 */
export interface ListenerRecord {
  arn: string
  loadBalancerArn: string
  port: number
  protocol: 'HTTP' | 'HTTPS'
  /** HTTPS only: the ACM ARN named, and the id the certificate files are named after (`<certificatesDir>/<id>.crt`, `.key`). */
  certificate?: { arn: string; id: string }
  /** HTTPS only: one of ELB's predefined policies (core/model/ssl-policies.ts); the listener's TLS follows it. */
  sslPolicy?: string
  defaultRuleArn: string
  defaultActions: readonly RuleAction[]
}
