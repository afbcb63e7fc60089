import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { awsCli, awsCliMissing } from '../../testing/server.js'
import { startCloudWatchServer } from '../../testing/cloudwatch-server.js'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const iso = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString().replace('.000Z', 'Z')
// The CLI prints timestamps as ISO 8601 with an offset.
const shown = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString().replace('.000Z', '+00:00')

// CloudWatch's metric operations through Debian's aws CLI v2 (2.9.19), which speaks the query
// protocol (Action=…&Version=2010-08-01) and parses the XML with botocore's QueryParser.
describe('CloudWatch metrics with the aws CLI', { skip: awsCliMissing }, () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  before(async () => {
    served = await startCloudWatchServer({ clock: new ManualClock(NOW) })
    const data = [
      { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: iso(-300), Value: 10, Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: iso(-290), Values: [20, 30], Counts: [1, 2], Unit: 'Milliseconds' },
      { MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: iso(-200), StatisticValues: { SampleCount: 4, Sum: 8, Minimum: 1, Maximum: 3 }, Unit: 'Milliseconds' },
      { MetricName: 'Errors', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: iso(-300), Value: 1, Unit: 'Count' },
      { MetricName: 'Errors', Dimensions: [{ Name: 'Api', Value: 'orders' }], Timestamp: iso(-120), Value: 3, Unit: 'Count' },
      { MetricName: 'Hits', Timestamp: iso(-59), Value: 5, StorageResolution: 1 },
      { MetricName: 'Hits', Timestamp: iso(-58), Value: 7, StorageResolution: 1 },
    ]
    const put = await awsCli(served.endpoint, ['cloudwatch', 'put-metric-data', '--namespace', 'Berth/App', '--metric-data', JSON.stringify(data)])
    assert.equal(put.code, 0, put.stderr)
  })
  after(() => served.close())
  const cw = (...args: string[]) => awsCli(served.endpoint, ['cloudwatch', ...args])
  const refused = async (args: string[], code: string, message: RegExp) => {
    const res = await cw(...args)
    assert.equal(res.code, 254, res.stdout)
    assert.match(res.stderr, new RegExp(`An error occurred \\(${code}\\) when calling the \\w+ operation: ${message.source}`))
  }

  it('put-metric-data --dimensions then list-metrics finds the metric', async () => {
    const put = await cw('put-metric-data', '--namespace', 'Berth/Test', '--metric-name', 'Requests', '--value', '3', '--unit', 'Count', '--dimensions', 'Service=web,Stage=prod')
    assert.equal(put.code, 0, put.stderr)
    const list = await cw('list-metrics', '--namespace', 'Berth/Test')
    assert.equal(list.code, 0, list.stderr)
    assert.deepEqual(list.json, {
      Metrics: [{ Namespace: 'Berth/Test', MetricName: 'Requests', Dimensions: [{ Name: 'Service', Value: 'web' }, { Name: 'Stage', Value: 'prod' }] }],
    })
  })

  it('list-metrics filters by name and dimension, and --recently-active PT3H', async () => {
    const list = await cw('list-metrics', '--namespace', 'Berth/App', '--dimensions', 'Name=Api,Value=orders', '--recently-active', 'PT3H')
    assert.equal(list.code, 0, list.stderr)
    assert.deepEqual(
      (list.json as { Metrics: { MetricName: string }[] }).Metrics.map((m) => m.MetricName),
      ['Errors', 'Latency'],
    )
  })

  it('get-metric-statistics: every statistic per period, with its unit', async () => {
    const res = await cw(
      'get-metric-statistics', '--namespace', 'Berth/App', '--metric-name', 'Latency', '--dimensions', 'Name=Api,Value=orders',
      '--start-time', iso(-600), '--end-time', iso(0), '--period', '120', '--statistics', 'SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum',
    )
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(res.json, {
      Label: 'Latency',
      Datapoints: [
        { Timestamp: shown(-360), SampleCount: 4, Average: 22.5, Sum: 90, Minimum: 10, Maximum: 30, Unit: 'Milliseconds' },
        { Timestamp: shown(-240), SampleCount: 4, Average: 2, Sum: 8, Minimum: 1, Maximum: 3, Unit: 'Milliseconds' },
      ],
    })
  })

  it('get-metric-statistics of high-resolution data per second', async () => {
    const res = await cw('get-metric-statistics', '--namespace', 'Berth/App', '--metric-name', 'Hits', '--start-time', iso(-60), '--end-time', iso(0), '--period', '1', '--statistics', 'Sum')
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(res.json, { Label: 'Hits', Datapoints: [{ Timestamp: shown(-59), Sum: 5, Unit: 'None' }, { Timestamp: shown(-58), Sum: 7, Unit: 'None' }] })
  })

  it('get-metric-statistics refusals', async () => {
    const base = ['get-metric-statistics', '--namespace', 'Berth/App', '--metric-name', 'Latency']
    await refused([...base, '--start-time', iso(-86460), '--end-time', iso(0), '--period', '60', '--statistics', 'Sum'], 'InvalidParameterCombination', /You have requested up to 1,441 datapoints, which exceeds the limit of 1,440\./)
    await refused([...base, '--start-time', iso(-600), '--end-time', iso(0), '--period', '7', '--statistics', 'Sum'], 'InvalidParameterValue', /The parameter Period must be 1, 5, 10, 30, or a multiple of 60\./)
    await refused([...base, '--start-time', iso(0), '--end-time', iso(-600), '--period', '60', '--statistics', 'Sum'], 'InvalidParameterValue', /The parameter StartTime must be less than the parameter EndTime\./)
    await refused([...base, '--start-time', iso(-600), '--end-time', iso(0), '--period', '60', '--extended-statistics', 'p99'], 'InvalidParameterValue', /Berth does not support ExtendedStatistics: /)
  })

  it('get-metric-data: MetricStat, math over it, labels, ReturnData false, ScanBy', async () => {
    const queries = [
      { Id: 'lat', MetricStat: { Metric: { Namespace: 'Berth/App', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'orders' }] }, Period: 60, Stat: 'Sum' }, ReturnData: false },
      { Id: 'err', MetricStat: { Metric: { Namespace: 'Berth/App', MetricName: 'Errors', Dimensions: [{ Name: 'Api', Value: 'orders' }] }, Period: 60, Stat: 'Sum' } },
      { Id: 'ratio', Expression: 'FILL(err, 0) * 100 / SUM([lat, err])', Label: 'Error ratio' },
    ]
    const res = await cw('get-metric-data', '--metric-data-queries', JSON.stringify(queries), '--start-time', iso(-300), '--end-time', iso(0), '--scan-by', 'TimestampAscending')
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(res.json, {
      MetricDataResults: [
        { Id: 'err', Label: 'Errors', Timestamps: [shown(-300), shown(-120)], Values: [1, 3], StatusCode: 'Complete' },
        { Id: 'ratio', Label: 'Error ratio', Timestamps: [shown(-300), shown(-240), shown(-120)], Values: [100 / 91, 0, 100], StatusCode: 'Complete' },
      ],
      Messages: [],
    })
  })

  it('get-metric-data pages by --max-datapoints with NextToken', async () => {
    const queries = [{ Id: 'err', MetricStat: { Metric: { Namespace: 'Berth/App', MetricName: 'Errors', Dimensions: [{ Name: 'Api', Value: 'orders' }] }, Period: 60, Stat: 'Sum' } }]
    const args = ['get-metric-data', '--metric-data-queries', JSON.stringify(queries), '--start-time', iso(-300), '--end-time', iso(0), '--max-datapoints', '1', '--no-paginate']
    const first = await cw(...args)
    assert.equal(first.code, 0, first.stderr)
    const page1 = first.json as { MetricDataResults: { Values: number[]; StatusCode: string }[]; NextToken: string }
    assert.deepEqual(page1.MetricDataResults.map((r) => [r.Values, r.StatusCode]), [[[3], 'PartialData']])
    const second = await cw(...args, '--next-token', page1.NextToken)
    assert.equal(second.code, 0, second.stderr)
    const page2 = second.json as { MetricDataResults: { Values: number[]; StatusCode: string }[]; NextToken?: string }
    assert.deepEqual(page2.MetricDataResults.map((r) => [r.Values, r.StatusCode]), [[[1], 'Complete']])
    assert.equal(page2.NextToken, undefined)
  })

  it('get-metric-data refusals: bad expressions, duplicate Ids, unsupported statistics', async () => {
    const stat = { Metric: { Namespace: 'Berth/App', MetricName: 'Errors' }, Period: 60, Stat: 'Sum' }
    const run = (queries: unknown[]) => ['get-metric-data', '--metric-data-queries', JSON.stringify(queries), '--start-time', iso(-300), '--end-time', iso(0)]
    await refused(run([{ Id: 'a', MetricStat: stat }, { Id: 'e', Expression: 'a +' }]), 'ValidationError', /Error in expression e: The expression ends where a value was expected\./)
    await refused(run([{ Id: 'a', MetricStat: stat }, { Id: 'e', Expression: 'b * 2' }]), 'ValidationError', /Error in expression e: Unrecognized identifier b/)
    await refused(run([{ Id: 'a', MetricStat: stat }, { Id: 'a', Expression: 'a * 2' }]), 'ValidationError', /The values for parameter id in MetricDataQueries are not unique\./)
    await refused(run([{ Id: 'a', MetricStat: { ...stat, Stat: 'p99' } }]), 'InvalidParameterValue', /The value p99 for parameter MetricDataQueries.member.1.MetricStat.Stat is not one Berth answers/)
    await refused(run([{ Id: 'A', MetricStat: stat }]), 'ValidationError', /The value A for parameter MetricDataQueries.member.1.Id is invalid/)
  })

  it('put-metric-data refusals, each in CloudWatch\'s terms', async () => {
    await refused(['put-metric-data', '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization', '--value', '3'], 'InvalidParameterValue', /The value AWS\/ECS for parameter Namespace is invalid/)
    await refused(
      ['put-metric-data', '--namespace', 'N', '--metric-data', JSON.stringify([{ MetricName: 'm', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }])],
      'InvalidParameterCombination',
      /The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both\./,
    )
    await refused(
      ['put-metric-data', '--namespace', 'N', '--metric-data', JSON.stringify([{ MetricName: 'm', Values: [1, 2], Counts: [1] }])],
      'InvalidParameterValue',
      /The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size\./,
    )
    await refused(['put-metric-data', '--namespace', 'N', '--metric-name', 'm', '--value', '1', '--storage-resolution', '5'], 'InvalidParameterValue', /The value 5 for parameter MetricData.member.1.StorageResolution is invalid/)
    await refused(['put-metric-data', '--namespace', 'N', '--metric-name', 'm', '--value', '1', '--timestamp', iso(-15 * 86400)], 'InvalidParameterValue', /The parameter MetricData.member.1.Timestamp must specify a time no more than two weeks in the past\./)
    await refused(['put-metric-data', '--namespace', 'N', '--metric-name', 'm', '--value', '1', '--timestamp', iso(3 * 3600)], 'InvalidParameterValue', /The parameter MetricData.member.1.Timestamp must specify a time no more than two hours in the future\./)
    const list = await cw('list-metrics', '--namespace', 'N')
    assert.deepEqual(list.json, { Metrics: [] })
  })

  it('list-metrics --include-linked-accounts is refused by name', async () => {
    await refused(['list-metrics', '--include-linked-accounts'], 'InvalidParameterValue', /Berth does not support IncludeLinkedAccounts=true: /)
  })
})
