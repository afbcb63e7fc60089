import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { requestLabels } from './request-labels.js'
import { MAX_OPERATION_SERIES, timedRouter } from './timed-router.js'

const json = (target: string) => ({ headers: { 'x-amz-target': target }, body: Buffer.from('{}') })
const form = (body: string) => ({ headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: Buffer.from(body) })

describe('requestLabels', () => {
  const rows = [
    { why: 'ECS, JSON 1.1', req: json('AmazonEC2ContainerServiceV20141113.RunTask'), want: { api: 'ecs', operation: 'RunTask' } },
    { why: 'Logs', req: json('Logs_20140328.PutLogEvents'), want: { api: 'logs', operation: 'PutLogEvents' } },
    { why: "CloudWatch's JSON 1.0 form", req: json('GraniteServiceVersion20100801.GetMetricData'), want: { api: 'cloudwatch', operation: 'GetMetricData' } },
    { why: 'ELBv2 query, Action after Version', req: form('Version=2015-12-01&Action=DescribeLoadBalancers'), want: { api: 'elbv2', operation: 'DescribeLoadBalancers' } },
    { why: 'CloudWatch query', req: form('Action=PutMetricData&Namespace=x&Version=2010-08-01'), want: { api: 'cloudwatch', operation: 'PutMetricData' } },
    { why: 'an API Berth does not serve: no made-up api label', req: json('Made_Up.Thing'), want: { api: 'unknown', operation: 'unknown' } },
    { why: 'an unknown query Version', req: form('Version=1999-01-01&Action=X'), want: { api: 'unknown', operation: 'unknown' } },
    { why: 'an operation that is not a name', req: json('AmazonEC2ContainerServiceV20141113.{"x"}'), want: { api: 'ecs', operation: 'unknown' } },
    { why: 'no protocol at all', req: { headers: {}, body: Buffer.alloc(0) }, want: { api: 'unknown', operation: 'unknown' } },
  ]
  for (const { why, req, want } of rows) it(why, () => assert.deepEqual(requestLabels(req), want))
})

describe('timedRouter', () => {
  it('times every request, and past the cap counts new operations as other', async () => {
    const seen: string[] = []
    const router = timedRouter({ handle: async () => ({ status: 200, headers: {}, body: '' }) }, (l) => seen.push(`${l.api}.${l.operation}`))
    for (let i = 0; i <= MAX_OPERATION_SERIES; i++) await router.handle({ method: 'POST', path: '/', ...json(`AmazonEC2ContainerServiceV20141113.Op${i}`) })
    await router.handle({ method: 'POST', path: '/', ...json('AmazonEC2ContainerServiceV20141113.Op0') })
    assert.equal(seen.length, MAX_OPERATION_SERIES + 2)
    assert.equal(seen[MAX_OPERATION_SERIES], 'ecs.other', 'one pair too many')
    assert.equal(seen.at(-1), 'ecs.Op0', 'a pair seen before keeps its series')
  })

  it('times a request that throws too', async () => {
    const seen: number[] = []
    const router = timedRouter({ handle: () => Promise.reject(new Error('boom')) }, (_l, s) => seen.push(s))
    await assert.rejects(router.handle({ method: 'POST', path: '/', ...json('Logs_20140328.X') }))
    assert.equal(seen.length, 1)
  })
})
