import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { conditionContext } from './condition-keys.js'
import { evaluate, type Decision } from './evaluate.js'
import { parsePolicy } from './policy.js'

const ACCOUNT = '000000000000'
const arn = (resource: string) => `arn:aws:ecs:us-east-1:${ACCOUNT}:${resource}`
const WEB = arn('cluster/web')
const PROD = arn('cluster/prod')
const TD = arn('task-definition/web:3')

const allow = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Allow', Action, Resource, ...extra })
const deny = (Action: unknown, Resource: unknown = '*', extra: Record<string, unknown> = {}) => ({ Effect: 'Deny', Action, Resource, ...extra })
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement })

interface Row {
  why: string
  policies: unknown[]
  action: string
  resource: string
  context?: Record<string, string | string[]>
  want: Decision['effect'] | 'explicit-deny'
}

// One row per rule of IAM's evaluation of identity-based policies.
const ROWS: Row[] = [
  { why: 'no policy statement matches: denied by default', policies: [doc(allow('ecs:ListClusters'))], action: 'ecs:RunTask', resource: TD, want: 'deny' },
  { why: 'an empty policy list denies everything', policies: [], action: 'ecs:ListClusters', resource: '*', want: 'deny' },
  { why: 'an exact action on any resource', policies: [doc(allow('ecs:RunTask'))], action: 'ecs:RunTask', resource: TD, want: 'allow' },
  { why: 'action names ignore case', policies: [doc(allow('ECS:runtask'))], action: 'ecs:RunTask', resource: TD, want: 'allow' },
  { why: 'a prefix wildcard action', policies: [doc(allow('ecs:Describe*'))], action: 'ecs:DescribeServices', resource: arn('service/web/api'), want: 'allow' },
  { why: 'a prefix wildcard action does not reach other verbs', policies: [doc(allow('ecs:Describe*'))], action: 'ecs:DeleteService', resource: arn('service/web/api'), want: 'deny' },
  { why: 'a service wildcard', policies: [doc(allow('logs:*'))], action: 'logs:PutLogEvents', resource: '*', want: 'allow' },
  { why: 'a service wildcard stays in its service', policies: [doc(allow('logs:*'))], action: 'ecs:ListClusters', resource: '*', want: 'deny' },
  { why: '? in an action', policies: [doc(allow('ecs:?istClusters'))], action: 'ecs:ListClusters', resource: '*', want: 'allow' },
  { why: 'an action list: any entry', policies: [doc(allow(['ecs:ListClusters', 'ecs:RunTask']))], action: 'ecs:RunTask', resource: TD, want: 'allow' },
  { why: 'a resource ARN', policies: [doc(allow('ecs:DeleteCluster', WEB))], action: 'ecs:DeleteCluster', resource: WEB, want: 'allow' },
  { why: 'another resource ARN', policies: [doc(allow('ecs:DeleteCluster', WEB))], action: 'ecs:DeleteCluster', resource: PROD, want: 'deny' },
  { why: 'resource wildcards', policies: [doc(allow('ecs:RunTask', arn('task-definition/web:*')))], action: 'ecs:RunTask', resource: TD, want: 'allow' },
  { why: 'resource ? wildcard', policies: [doc(allow('ecs:RunTask', arn('task-definition/web:?')))], action: 'ecs:RunTask', resource: TD, want: 'allow' },
  { why: 'resource ARNs are case-sensitive', policies: [doc(allow('ecs:DeleteCluster', arn('cluster/WEB')))], action: 'ecs:DeleteCluster', resource: WEB, want: 'deny' },
  { why: 'an ARN Resource never matches a * resource (ListClusters names none)', policies: [doc(allow('ecs:ListClusters', arn('cluster/*')))], action: 'ecs:ListClusters', resource: '*', want: 'deny' },
  { why: 'NotAction allows everything else', policies: [doc({ Effect: 'Allow', NotAction: 'ecs:Delete*', Resource: '*' })], action: 'ecs:RunTask', resource: TD, want: 'allow' },
  { why: 'NotAction leaves out what it names', policies: [doc({ Effect: 'Allow', NotAction: 'ecs:Delete*', Resource: '*' })], action: 'ecs:DeleteCluster', resource: WEB, want: 'deny' },
  { why: 'NotResource allows every other resource', policies: [doc({ Effect: 'Allow', Action: 'ecs:*', NotResource: PROD })], action: 'ecs:DeleteCluster', resource: WEB, want: 'allow' },
  { why: 'NotResource leaves out what it names', policies: [doc({ Effect: 'Allow', Action: 'ecs:*', NotResource: PROD })], action: 'ecs:DeleteCluster', resource: PROD, want: 'deny' },
  { why: 'an explicit deny wins over an allow in the same policy', policies: [doc(allow('ecs:*'), deny('ecs:DeleteCluster', PROD))], action: 'ecs:DeleteCluster', resource: PROD, want: 'explicit-deny' },
  { why: 'an explicit deny wins over an allow in another policy', policies: [doc(allow('*')), doc(deny('ecs:Delete*'))], action: 'ecs:DeleteService', resource: arn('service/web/api'), want: 'explicit-deny' },
  { why: 'a deny for another resource leaves the allow', policies: [doc(allow('ecs:*'), deny('ecs:DeleteCluster', PROD))], action: 'ecs:DeleteCluster', resource: WEB, want: 'allow' },
  { why: 'a Deny alone is still a deny when it matches', policies: [doc(deny('ecs:RunTask'))], action: 'ecs:RunTask', resource: TD, want: 'explicit-deny' },
  {
    why: 'a condition that holds lets the allow apply',
    policies: [doc(allow('ecs:RunTask', '*', { Condition: { ArnEquals: { 'ecs:cluster': WEB } } }))],
    action: 'ecs:RunTask',
    resource: TD,
    context: { 'ecs:cluster': WEB },
    want: 'allow',
  },
  {
    why: 'a condition that fails leaves the request denied by default',
    policies: [doc(allow('ecs:RunTask', '*', { Condition: { ArnEquals: { 'ecs:cluster': WEB } } }))],
    action: 'ecs:RunTask',
    resource: TD,
    context: { 'ecs:cluster': PROD },
    want: 'deny',
  },
  {
    why: 'several operators in a block must all hold',
    policies: [doc(allow('ecs:RunTask', '*', { Condition: { ArnEquals: { 'ecs:cluster': WEB }, StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } }))],
    action: 'ecs:RunTask',
    resource: TD,
    context: { 'ecs:cluster': WEB, 'aws:RequestedRegion': 'us-east-1' },
    want: 'deny',
  },
  {
    why: 'a conditional deny that does not hold leaves the allow',
    policies: [doc(allow('ecs:*'), deny('ecs:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } }))],
    action: 'ecs:StopTask',
    resource: arn('task/web/abc'),
    context: { 'aws:ResourceTag/env': 'dev' },
    want: 'allow',
  },
  {
    why: 'a conditional deny that holds wins',
    policies: [doc(allow('ecs:*'), deny('ecs:*', '*', { Condition: { StringEquals: { 'aws:ResourceTag/env': 'prod' } } }))],
    action: 'ecs:StopTask',
    resource: arn('task/web/abc'),
    context: { 'aws:ResourceTag/env': 'prod' },
    want: 'explicit-deny',
  },
  { why: 'the full wildcard allows anything', policies: [doc(allow('*'))], action: 'elasticloadbalancing:DescribeTargetGroups', resource: '*', want: 'allow' },
  { why: 'a single Statement object (not a list)', policies: [{ Version: '2012-10-17', Statement: allow('ecs:ListClusters') }], action: 'ecs:ListClusters', resource: '*', want: 'allow' },
]

describe('evaluate (IAM identity-based policy evaluation)', () => {
  for (const row of ROWS) {
    it(`${row.want}: ${row.why}`, () => {
      const policies = row.policies.map((p) => parsePolicy(p))
      const decision = evaluate(policies, { action: row.action, resource: row.resource, context: conditionContext(row.context ?? {}) })
      const got = decision.effect === 'deny' && decision.explicit ? 'explicit-deny' : decision.effect
      assert.equal(got, row.want)
    })
  }

  it('names the statement that decided, by Sid when it has one', () => {
    const policies = [parsePolicy(doc({ Sid: 'ReadOnly', ...allow('ecs:List*') }, { Sid: 'NoProd', ...deny('ecs:*', PROD) }))]
    assert.deepEqual(evaluate(policies, { action: 'ecs:ListClusters', resource: '*', context: new Map() }), { effect: 'allow', statement: 'policy Statement[0] (ReadOnly)' })
    assert.deepEqual(evaluate(policies, { action: 'ecs:DeleteCluster', resource: PROD, context: new Map() }), {
      effect: 'deny',
      explicit: true,
      statement: 'policy Statement[1] (NoProd)',
    })
  })
})
