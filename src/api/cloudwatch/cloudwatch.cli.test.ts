import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing } from '../../testing/server.js'
import { startCloudWatchServer } from '../../testing/cloudwatch-server.js'

// CloudWatch's metric operations through Debian's aws CLI v2 (2.9.19), which speaks the query
// protocol (Action=…&Version=2010-08-01) and parses the XML with botocore's QueryParser.
describe('CloudWatch metrics with the aws CLI', { skip: awsCliMissing }, () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  before(async () => {
    served = await startCloudWatchServer()
  })
  after(() => served.close())
  const cw = (...args: string[]) => awsCli(served.endpoint, ['cloudwatch', ...args])

  it('put-metric-data then list-metrics finds the metric with its dimensions', async () => {
    const put = await cw('put-metric-data', '--namespace', 'Berth/Test', '--metric-name', 'Requests', '--value', '3', '--unit', 'Count', '--dimensions', 'Service=web,Stage=prod')
    assert.equal(put.code, 0, put.stderr)
    const list = await cw('list-metrics', '--namespace', 'Berth/Test')
    assert.equal(list.code, 0, list.stderr)
    assert.deepEqual(list.json, {
      Metrics: [{ Namespace: 'Berth/Test', MetricName: 'Requests', Dimensions: [{ Name: 'Service', Value: 'web' }, { Name: 'Stage', Value: 'prod' }] }],
    })
  })

  it('put-metric-data into an AWS/ namespace: InvalidParameterValue', async () => {
    const put = await cw('put-metric-data', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization', '--value', '3')
    assert.equal(put.code, 254)
    assert.match(put.stderr, /An error occurred \(InvalidParameterValue\) when calling the PutMetricData operation: The value AWS\/ECS for parameter Namespace is invalid/)
  })
})
