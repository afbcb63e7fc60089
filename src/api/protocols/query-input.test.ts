import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import cloudwatchModel from '../../core/aws-model/cloudwatch.json' with { type: 'json' }
import elbv2Model from '../../core/aws-model/elbv2.json' with { type: 'json' }
import { ApiError } from '../../core/errors.js'
import type { ServiceModel } from '../shapes/model.js'
import { parseQueryInput } from './query-input.js'
import { parseForm } from './query-protocol.js'

const elbv2 = elbv2Model as unknown as ServiceModel
const cloudwatch = cloudwatchModel as unknown as ServiceModel
const invalid = (message: string) => new ApiError('ValidationError', message)
const parse = (model: ServiceModel, shape: string, body: string) => parseQueryInput(model, shape, parseForm(Buffer.from(body)), invalid)

describe('query input parsing', () => {
  it('builds nested lists of structures from the captured `elbv2 create-rule` body (API.md §1.2)', () => {
    const body =
      'Action=CreateRule&Version=2015-12-01&ListenerArn=arn%3AL&Conditions.member.1.Field=path-pattern&Conditions.member.1.PathPatternConfig.Values.member.1=%2Fapi%2F%2A&Conditions.member.2.Field=host-header&Conditions.member.2.HostHeaderConfig.Values.member.1=a.example.com&Priority=10&Actions.member.1.Type=forward&Actions.member.1.TargetGroupArn=arn%3ATG'
    assert.deepEqual(parse(elbv2, 'CreateRuleInput', body), {
      ListenerArn: 'arn:L',
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } },
        { Field: 'host-header', HostHeaderConfig: { Values: ['a.example.com'] } },
      ],
      Priority: 10,
      Actions: [{ Type: 'forward', TargetGroupArn: 'arn:TG' }],
    })
  })

  it('coerces timestamps, integers and lists from the captured `cloudwatch get-metric-statistics` body (API.md §1.4)', () => {
    const body =
      'Action=GetMetricStatistics&Version=2010-08-01&Namespace=AWS%2FECS&MetricName=CPUUtilization&Dimensions.member.1.Name=ClusterName&Dimensions.member.1.Value=default&StartTime=2024-01-01T00%3A00%3A00Z&EndTime=2024-01-01T01%3A00%3A00.500000Z&Period=60&Statistics.member.1=Average'
    assert.deepEqual(parse(cloudwatch, 'GetMetricStatisticsInput', body), {
      Namespace: 'AWS/ECS',
      MetricName: 'CPUUtilization',
      Dimensions: [{ Name: 'ClusterName', Value: 'default' }],
      StartTime: 1704067200,
      EndTime: 1704070800.5,
      Period: 60,
      Statistics: ['Average'],
    })
  })

  it('reads booleans and doubles', () => {
    const modify = parse(elbv2, 'ModifyTargetGroupInput', 'TargetGroupArn=arn&HealthCheckEnabled=false&HealthCheckIntervalSeconds=15')
    assert.deepEqual(modify, { TargetGroupArn: 'arn', HealthCheckEnabled: false, HealthCheckIntervalSeconds: 15 })
    const put = parse(cloudwatch, 'PutMetricDataInput', 'Namespace=N&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1.5e-3&MetricData.member.1.Values.member.1=2')
    assert.deepEqual(put, { Namespace: 'N', MetricData: [{ MetricName: 'm', Value: 0.0015, Values: [2] }] })
  })

  it('reads `Names=` as an empty list, as botocore sends one, and leaves absent members out', () => {
    assert.deepEqual(parse(elbv2, 'DescribeTargetGroupsInput', 'Action=DescribeTargetGroups&Names='), { Names: [] })
    assert.deepEqual(parse(elbv2, 'DescribeTargetGroupsInput', 'Action=DescribeTargetGroups'), {})
  })

  it('reads maps as X.entry.N.key / X.entry.N.value', () => {
    const body =
      'Actions.member.1.Type=authenticate-oidc&Actions.member.1.AuthenticateOidcConfig.Issuer=https%3A%2F%2Fidp' +
      '&Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.key=prompt' +
      '&Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.1.value=login' +
      '&Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.key=display' +
      '&Actions.member.1.AuthenticateOidcConfig.AuthenticationRequestExtraParams.entry.2.value=page+one'
    const input = parse(elbv2, 'ModifyListenerInput', body) as { DefaultActions?: unknown; Actions?: unknown }
    assert.equal(input.Actions, undefined, 'ModifyListener calls them DefaultActions; unknown keys are ignored')
    const rule = parse(elbv2, 'ModifyRuleInput', body)
    assert.deepEqual(rule, {
      Actions: [
        {
          Type: 'authenticate-oidc',
          AuthenticateOidcConfig: { Issuer: 'https://idp', AuthenticationRequestExtraParams: { prompt: 'login', display: 'page one' } },
        },
      ],
    })
  })

  it('ignores keys the model does not know, at any depth', () => {
    const input = parse(elbv2, 'DescribeTargetGroupsInput', 'Names.member.1=a&Bogus=1&Names.bogus=2&PageSize=5')
    assert.deepEqual(input, { Names: ['a'], PageSize: 5 })
  })

  const BAD = [
    { shape: 'CreateRuleInput', body: 'Priority=ten', why: 'an integer that is not one' },
    { shape: 'CreateRuleInput', body: 'Priority=1.5', why: 'a fraction for an integer' },
    { shape: 'ModifyTargetGroupInput', body: 'HealthCheckEnabled=yes', why: 'a boolean that is not true|false' },
    { shape: 'DescribeTargetGroupsInput', body: 'Names=web', why: 'a scalar where a list belongs' },
  ]
  for (const { shape, body, why } of BAD) {
    it(`refuses ${why} with the service's parameter error`, () => {
      assert.throws(() => parse(elbv2, shape, body), { code: 'ValidationError' })
    })
  }
  it('refuses a timestamp that is not ISO 8601 or epoch seconds', () => {
    assert.throws(() => parse(cloudwatch, 'GetMetricStatisticsInput', 'StartTime=yesterday'), { code: 'ValidationError' })
    assert.throws(() => parse(cloudwatch, 'GetMetricStatisticsInput', 'StartTime=March%207%202024'), { code: 'ValidationError' })
    assert.deepEqual(parse(cloudwatch, 'GetMetricStatisticsInput', 'StartTime=1704067200'), { StartTime: 1704067200 })
  })
})

