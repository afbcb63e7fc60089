import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EcsArns } from '../../../core/arn.js'
import { DEFAULT_PARTITION } from '../../../core/config.js'
import { serviceArnOf } from './service-ref.js'

describe('serviceArnOf', () => {
  const arns = new EcsArns(DEFAULT_PARTITION)
  const P = `arn:aws:ecs:${DEFAULT_PARTITION.region}:${DEFAULT_PARTITION.accountId}:`
  const rows: { why: string; ref: string; want: string }[] = [
    { why: 'a name, in the request cluster', ref: 'web', want: `${P}service/prod/web` },
    { why: 'the long ARN as it is', ref: `${P}service/prod/web`, want: `${P}service/prod/web` },
    { why: 'a long ARN of another cluster stays itself (and is not found in this one)', ref: `${P}service/other/web`, want: `${P}service/other/web` },
    { why: 'the old short ARN takes the request cluster', ref: `${P}service/web`, want: `${P}service/prod/web` },
    { why: 'another account: nothing Berth holds', ref: 'arn:aws:ecs:us-east-1:123456789012:service/web', want: 'arn:aws:ecs:us-east-1:123456789012:service/web' },
    { why: 'another resource type', ref: `${P}task/prod/abc`, want: `${P}task/prod/abc` },
  ]
  for (const r of rows) it(r.why, () => assert.equal(serviceArnOf(r.ref, { name: 'prod' }, { arns }), r.want))
})
