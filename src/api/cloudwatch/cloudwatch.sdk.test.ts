import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListMetricsCommand,
  MissingRequiredParameterException,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch'
import { ManualClock } from '../../core/clock.js'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { TEST_CREDENTIALS } from '../../testing/server.js'
import { startCloudWatchServer } from '../../testing/cloudwatch-server.js'

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const at = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000)

// The JS SDK v3 speaks CloudWatch as JSON 1.0 (GraniteServiceVersion20100801.<Op>, epoch-second
// timestamps) and maps errors by __type, with the query code from x-amzn-query-error.
describe('CloudWatch metrics with the JS SDK (JSON 1.0)', () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  let cw: CloudWatchClient
  before(async () => {
    served = await startCloudWatchServer({ clock: new ManualClock(NOW) })
    cw = new CloudWatchClient({ endpoint: served.endpoint, region: DEFAULT_PARTITION.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })
    await cw.send(
      new PutMetricDataCommand({
        Namespace: 'Berth/Sdk',
        MetricData: [
          { MetricName: 'Cpu', Dimensions: [{ Name: 'Service', Value: 'web' }], Timestamp: at(-180), Value: 40, Unit: 'Percent' },
          { MetricName: 'Cpu', Dimensions: [{ Name: 'Service', Value: 'web' }], Timestamp: at(-170), Value: 60, Unit: 'Percent' },
          { MetricName: 'Cpu', Dimensions: [{ Name: 'Service', Value: 'api' }], Timestamp: at(-120), Values: [10, 20], Counts: [3, 1], Unit: 'Percent' },
        ],
      }),
    )
  })
  after(async () => {
    cw.destroy()
    await served.close()
  })

  it('ListMetrics with a dimension filter, sent as JSON 1.0', async () => {
    const sent: Record<string, string>[] = []
    const command = new ListMetricsCommand({ Namespace: 'Berth/Sdk', Dimensions: [{ Name: 'Service' }] })
    command.middlewareStack.add(
      (next) => async (args) => {
        sent.push((args.request as { headers: Record<string, string> }).headers)
        return next(args)
      },
      { step: 'finalizeRequest' },
    )
    const out = await cw.send(command)
    assert.equal(sent[0]?.['content-type'], 'application/x-amz-json-1.0')
    assert.equal(sent[0]?.['x-amz-target'], 'GraniteServiceVersion20100801.ListMetrics')
    assert.deepEqual(out.Metrics, [
      { Namespace: 'Berth/Sdk', MetricName: 'Cpu', Dimensions: [{ Name: 'Service', Value: 'api' }] },
      { Namespace: 'Berth/Sdk', MetricName: 'Cpu', Dimensions: [{ Name: 'Service', Value: 'web' }] },
    ])
  })

  it('GetMetricStatistics answers Dates and numbers', async () => {
    const out = await cw.send(
      new GetMetricStatisticsCommand({
        Namespace: 'Berth/Sdk',
        MetricName: 'Cpu',
        Dimensions: [{ Name: 'Service', Value: 'web' }],
        StartTime: at(-300),
        EndTime: at(0),
        Period: 60,
        Statistics: ['Average', 'Maximum'],
      }),
    )
    assert.deepEqual(out.Datapoints, [{ Timestamp: at(-180), Average: 50, Maximum: 60, Unit: 'Percent' }])
  })

  it('GetMetricData: an expression over METRICS()', async () => {
    const stat = (service: string) => ({ Metric: { Namespace: 'Berth/Sdk', MetricName: 'Cpu', Dimensions: [{ Name: 'Service', Value: service }] }, Period: 60, Stat: 'Average' })
    const out = await cw.send(
      new GetMetricDataCommand({
        StartTime: at(-300),
        EndTime: at(0),
        MetricDataQueries: [
          { Id: 'web', MetricStat: stat('web'), ReturnData: false },
          { Id: 'api', MetricStat: stat('api'), ReturnData: false },
          { Id: 'total', Expression: 'SUM(FILL(METRICS(), 0))', Label: 'Total' },
        ],
      }),
    )
    assert.deepEqual(
      out.MetricDataResults?.map((r) => ({ ...r, Timestamps: r.Timestamps?.map((t) => (t.getTime() - NOW) / 1000) })),
      [{ Id: 'total', Label: 'Total', Timestamps: [-60, -120, -180, -240, -300], Values: [0, 12.5, 50, 0, 0], StatusCode: 'Complete' }],
    )
  })

  it('errors arrive as the modeled exception classes', async () => {
    const cases: [() => Promise<unknown>, new (...args: never[]) => Error, RegExp][] = [
      [
        () => cw.send(new PutMetricDataCommand({ Namespace: 'AWS/ECS', MetricData: [{ MetricName: 'x', Value: 1 }] })),
        InvalidParameterValueException,
        /The value AWS\/ECS for parameter Namespace is invalid/,
      ],
      [
        () => cw.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'x', Value: 1, Values: [1] }] })),
        InvalidParameterCombinationException,
        /are mutually exclusive/,
      ],
      [
        () => cw.send(new GetMetricStatisticsCommand({ Namespace: 'N', MetricName: 'x', StartTime: at(-60), EndTime: at(0), Period: 60 })),
        MissingRequiredParameterException,
        /Must specify either Statistics or ExtendedStatistics\./,
      ],
    ]
    for (const [call, type, message] of cases) {
      await assert.rejects(call, (e: Error) => {
        assert.ok(e instanceof type, `${e.name}: ${e.message}`)
        assert.match(e.message, message)
        return true
      })
    }
  })
})