describe('query input with locationName and flattened shapes', () => {
  // Neither ELBv2 nor CloudWatch uses them today; other query services (SQS, SNS) do.
  const model: ServiceModel = {
    metadata: {},
    operations: {},
    shapes: {
      Input: {
        type: 'structure',
        members: {
          Ids: { shape: 'IdList', locationName: 'Id' },
          Names: { shape: 'FlatNames' },
          Attrs: { shape: 'AttrMap', locationName: 'Attribute' },
        },
      },
      IdList: { type: 'list', member: { shape: 'Str', locationName: 'Item' } },
      FlatNames: { type: 'list', flattened: true, member: { shape: 'Str' } },
      AttrMap: { type: 'map', flattened: true, key: { shape: 'Str', locationName: 'Name' }, value: { shape: 'Str', locationName: 'Value' } },
      Str: { type: 'string' },
    },
  }
  it('uses the wire names and skips the member/entry step', () => {
    const params = parseForm(Buffer.from('Id.Item.1=a&Id.Item.2=b&Names.1=x&Attribute.1.Name=k&Attribute.1.Value=v'))
    assert.deepEqual(parseQueryInput(model, 'Input', params, invalid), { Ids: ['a', 'b'], Names: ['x'], Attrs: { k: 'v' } })
  })
})
