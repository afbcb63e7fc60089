import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parsePolicy, PolicyError } from './policy.js'

const statement = (s: Record<string, unknown>) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*', ...s }] })
const withCondition = (Condition: unknown) => statement({ Condition })

// Everything Berth would not evaluate exactly as IAM does is refused when the keys are loaded.
const REFUSED: Array<{ why: string; doc: unknown; message: RegExp }> = [
  { why: 'not an object', doc: [], message: /must be a JSON object/ },
  { why: 'an unknown top-level element', doc: { Version: '2012-10-17', Statement: [], Extra: 1 }, message: /unknown element 'Extra'/ },
  { why: 'an unknown version', doc: { Version: '2020-01-01', Statement: [] }, message: /Version must be 2012-10-17/ },
  { why: 'no statements', doc: { Version: '2012-10-17', Statement: [] }, message: /at least one statement/ },
  { why: 'a Principal (resource policies only)', doc: statement({ Principal: '*' }), message: /identity-based policy has no Principal/ },
  { why: 'an unknown statement element', doc: statement({ Actions: 'ecs:*' }), message: /unknown element 'Actions'/ },
  { why: 'a bad Effect', doc: statement({ Effect: 'allow' }), message: /Effect must be Allow or Deny/ },
  { why: 'both Action and NotAction', doc: statement({ NotAction: 'ecs:RunTask' }), message: /exactly one of Action or NotAction/ },
  { why: 'no Resource', doc: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*' }] }, message: /exactly one of Resource or NotResource/ },
  { why: 'an action with no service prefix', doc: statement({ Action: 'RunTask' }), message: /must look like ecs:RunTask/ },
  { why: 'an empty action list', doc: statement({ Action: [] }), message: /Action must be a string or a list/ },
  { why: 'a resource that is not an ARN', doc: statement({ Resource: 'cluster/web' }), message: /must be an ARN/ },
  { why: 'a policy variable in a resource', doc: statement({ Resource: 'arn:aws:ecs:*:*:cluster/${aws:username}' }), message: /policy variable/ },
  { why: 'an operator Berth does not evaluate', doc: withCondition({ NumericLessThan: { 'aws:username': '3' } }), message: /does not evaluate NumericLessThan/ },
  { why: 'a date operator', doc: withCondition({ DateGreaterThan: { 'aws:username': '2020-01-01' } }), message: /does not evaluate DateGreaterThan/ },
  { why: 'an IP operator', doc: withCondition({ IpAddress: { 'aws:username': '10.0.0.0/8' } }), message: /does not evaluate IpAddress/ },
  { why: 'a misspelt operator', doc: withCondition({ StringEqual: { 'aws:username': 'x' } }), message: /'StringEqual' is not a condition operator/ },
  { why: 'a bad set operator', doc: withCondition({ 'ForSomeValues:StringEquals': { 'aws:TagKeys': 'x' } }), message: /not a set operator/ },
  { why: 'a key Berth does not supply', doc: withCondition({ StringEquals: { 'aws:SourceIp': '10.0.0.1' } }), message: /does not supply the key 'aws:SourceIp'/ },
  { why: 'an ECS key Berth does not supply', doc: withCondition({ StringEquals: { 'ecs:task-cpu': '256' } }), message: /does not supply the key 'ecs:task-cpu'/ },
  { why: 'a multivalued key without a set operator', doc: withCondition({ StringEquals: { 'aws:TagKeys': 'team' } }), message: /ForAllValues:StringEquals or ForAnyValue:StringEquals/ },
  { why: 'Bool with a non-boolean', doc: withCondition({ Bool: { 'aws:SecureTransport': 'yes' } }), message: /takes true or false/ },
  { why: 'Null with a non-boolean', doc: withCondition({ Null: { 'aws:username': 'maybe' } }), message: /takes true or false/ },
  { why: 'an ARN condition value that is not an ARN', doc: withCondition({ ArnLike: { 'ecs:cluster': 'web' } }), message: /six parts/ },
  { why: 'a policy variable in a condition', doc: withCondition({ StringEquals: { 'aws:ResourceTag/owner': '${aws:username}' } }), message: /policy variable/ },
  { why: 'a condition value of the wrong type', doc: withCondition({ StringEquals: { 'aws:username': { a: 1 } } }), message: /must be a string, boolean or number/ },
]

describe('parsePolicy refuses, at load, what Berth would not evaluate as IAM does', () => {
  for (const row of REFUSED) {
    it(row.why, () => assert.throws(() => parsePolicy(row.doc, 'keys.json key AKID'), (e: unknown) => e instanceof PolicyError && row.message.test(e.message) && e.message.startsWith('keys.json key AKID')))
  }
})

describe('parsePolicy accepts', () => {
  it('a full document, normalising case, single values and booleans', () => {
    const policy = parsePolicy({
      Version: '2012-10-17',
      Id: 'deploy',
      Statement: {
        Sid: 'RunInWeb',
        Effect: 'Allow',
        Action: 'ECS:RunTask',
        Resource: 'arn:aws:ecs:us-east-1:000000000000:task-definition/web:*',
        Condition: { ArnEquals: { 'ecs:cluster': 'arn:aws:ecs:us-east-1:000000000000:cluster/web' }, Bool: { 'aws:SecureTransport': false } },
      },
    })
    assert.deepEqual(policy.statements[0], {
      label: 'policy Statement[0] (RunInWeb)',
      effect: 'Allow',
      actions: { not: false, patterns: ['ecs:runtask'] },
      resources: { not: false, patterns: ['arn:aws:ecs:us-east-1:000000000000:task-definition/web:*'] },
      conditions: [
        { operator: 'ArnEquals', base: 'ArnEquals', set: undefined, ifExists: false, key: 'ecs:cluster', values: ['arn:aws:ecs:us-east-1:000000000000:cluster/web'] },
        { operator: 'Bool', base: 'Bool', set: undefined, ifExists: false, key: 'aws:securetransport', values: ['false'] },
      ],
    })
  })

  it('${...} as literal text in a 2008-10-17 document, as IAM reads it', () => {
    const policy = parsePolicy({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:ecs:*:*:cluster/${x}' } })
    assert.deepEqual(policy.statements[0]?.resources.patterns, ['arn:aws:ecs:*:*:cluster/${x}'])
  })
})
