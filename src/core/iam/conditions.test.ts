import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { conditionContext } from './condition-keys.js'
import { conditionHolds } from './conditions.js'
import { parsePolicy } from './policy.js'

const WEB = 'arn:aws:ecs:us-east-1:000000000000:cluster/web'
const PROD = 'arn:aws:ecs:us-east-1:000000000000:cluster/prod'

/** The one condition of a one-statement policy, parsed as a loaded keys file would be. */
function condition(operator: string, key: string, values: unknown) {
  const policy = parsePolicy({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { [operator]: { [key]: values } } } })
  return policy.statements[0]!.conditions[0]!
}

interface Row {
  operator: string
  key: string
  values: unknown
  /** The request's context; a key left out is absent. */
  context: Record<string, string | string[]>
  want: boolean
  why: string
}

const ROWS: Row[] = [
  // String operators.
  { operator: 'StringEquals', key: 'aws:RequestedRegion', values: 'us-east-1', context: { 'aws:RequestedRegion': 'us-east-1' }, want: true, why: 'equal' },
  { operator: 'StringEquals', key: 'aws:RequestedRegion', values: 'US-EAST-1', context: { 'aws:RequestedRegion': 'us-east-1' }, want: false, why: 'case-sensitive' },
  { operator: 'StringEquals', key: 'aws:RequestedRegion', values: ['eu-west-1', 'us-east-1'], context: { 'aws:RequestedRegion': 'us-east-1' }, want: true, why: 'a list of values is ORed' },
  { operator: 'StringEquals', key: 'aws:username', values: 'ci', context: {}, want: false, why: 'absent key: false' },
  { operator: 'StringEqualsIfExists', key: 'aws:username', values: 'ci', context: {}, want: true, why: 'IfExists: absent key holds' },
  { operator: 'StringEqualsIfExists', key: 'aws:username', values: 'ci', context: { 'aws:username': 'dev' }, want: false, why: 'IfExists: a present key is still compared' },
  { operator: 'StringNotEquals', key: 'aws:username', values: 'ci', context: { 'aws:username': 'dev' }, want: true, why: 'not equal' },
  { operator: 'StringNotEquals', key: 'aws:username', values: ['ci', 'dev'], context: { 'aws:username': 'dev' }, want: false, why: 'matches one of the list: not "not equal"' },
  { operator: 'StringNotEquals', key: 'aws:username', values: 'ci', context: {}, want: true, why: 'negated operator, absent key: true (IAM)' },
  { operator: 'StringEqualsIgnoreCase', key: 'aws:username', values: 'CI', context: { 'aws:username': 'ci' }, want: true, why: 'ignores case' },
  { operator: 'StringNotEqualsIgnoreCase', key: 'aws:username', values: 'CI', context: { 'aws:username': 'ci' }, want: false, why: 'ignores case, negated' },
  { operator: 'StringLike', key: 'aws:ResourceTag/team', values: 'web-*', context: { 'aws:ResourceTag/team': 'web-api' }, want: true, why: 'wildcard' },
  { operator: 'StringLike', key: 'aws:ResourceTag/team', values: 'web-?', context: { 'aws:ResourceTag/team': 'web-api' }, want: false, why: '? is one character' },
  { operator: 'StringNotLike', key: 'aws:ResourceTag/team', values: 'web-*', context: { 'aws:ResourceTag/team': 'db' }, want: true, why: 'not like' },
  { operator: 'StringNotLikeIfExists', key: 'aws:ResourceTag/team', values: 'web-*', context: {}, want: true, why: 'negated IfExists, absent' },
  { operator: 'StringEquals', key: 'aws:ResourceTag/Team', values: 'web', context: { 'aws:resourcetag/team': 'web' }, want: true, why: 'key names ignore case' },
  { operator: 'StringEquals', key: 'aws:PrincipalTag/team', values: 'web', context: { 'aws:PrincipalTag/team': 'web' }, want: true, why: 'principal tags' },
  { operator: 'StringEquals', key: 'aws:RequestTag/env', values: 'dev', context: { 'aws:RequestTag/env': 'prod' }, want: false, why: 'request tags' },
  { operator: 'StringEquals', key: 'ecs:ResourceTag/env', values: 'dev', context: { 'ecs:ResourceTag/env': 'dev' }, want: true, why: 'ECS’s own resource tag key' },
  { operator: 'StringEquals', key: 'ecs:CreateAction', values: 'CreateCluster', context: { 'ecs:CreateAction': 'CreateCluster' }, want: true, why: 'tag on create' },
  // ARN operators.
  { operator: 'ArnEquals', key: 'ecs:cluster', values: WEB, context: { 'ecs:cluster': WEB }, want: true, why: 'equal ARNs' },
  { operator: 'ArnEquals', key: 'ecs:cluster', values: 'arn:aws:ecs:*:*:cluster/web', context: { 'ecs:cluster': WEB }, want: true, why: 'ArnEquals takes wildcards as ArnLike does (IAM)' },
  { operator: 'ArnLike', key: 'ecs:cluster', values: 'arn:aws:ecs:*:*:cluster/web*', context: { 'ecs:cluster': PROD }, want: false, why: 'another cluster' },
  { operator: 'ArnNotEquals', key: 'ecs:cluster', values: PROD, context: { 'ecs:cluster': WEB }, want: true, why: 'not that ARN' },
  { operator: 'ArnNotLike', key: 'ecs:cluster', values: 'arn:aws:ecs:*:*:cluster/*', context: { 'ecs:cluster': WEB }, want: false, why: 'like it: not "not like"' },
  { operator: 'ArnLike', key: 'ecs:cluster', values: WEB, context: {}, want: false, why: 'absent key (ListClusters has no cluster)' },
  { operator: 'ArnLikeIfExists', key: 'ecs:cluster', values: WEB, context: {}, want: true, why: 'IfExists, absent' },
  { operator: 'ArnNotLike', key: 'ecs:cluster', values: WEB, context: {}, want: true, why: 'negated, absent' },
  { operator: 'ArnLike', key: 'aws:PrincipalArn', values: 'arn:aws:iam::*:user/ci-*', context: { 'aws:PrincipalArn': 'arn:aws:iam::000000000000:user/ci-deploy' }, want: true, why: 'principal ARN' },
  // Bool and Null.
  { operator: 'Bool', key: 'aws:SecureTransport', values: 'false', context: { 'aws:SecureTransport': 'false' }, want: true, why: 'bool equal' },
  { operator: 'Bool', key: 'aws:SecureTransport', values: true, context: { 'aws:SecureTransport': 'false' }, want: false, why: 'a JSON boolean, not equal' },
  { operator: 'Bool', key: 'aws:SecureTransport', values: 'true', context: {}, want: false, why: 'absent' },
  { operator: 'BoolIfExists', key: 'aws:SecureTransport', values: 'true', context: {}, want: true, why: 'IfExists, absent' },
  { operator: 'Null', key: 'aws:ResourceTag/team', values: 'true', context: {}, want: true, why: 'Null true: the key must be absent' },
  { operator: 'Null', key: 'aws:ResourceTag/team', values: 'true', context: { 'aws:ResourceTag/team': 'web' }, want: false, why: 'Null true, present' },
  { operator: 'Null', key: 'aws:ResourceTag/team', values: false, context: { 'aws:ResourceTag/team': 'web' }, want: true, why: 'Null false: the key must be present' },
  { operator: 'Null', key: 'aws:TagKeys', values: 'false', context: {}, want: false, why: 'Null false, absent (a multivalued key needs no set operator for Null)' },
  // Set operators over the multivalued aws:TagKeys.
  { operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['team', 'env'], context: { 'aws:TagKeys': ['team'] }, want: true, why: 'every key requested is allowed' },
  { operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['team', 'env'], context: { 'aws:TagKeys': ['team', 'owner'] }, want: false, why: 'one key is not allowed' },
  { operator: 'ForAllValues:StringEquals', key: 'aws:TagKeys', values: ['team'], context: {}, want: true, why: 'ForAllValues over no values holds (IAM)' },
  { operator: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['env'], context: { 'aws:TagKeys': ['team', 'env'] }, want: true, why: 'one key requested is in the list' },
  { operator: 'ForAnyValue:StringEquals', key: 'aws:TagKeys', values: ['env'], context: {}, want: false, why: 'ForAnyValue over no values fails' },
  { operator: 'ForAnyValue:StringEqualsIfExists', key: 'aws:TagKeys', values: ['env'], context: {}, want: true, why: 'ForAnyValue IfExists, absent' },
  { operator: 'ForAllValues:StringNotLike', key: 'aws:TagKeys', values: ['aws:*'], context: { 'aws:TagKeys': ['team', 'env'] }, want: true, why: 'no key looks reserved' },
  { operator: 'ForAnyValue:StringNotEquals', key: 'aws:TagKeys', values: ['team'], context: { 'aws:TagKeys': ['team'] }, want: false, why: 'no key is other than team' },
  { operator: 'ForAnyValue:StringLike', key: 'aws:RequestedRegion', values: 'us-*', context: { 'aws:RequestedRegion': 'us-east-1' }, want: true, why: 'a set operator on a single-valued key: a set of one' },
]

describe('condition operators', () => {
  for (const row of ROWS) {
    it(`${row.operator} ${row.key} ${JSON.stringify(row.values)} with ${JSON.stringify(row.context)} → ${row.want}: ${row.why}`, () => {
      assert.equal(conditionHolds(condition(row.operator, row.key, row.values), conditionContext(row.context)), row.want)
    })
  }
})
