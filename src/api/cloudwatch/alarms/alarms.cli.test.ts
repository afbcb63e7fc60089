import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { putValue } from '../../../testing/metric-stores.js'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'
import { ManualTimers } from '../../../testing/timers.js'
import { waitFor } from '../../../testing/wait.js'

// The alarm operations through Debian's aws CLI v2 (query protocol), against the whole control
// plane on a ManualClock: the alarm evaluator runs among its controllers.
describe('CloudWatch alarms with the aws CLI', { skip: awsCliMissing }, () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 30, 21, 0, 30))
  const timers = new ManualTimers(clock)
  let server: TestServer
  before(async () => {
    server = await startTestServer({ clock, timers })
  })
  after(() => server.close())
  const cw = (...args: string[]) => awsCli(server.endpoint, ['cloudwatch', ...args])
  const ok = async (...args: string[]) => {
    const r = await cw(...args)
    assert.equal(r.code, 0, r.stderr)
    return r.json as Record<string, unknown>
  }
  const describeOne = async (name: string) => ((await ok('describe-alarms', '--alarm-names', name)).MetricAlarms as Record<string, unknown>[])[0]
  const METRIC = { namespace: 'Berth/Web', metricName: 'Latency', dimensions: [{ name: 'Service', value: 'web' }] }
  const putAlarm = (name: string, ...extra: string[]) =>
    ok(
      'put-metric-alarm',
      '--alarm-name', name,
      '--namespace', 'Berth/Web',
      '--metric-name', 'Latency',
      '--dimensions', 'Name=Service,Value=web',
      '--statistic', 'Average',
      '--period', '60',
      '--evaluation-periods', '2',
      '--threshold', '50',
      '--comparison-operator', 'GreaterThanThreshold',
      ...extra,
    )

  it('an alarm goes INSUFFICIENT_DATA → ALARM → OK as datapoints arrive, each change in its history', async () => {
    await putAlarm('latency-high', '--alarm-actions', 'arn:aws:sns:us-east-1:000000000000:ops', '--tags', 'Key=team,Value=web')
    const created = await describeOne('latency-high')
    assert.equal(created?.['StateValue'], 'INSUFFICIENT_DATA')
    assert.equal(created?.['StateReason'], 'Unchecked: Initial alarm creation')
    assert.equal(created?.['DatapointsToAlarm'], 2)
    assert.equal(created?.['TreatMissingData'], 'missing')
    assert.equal(created?.['AlarmArn'], 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:latency-high')

    putValue(server.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 0, 10), 80)
    putValue(server.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 1, 10), 90)
    timers.advance(92_000) // 21:02:02: the 21:02 boundary, settled
    const alarmed = await waitFor('ALARM', () => describeOne('latency-high'), (a) => a?.['StateValue'] === 'ALARM')
    assert.equal(
      alarmed?.['StateReason'],
      'Threshold Crossed: 2 out of the last 2 datapoints [90.0 (30/11/26 21:01:00), 80.0 (30/11/26 21:00:00)] were greater than the threshold (50.0) (minimum 2 datapoints for OK -> ALARM transition).',
    )

    putValue(server.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 2, 10), 20)
    timers.advance(60_000)
    await waitFor('OK', () => describeOne('latency-high'), (a) => a?.['StateValue'] === 'OK')

    const history = (await ok('describe-alarm-history', '--alarm-name', 'latency-high', '--scan-by', 'TimestampAscending')).AlarmHistoryItems as Record<string, unknown>[]
    assert.deepEqual(
      history.map((h) => [h['HistoryItemType'], h['HistorySummary']]),
      [
        ['ConfigurationUpdate', 'Alarm "latency-high" created'],
        ['StateUpdate', 'Alarm updated from INSUFFICIENT_DATA to ALARM'],
        ['StateUpdate', 'Alarm updated from ALARM to OK'],
      ],
    )
    const states = (await ok('describe-alarm-history', '--alarm-name', 'latency-high', '--history-item-type', 'StateUpdate', '--max-records', '1')) as {
      AlarmHistoryItems: Record<string, unknown>[]
      NextToken?: string
    }
    assert.equal(states.AlarmHistoryItems[0]?.['HistorySummary'], 'Alarm updated from ALARM to OK', 'newest first by default')
    assert.ok(states.NextToken)
  })

  it('set-alarm-state holds until the next evaluation, which decides from the data again', async () => {
    await ok('set-alarm-state', '--alarm-name', 'latency-high', '--state-value', 'ALARM', '--state-reason', 'testing the pager')
    const set = await describeOne('latency-high')
    assert.deepEqual([set?.['StateValue'], set?.['StateReason']], ['ALARM', 'testing the pager'])
    putValue(server.metrics, METRIC, Date.UTC(2026, 10, 30, 21, 3, 10), 10)
    timers.advance(60_000)
    await waitFor('OK again', () => describeOne('latency-high'), (a) => a?.['StateValue'] === 'OK')
  })

  it('describe-alarms filters by prefix, state and action prefix, and pages', async () => {
    await putAlarm('latency-low', '--ok-actions', 'arn:aws:sns:us-east-1:000000000000:quiet')
    // On a metric without data: it stays INSUFFICIENT_DATA (the others are evaluated OK at once).
    await ok('put-metric-alarm', '--alarm-name', 'other', '--namespace', 'Berth/Web', '--metric-name', 'Errors', '--statistic', 'Sum', '--period', '60',
      '--evaluation-periods', '1', '--threshold', '1', '--comparison-operator', 'GreaterThanOrEqualToThreshold')
    const names = async (...args: string[]) => ((await ok('describe-alarms', ...args)).MetricAlarms as { AlarmName: string }[]).map((a) => a.AlarmName)
    assert.deepEqual(await names('--alarm-name-prefix', 'latency-'), ['latency-high', 'latency-low'])
    assert.deepEqual(await names('--state-value', 'INSUFFICIENT_DATA'), ['other'])
    assert.deepEqual(await names('--action-prefix', 'arn:aws:sns:us-east-1:000000000000:quiet'), ['latency-low'])
    const first = (await ok('describe-alarms', '--max-records', '2', '--no-paginate')) as { MetricAlarms: { AlarmName: string }[]; NextToken: string }
    assert.deepEqual(first.MetricAlarms.map((a) => a.AlarmName), ['latency-high', 'latency-low'])
    const rest = (await ok('describe-alarms', '--max-records', '2', '--next-token', first.NextToken, '--no-paginate')) as { MetricAlarms: { AlarmName: string }[]; NextToken?: string }
    assert.deepEqual(rest.MetricAlarms.map((a) => a.AlarmName), ['other'])
    assert.equal(rest.NextToken, undefined)
    assert.deepEqual(await names('--page-size', '1'), ['latency-high', 'latency-low', 'other'], 'the CLI follows NextToken a page at a time')
    const forMetric = (await ok('describe-alarms-for-metric', '--namespace', 'Berth/Web', '--metric-name', 'Latency', '--dimensions', 'Name=Service,Value=web')).MetricAlarms as {
      AlarmName: string
    }[]
    assert.deepEqual(forMetric.map((a) => a.AlarmName), ['latency-high', 'latency-low'])
  })

  it('disable-alarm-actions and enable-alarm-actions flip ActionsEnabled', async () => {
    await ok('disable-alarm-actions', '--alarm-names', 'latency-low', 'nope')
    assert.equal((await describeOne('latency-low'))?.['ActionsEnabled'], false)
    await ok('enable-alarm-actions', '--alarm-names', 'latency-low')
    assert.equal((await describeOne('latency-low'))?.['ActionsEnabled'], true)
  })

  it('delete-alarms: a missing name is ResourceNotFound and nothing is deleted; then the alarms go, their history stays', async () => {
    const missing = await cw('delete-alarms', '--alarm-names', 'other', 'nope')
    assert.notEqual(missing.code, 0)
    assert.match(missing.stderr, /\(ResourceNotFound\) when calling the DeleteAlarms operation: 1 alarm not found: nope/)
    assert.ok(await describeOne('other'))
    await ok('delete-alarms', '--alarm-names', 'other')
    assert.equal(await describeOne('other'), undefined)
    const history = (await ok('describe-alarm-history', '--alarm-name', 'other')).AlarmHistoryItems as Record<string, unknown>[]
    assert.equal(history[0]?.['HistorySummary'], 'Alarm "other" deleted')
  })

  it('bad requests: CloudWatch’s errors, nothing stored', async () => {
    const math = await cw('put-metric-alarm', '--alarm-name', 'math', '--evaluation-periods', '1', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold',
      '--metrics', 'Id=m1,MetricStat={Metric={Namespace=N,MetricName=M},Period=60,Stat=Sum}')
    assert.match(math.stderr, /\(InvalidParameterValue\) when calling the PutMetricAlarm operation: .*Metrics.*metric math/)
    const period = await putAlarm('bad-period', '--period', '45')
      .then(() => '')
      .catch((e: Error) => e.message)
    assert.match(period, /Period is invalid: it must be 10, 20, 30 or a multiple of 60/)
    const m = await cw('put-metric-alarm', '--alarm-name', 'm-of-n', '--namespace', 'N', '--metric-name', 'M', '--statistic', 'Sum', '--period', '60',
      '--evaluation-periods', '2', '--datapoints-to-alarm', '3', '--threshold', '1', '--comparison-operator', 'GreaterThanThreshold')
    assert.match(m.stderr, /\(ValidationError\) when calling the PutMetricAlarm operation: DatapointsToAlarm must be between 1 and EvaluationPeriods/)
    const state = await cw('set-alarm-state', '--alarm-name', 'nope', '--state-value', 'OK', '--state-reason', 'x')
    assert.match(state.stderr, /\(ResourceNotFound\) when calling the SetAlarmState operation: Alarm nope not found/)
    assert.deepEqual(((await ok('describe-alarms', '--alarm-names', 'math', 'bad-period', 'm-of-n')).MetricAlarms as unknown[]).length, 0)
  })
})
