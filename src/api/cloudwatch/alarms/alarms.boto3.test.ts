import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startCloudWatchServer } from '../../../testing/cloudwatch-server.js'
import { boto3Missing, cloudWatchBoto3 } from '../../../testing/boto3.js'

const python = (script: string, endpoint: string) => cloudWatchBoto3(SETUP, script, endpoint)
const SETUP = `
def alarm(name, **kw):
    cw.put_metric_alarm(AlarmName=name, Namespace='Berth/Boto', MetricName='Queue', Statistic='Maximum', Period=60,
        EvaluationPeriods=3, DatapointsToAlarm=2, Threshold=10, ComparisonOperator='GreaterThanOrEqualToThreshold', **kw)
`

// botocore 1.43 speaks CloudWatch as JSON 1.0 (GraniteServiceVersion20100801.<Op>, query-compatible errors).
describe('CloudWatch alarms with boto3 (JSON 1.0)', { skip: boto3Missing }, () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  before(async () => {
    served = await startCloudWatchServer()
  })
  after(() => served.close())

  it('put_metric_alarm, describe_alarms (timestamps as datetimes), set_alarm_state, describe_alarm_history', async () => {
    const got = (await python(
      `
alarm('queue-deep', TreatMissingData='notBreaching', AlarmDescription='work piles up', Tags=[{'Key': 'team', 'Value': 'jobs'}])
a = cw.describe_alarms(AlarmNames=['queue-deep'])['MetricAlarms'][0]
cw.set_alarm_state(AlarmName='queue-deep', StateValue='ALARM', StateReason='drill', StateReasonData='{"drill": true}')
b = cw.describe_alarms(StateValue='ALARM')['MetricAlarms'][0]
h = cw.describe_alarm_history(AlarmName='queue-deep', HistoryItemType='StateUpdate')['AlarmHistoryItems'][0]
out({'state': a['StateValue'], 'reason': a['StateReason'], 'm': a['DatapointsToAlarm'], 'treat': a['TreatMissingData'], 'desc': a['AlarmDescription'],
     'updated': isinstance(a['StateUpdatedTimestamp'], datetime.datetime), 'composites': cw.describe_alarms(AlarmTypes=['CompositeAlarm'])['CompositeAlarms'],
     'after': [b['StateValue'], b['StateReason'], b['StateReasonData']], 'history': [h['HistorySummary'], h['AlarmType'], json.loads(h['HistoryData'])['newState']]})`,
      served.endpoint,
    )) as Record<string, unknown>
    assert.deepEqual(got, {
      state: 'INSUFFICIENT_DATA',
      reason: 'Unchecked: Initial alarm creation',
      m: 2,
      treat: 'notBreaching',
      desc: 'work piles up',
      updated: true,
      composites: [],
      after: ['ALARM', 'drill', '{"drill": true}'],
      history: ['Alarm updated from INSUFFICIENT_DATA to ALARM', 'MetricAlarm', { stateValue: 'ALARM', stateReason: 'drill', stateReasonData: { drill: true } }],
    })
  })

  it('errors map to the modeled exception classes', async () => {
    const got = await python(
      `
out([
  err(lambda: cw.delete_alarms(AlarmNames=['missing-one'])),
  err(lambda: cw.set_alarm_state(AlarmName='missing-one', StateValue='OK', StateReason='x')),
  err(lambda: alarm('p99', ExtendedStatistic='p99')),
  err(lambda: cw.put_metric_alarm(AlarmName='no-metric', EvaluationPeriods=1, Threshold=1, ComparisonOperator='GreaterThanThreshold')),
  err(lambda: alarm('bad-treatment', TreatMissingData='sometimes')),
])`,
      served.endpoint,
    )
    assert.deepEqual(got, [
      ['ResourceNotFound', 'ResourceNotFound', '1 alarm not found: missing-one'],
      ['ResourceNotFound', 'ResourceNotFound', 'Alarm missing-one not found'],
      [
        'InvalidParameterValueException',
        'InvalidParameterValue',
        'Berth does not support ExtendedStatistic: Berth keeps rollups (count, sum, minimum, maximum), not the distributions percentiles need; use Statistic.',
      ],
      ['MissingRequiredParameterException', 'MissingParameter', 'The parameter Namespace is required.'],
      [
        'InvalidParameterValueException',
        'InvalidParameterValue',
        'The value sometimes for parameter TreatMissingData is invalid: it must be one of missing, notBreaching, breaching, ignore.',
      ],
    ])
  })
})
