import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { systemClock } from '../../core/clock.js'
import { createFakeQueryServices, type FakeQueryServices } from '../../testing/fake-query-services.js'
import { awsCli, awsCliMissing, serveRouter, TEST_CREDENTIALS } from '../../testing/server.js'
import { createRouter } from '../router.js'
import { createAuthenticator } from './authenticate.js'

// The query plumbing driven by Debian's aws CLI v2, which sends forms and parses the XML with
// botocore's QueryParser: through fake operations over the real ELBv2 and CloudWatch models.
describe('query protocol with the aws CLI', { skip: awsCliMissing }, () => {
  let fakes: FakeQueryServices
  let served: Awaited<ReturnType<typeof serveRouter>>
  before(async () => {
    fakes = createFakeQueryServices()
    // Verify mode, so every call here also proves the CLI's form-body signatures check out.
    const keys = new Map([[TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey]])
    const authenticate = createAuthenticator({ mode: 'verify', keys }, systemClock, 'us-east-1')
    served = await serveRouter(createRouter({ json: [], query: [fakes.elbv2, fakes.cloudwatch], authenticate }))
  })
  after(() => served.close())

  const lastInput = (operation: string) => fakes.inputs.filter((i) => i.operation === operation).at(-1)?.input

  it('elbv2 describe-target-groups: the CLI parses the XML into typed values', async () => {
    const res = await awsCli(served.endpoint, ['elbv2', 'describe-target-groups'])
    assert.equal(res.code, 0, res.stderr)
    const { TargetGroups } = res.json as { TargetGroups: Array<Record<string, unknown>> }
    assert.equal(TargetGroups.length, 2)
    assert.deepEqual(TargetGroups[0], {
      TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web-tg/73e2d6bc24d8a067',
      TargetGroupName: 'web-tg',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: 'vpc-00000000',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200-399' },
      LoadBalancerArns: [],
      TargetType: 'ip',
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    })
    assert.equal(TargetGroups[1]?.['HealthCheckEnabled'], false)
    assert.deepEqual(TargetGroups[1]?.['LoadBalancerArns'], ['arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/50dc6c495c0c9188'])
  })

  it('elbv2 describe-target-groups --names: the form list reaches the operation as a list', async () => {
    const res = await awsCli(served.endpoint, ['elbv2', 'describe-target-groups', '--names', 'api-tg', 'web-tg'])
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(lastInput('DescribeTargetGroups'), { Names: ['api-tg', 'web-tg'] })
    assert.deepEqual((res.json as { TargetGroups: Array<{ TargetGroupName: string }> }).TargetGroups.map((t) => t.TargetGroupName), ['web-tg', 'api-tg'])
  })

  it('an XML error reaches the CLI with the model’s code (TargetGroupNotFound) and exit 254', async () => {
    const res = await awsCli(served.endpoint, ['elbv2', 'describe-target-groups', '--names', 'nope'])
    assert.equal(res.code, 254)
    assert.match(res.stderr, /An error occurred \(TargetGroupNotFound\) when calling the DescribeTargetGroups operation: One or more target groups not found/)
  })

  it('an escaped error message comes back whole', async () => {
    const res = await awsCli(served.endpoint, ['elbv2', 'modify-target-group', '--target-group-arn', 'a', '--health-check-path', '/a&b'])
    assert.equal(res.code, 254)
    assert.match(res.stderr, /\(InvalidConfigurationRequest\) when calling the ModifyTargetGroup operation: Health check path <\/a&b> & "friends" are not allowed/)
  })

  it('cloudwatch get-metric-statistics: timestamps, integers, nested lists in; timestamps, doubles, maps out', async () => {
    const res = await awsCli(served.endpoint, [
      'cloudwatch', 'get-metric-statistics',
      '--namespace', 'AWS/ECS', '--metric-name', 'CPUUtilization',
      '--dimensions', 'Name=ClusterName,Value=default', 'Name=ServiceName,Value=web',
      '--start-time', '2024-01-01T00:00:00Z', '--end-time', '2024-01-01T01:00:00Z',
      '--period', '60', '--statistics', 'Average', '--extended-statistics', 'p99',
    ])
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(lastInput('GetMetricStatistics'), {
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'ClusterName', Value: 'default' }, { Name: 'ServiceName', Value: 'web' }],
      StartTime: 1704067200,
      EndTime: 1704070800,
      Period: 60,
      Statistics: ['Average'],
      ExtendedStatistics: ['p99'],
    })
    assert.deepEqual(res.json, {
      Label: 'CPUUtilization',
      Datapoints: [
        { Timestamp: '2024-01-01T00:00:00+00:00', Average: 12.5, Unit: 'Percent', ExtendedStatistics: { p99: 97.25 } },
        { Timestamp: '2024-01-01T00:01:00.500000+00:00', Average: 0.000001, Unit: 'Percent' },
      ],
    })
  })

  it('a wrong secret is refused in XML as SignatureDoesNotMatch', async () => {
    const res = await awsCli(served.endpoint, ['cloudwatch', 'put-metric-data', '--namespace', 'App', '--metric-name', 'm', '--value', '1'], {
      ...TEST_CREDENTIALS,
      secretAccessKey: 'wrong',
    })
    assert.equal(res.code, 254)
    assert.match(res.stderr, /An error occurred \(SignatureDoesNotMatch\) when calling the PutMetricData operation/)
  })

  it('cloudwatch put-metric-data: an operation with no output exits 0', async () => {
    const res = await awsCli(served.endpoint, ['cloudwatch', 'put-metric-data', '--namespace', 'App', '--metric-name', 'm', '--value', '1.5', '--unit', 'Count'])
    assert.equal(res.code, 0, res.stderr)
    assert.deepEqual(lastInput('PutMetricData'), { Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1.5, Unit: 'Count' }] })
  })
})
