import cloudwatchModel from '../core/aws-model/cloudwatch.json' with { type: 'json' }
import type * as Cw from '../core/aws-model/cloudwatch.types.js'
import elbv2Model from '../core/aws-model/elbv2.json' with { type: 'json' }
import type * as Elb from '../core/aws-model/elbv2.types.js'
import { ApiError } from '../core/errors.js'
import { createQueryService, type QueryService } from '../api/protocols/query-protocol.js'
import type { ServiceModel } from '../api/shapes/model.js'
import { createAuthorizer, type AuthorizationTable } from '../api/iam/index.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'

/**
 * Query services with a few fake operations over the real ELBv2 and CloudWatch models, to
 * prove the query plumbing with real clients before any real operation exists. Each records
 * the inputs it was given, so a test can see what the form parser built.
 */
export const WEB_TG: Elb.TargetGroup = {
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
}

const API_TG: Elb.TargetGroup = {
  ...WEB_TG,
  TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/api-tg/0123456789abcdef',
  TargetGroupName: 'api-tg',
  Port: 8080,
  HealthCheckEnabled: false,
  LoadBalancerArns: ['arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/web/50dc6c495c0c9188'],
}

export interface FakeQueryServices {
  elbv2: QueryService
  cloudwatch: QueryService
  /** Every input an operation was called with, in order, by operation name. */
  inputs: Array<{ operation: string; input: unknown }>
}

/**
 * ELBv2's authorization for the fake operations, after AWS's reference for Elastic Load
 * Balancing v2: Describe* name no resource; CreateTargetGroup acts on the group it creates.
 */
const ELBV2_AUTHORIZATION: AuthorizationTable<null> = {
  DescribeTargetGroups: () => [{ action: 'elasticloadbalancing:DescribeTargetGroups', resource: '*' }],
  CreateTargetGroup: (input: Elb.CreateTargetGroupInput) => [
    { action: 'elasticloadbalancing:CreateTargetGroup', resource: `arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/${input.Name}/*` },
  ],
  ModifyTargetGroup: (input: Elb.ModifyTargetGroupInput) => [{ action: 'elasticloadbalancing:ModifyTargetGroup', resource: input.TargetGroupArn }],
}

export function createFakeQueryServices(logError: (error: unknown, where: string) => void = () => {}): FakeQueryServices {
  const inputs: FakeQueryServices['inputs'] = []
  const record = (operation: string, input: unknown) => inputs.push({ operation, input })
  // The fakes keep no state: the store is only where a policy's resource tags would be looked up.
  const authorize = createAuthorizer({
    table: ELBV2_AUTHORIZATION,
    names: null,
    store: new SqliteStore({ path: ':memory:' }),
    region: 'us-east-1',
    prefix: 'elasticloadbalancing',
    omitWildcardResource: true,
  })

  const elbv2 = createQueryService(
    {
      model: elbv2Model as unknown as ServiceModel,
      invalidParameter: (message) => new ApiError('ValidationError', message),
      authorize,
      operations: {
        async DescribeTargetGroups(input: Elb.DescribeTargetGroupsInput): Promise<Elb.DescribeTargetGroupsOutput> {
          record('DescribeTargetGroups', input)
          const all = [WEB_TG, API_TG]
          if (!input.Names) return { TargetGroups: all }
          const found = all.filter((tg) => input.Names?.includes(tg.TargetGroupName ?? ''))
          if (found.length < input.Names.length) {
            // The shape name, as operations will throw it; the protocol answers the model's code.
            throw new ApiError('TargetGroupNotFoundException', 'One or more target groups not found')
          }
          return { TargetGroups: found }
        },
        async CreateTargetGroup(input: Elb.CreateTargetGroupInput): Promise<Elb.CreateTargetGroupOutput> {
          record('CreateTargetGroup', input)
          if (input.Name === 'boom') throw new Error('a bug in an operation')
          return { TargetGroups: [WEB_TG] }
        },
        async ModifyTargetGroup(input: Elb.ModifyTargetGroupInput): Promise<Elb.ModifyTargetGroupOutput> {
          record('ModifyTargetGroup', input)
          throw new ApiError('InvalidConfigurationRequestException', `Health check path <${input.HealthCheckPath}> & "friends" are not allowed`)
        },
      },
    },
    logError,
  )

  const cloudwatch = createQueryService(
    {
      model: cloudwatchModel as unknown as ServiceModel,
      invalidParameter: (message) => new ApiError('InvalidParameterValueException', message),
      operations: {
        async GetMetricStatistics(input: Cw.GetMetricStatisticsInput): Promise<Cw.GetMetricStatisticsOutput> {
          record('GetMetricStatistics', input)
          return {
            Label: input.MetricName,
            Datapoints: [
              { Timestamp: input.StartTime, Average: 12.5, Unit: 'Percent', ExtendedStatistics: { p99: 97.25 } },
              { Timestamp: input.StartTime + 60.5, Average: 0.000001, Unit: 'Percent' },
            ],
          }
        },
        async PutMetricData(input: Cw.PutMetricDataInput): Promise<void> {
          record('PutMetricData', input)
        },
      },
    },
    logError,
  )

  return { elbv2, cloudwatch, inputs }
}
