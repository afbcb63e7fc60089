import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { boto3Missing, cloudWatchBoto3 } from '../../testing/boto3.js'
import { startCloudWatchServer } from '../../testing/cloudwatch-server.js'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)

const python = (script: string, endpoint: string) => cloudWatchBoto3(SETUP, script, endpoint)
const SETUP = `
NOW = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
def at(s): return NOW + datetime.timedelta(seconds=s)
sent = []
cw.meta.events.register('before-send', lambda request, **kw: sent.append({k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}))
`

// botocore 1.43 speaks CloudWatch as JSON 1.0 (GraniteServiceVersion20100801.<Op>, query-compatible errors).
describe('CloudWatch metrics with boto3 (JSON 1.0)', { skip: boto3Missing }, () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  before(async () => {
    served = await startCloudWatchServer({ clock: new ManualClock(NOW) })
  })
  after(() => served.close())

  it('put_metric_data then list_metrics', async () => {
    const got = await python(
      `
cw.put_metric_data(Namespace='Berth/Boto', MetricData=[{'MetricName': 'Latency', 'Value': 1.5, 'Unit': 'Seconds', 'Dimensions': [{'Name': 'Api', 'Value': 'x'}]}])
out(cw.list_metrics(Namespace='Berth/Boto')['Metrics'])`,
      served.endpoint,
    )
    assert.deepEqual(got, [{ Namespace: 'Berth/Boto', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'x' }] }])
  })

  it('sends JSON 1.0; get_metric_statistics and get_metric_data answer datetimes', async () => {
    const got = await python(
      `
cw.put_metric_data(Namespace='Berth/Py', MetricData=[
  {'MetricName': 'Q', 'Timestamp': at(-125), 'Value': 4, 'Unit': 'Count'},
  {'MetricName': 'Q', 'Timestamp': at(-65), 'StatisticValues': {'SampleCount': 2, 'Sum': 10, 'Minimum': 4, 'Maximum': 6}, 'Unit': 'Count'}])
stats = cw.get_metric_statistics(Namespace='Berth/Py', MetricName='Q', StartTime=at(-300), EndTime=at(0), Period=60, Statistics=['Sum', 'SampleCount'])
data = cw.get_metric_data(StartTime=at(-300), EndTime=at(0), ScanBy='TimestampAscending', MetricDataQueries=[
  {'Id': 'q', 'MetricStat': {'Metric': {'Namespace': 'Berth/Py', 'MetricName': 'Q'}, 'Period': 60, 'Stat': 'Maximum'}},
  {'Id': 'twice', 'Expression': 'q * 2'}])
h = sent[0]
out({'wire': [h.get('Content-Type'), h.get('X-Amz-Target'), h.get('x-amzn-query-mode')],
     'stats': [[(p['Timestamp'] - NOW).total_seconds(), p['Sum'], p['SampleCount'], p['Unit']] for p in stats['Datapoints']],
     'data': [[r['Id'], r['Label'], [(t - NOW).total_seconds() for t in r['Timestamps']], r['Values'], r['StatusCode']] for r in data['MetricDataResults']]})`,
      served.endpoint,
    )
    assert.deepEqual(got, {
      wire: ['application/x-amz-json-1.0', 'GraniteServiceVersion20100801.PutMetricData', 'true'],
      stats: [[-180, 4, 1, 'Count'], [-120, 10, 2, 'Count']],
      data: [
        ['q', 'Q', [-180, -120], [4, 6], 'Complete'],
        ['twice', 'twice', [-180, -120], [8, 12], 'Complete'],
      ],
    })
  })

  it('a PutMetricData past 10 KiB arrives gzipped (the model asks for request compression) and is read', async () => {
    const got = await python(
      `
data = [{'MetricName': 'Big%03d' % i, 'Value': i, 'Dimensions': [{'Name': 'Host', 'Value': 'host-%03d' % i}]} for i in range(300)]
cw.put_metric_data(Namespace='Berth/Gzip', MetricData=data)
out([sent[-1].get('Content-Encoding'), len(cw.list_metrics(Namespace='Berth/Gzip')['Metrics'])])`,
      served.endpoint,
    )
    assert.deepEqual(got, ['gzip', 300])
  })

  it('errors map to the modeled exception classes through x-amzn-query-error', async () => {
    const got = await python(
      `
out(err(lambda: cw.put_metric_data(Namespace='Berth/Boto', MetricData=[{'MetricName': 'm', 'Value': 1, 'Values': [1.0]}])))`,
      served.endpoint,
    )
    assert.deepEqual(got, [
      'InvalidParameterCombinationException',
      'InvalidParameterCombination',
      'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.',
    ])
  })

  it('each refusal is its exception class and code', async () => {
    const got = await python(
      `
q = [{'Id': 'q', 'MetricStat': {'Metric': {'Namespace': 'N', 'MetricName': 'Q'}, 'Period': 60, 'Stat': 'Sum'}}]
out([
  err(lambda: cw.get_metric_statistics(Namespace='N', MetricName='Q', StartTime=at(-60), EndTime=at(0), Period=60)),
  err(lambda: cw.get_metric_statistics(Namespace='N', MetricName='Q', StartTime=at(-60), EndTime=at(0), Period=60, Statistics=['Sum'], ExtendedStatistics=['p99'])),
  err(lambda: cw.get_metric_data(StartTime=at(-60), EndTime=at(0), MetricDataQueries=q, NextToken='nope')),
  err(lambda: cw.get_metric_data(StartTime=at(-60), EndTime=at(0), MetricDataQueries=q + [{'Id': 'e', 'Expression': 'q +'}])),
  err(lambda: cw.list_metrics(OwningAccount='111122223333')),
])`,
      served.endpoint,
    )
    assert.deepEqual(got, [
      ['MissingRequiredParameterException', 'MissingParameter', 'Must specify either Statistics or ExtendedStatistics.'],
      [
        'InvalidParameterValueException',
        'InvalidParameterValue',
        'Berth does not support ExtendedStatistics: Berth keeps rollups (count, sum, minimum, maximum), not the distributions percentiles need; use Statistics.',
      ],
      ['InvalidNextToken', 'InvalidNextToken', 'The service cannot process the NextToken: it is not one this API gave out.'],
      ['ClientError', 'ValidationError', 'Error in expression e: The expression ends where a value was expected.'],
      ['InvalidParameterValueException', 'InvalidParameterValue', 'Berth does not support OwningAccount: Berth serves one account and has no cross-account observability.'],
    ])
  })
})
