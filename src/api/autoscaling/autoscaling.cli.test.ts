import { CreateServiceCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { setUpServiceCluster } from '../../testing/services.js'
import { awsCli, awsCliEnv, awsCliMissing, startTestServer, type TestServer } from '../../testing/server.js'

type Json = Record<string, unknown>
const TARGET = ['--service-namespace', 'ecs', '--scalable-dimension', 'ecs:service:DesiredCount']

describe('Application Auto Scaling through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await setUpServiceCluster(t.ecs, 'aas-cli')
    await t.ecs.send(new CreateServiceCommand({ cluster: 'aas-cli', serviceName: 'web', taskDefinition: 'web', desiredCount: 1 }))
  })
  after(() => t.close())

  const run = (args: string[]) => awsCli(t.endpoint, ['application-autoscaling', ...args])
  const ok = async (args: string[]) => {
    const res = await run(args)
    assert.equal(res.code, 0, res.stderr)
    return res.json as Json
  }
  const fails = async (args: string[], code: string, message?: RegExp) => {
    const res = await run(args)
    assert.notEqual(res.code, 0)
    assert.match(res.stderr, new RegExp(`\\(${code}\\)`), res.stderr)
    if (message) assert.match(res.stderr, message)
  }

  it('registers, updates and describes a scalable target; refuses what it cannot scale', async () => {
    await fails(['register-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/web'], 'ValidationException', /MinCapacity and MaxCapacity are required/)
    await fails(['register-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/nope', '--min-capacity', '1', '--max-capacity', '3'], 'ValidationException', /doesn't exist/)
    await fails(
      ['register-scalable-target', '--service-namespace', 'dynamodb', '--scalable-dimension', 'dynamodb:table:ReadCapacityUnits', '--resource-id', 'table/t', '--min-capacity', '1', '--max-capacity', '3'],
      'ValidationException',
      /ECS services only/,
    )
    await fails(['register-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/web', '--min-capacity', '4', '--max-capacity', '3'], 'ValidationException')
    // The CLI's 2.9 model predates ScalableTargetARN in the answer (boto3's test below reads it).
    await ok(['register-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/web', '--min-capacity', '1', '--max-capacity', '5'])
    await ok(['register-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/web', '--max-capacity', '6', '--suspended-state', 'DynamicScalingInSuspended=true'])
    const described = await ok(['describe-scalable-targets', '--service-namespace', 'ecs'])
    const targets = described['ScalableTargets'] as Json[]
    assert.equal(targets.length, 1)
    assert.equal(targets[0]!['MinCapacity'], 1)
    assert.equal(targets[0]!['MaxCapacity'], 6)
    assert.deepEqual(targets[0]!['SuspendedState'], { DynamicScalingInSuspended: true, DynamicScalingOutSuspended: false, ScheduledScalingSuspended: false })
    assert.match(targets[0]!['RoleARN'] as string, /AWSServiceRoleForApplicationAutoScaling_ECSService$/)
  })

  it('puts a target-tracking policy with its two alarms, describes and deletes it', async () => {
    const config = JSON.stringify({
      TargetValue: 50,
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      ScaleOutCooldown: 60,
      ScaleInCooldown: 120,
    })
    const put = await ok(['put-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'cpu50',
      '--policy-type', 'TargetTrackingScaling', '--target-tracking-scaling-policy-configuration', config])
    assert.match(put['PolicyARN'] as string,
      /^arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:[0-9a-f-]{36}:resource\/ecs\/service\/aas-cli\/web:policyName\/cpu50$/)
    const alarms = (put['Alarms'] as { AlarmName: string; AlarmARN: string }[]).map((a) => a.AlarmName)
    assert.equal(alarms.length, 2)
    assert.match(alarms[0]!, /^TargetTracking-service\/aas-cli\/web-AlarmHigh-[0-9a-f-]{36}$/)
    assert.match(alarms[1]!, /^TargetTracking-service\/aas-cli\/web-AlarmLow-[0-9a-f-]{36}$/)
    const stored = await t.store.read((tx) => tx.alarms.get(alarms[1]!))
    assert.equal(stored?.threshold, 45)
    assert.equal(stored?.evaluationPeriods, 15)
    assert.deepEqual(stored?.alarmActions, [put['PolicyARN']])
    const described = await ok(['describe-scaling-policies', '--service-namespace', 'ecs', '--resource-id', 'service/aas-cli/web'])
    const policy = (described['ScalingPolicies'] as Json[])[0]!
    assert.equal(policy['PolicyType'], 'TargetTrackingScaling')
    assert.equal((policy['TargetTrackingScalingPolicyConfiguration'] as Json)['ScaleInCooldown'], 120)
    assert.equal((policy['Alarms'] as Json[]).length, 2)
    // Updating keeps the ARN and the alarms' names.
    const again = await ok(['put-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'cpu50',
      '--policy-type', 'TargetTrackingScaling', '--target-tracking-scaling-policy-configuration', JSON.stringify({ TargetValue: 70, PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' } })])
    assert.equal(again['PolicyARN'], put['PolicyARN'])
    assert.deepEqual((again['Alarms'] as { AlarmName: string }[]).map((a) => a.AlarmName), alarms)
    await ok(['delete-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'cpu50'])
    assert.equal(await t.store.read((tx) => tx.alarms.get(alarms[0]!)), undefined)
    await fails(['delete-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'cpu50'], 'ObjectNotFoundException')
  })

  it('checks policies: metric types, resource labels, step intervals, predictive scaling refused', async () => {
    const tt = (c: unknown) => ['put-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'p', '--policy-type', 'TargetTrackingScaling',
      '--target-tracking-scaling-policy-configuration', JSON.stringify(c)]
    await fails(tt({ TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'DynamoDBReadCapacityUtilization' } }), 'ValidationException', /Unsupported metric type/)
    await fails(tt({ TargetValue: 50, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget' } }), 'ValidationException', /ResourceLabel/)
    await ok(tt({ TargetValue: 100, PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: 'app/web/0123456789abcdef/targetgroup/web/fedcba9876543210' } }))
    await ok(tt({ TargetValue: 10, CustomizedMetricSpecification: { MetricName: 'Queue', Namespace: 'App', Statistic: 'Maximum', Dimensions: [{ Name: 'Q', Value: 'jobs' }] } }))
    const step = (c: unknown) => ['put-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'step', '--policy-type', 'StepScaling',
      '--step-scaling-policy-configuration', JSON.stringify(c)]
    await fails(step({ AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 20, ScalingAdjustment: 2 }] }),
      'ValidationException', /overlap or leave a gap/)
    const put = await ok(step({ AdjustmentType: 'ChangeInCapacity', Cooldown: 60, StepAdjustments: [{ MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1 }, { MetricIntervalLowerBound: 10, ScalingAdjustment: 2 }] }))
    assert.equal(put['Alarms'], undefined)
    await fails(['put-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/web', '--policy-name', 'x', '--policy-type', 'PredictiveScaling'], 'ValidationException', /PolicyType/)
    await fails(['put-scaling-policy', ...TARGET, '--resource-id', 'service/aas-cli/other', '--policy-name', 'x', '--policy-type', 'StepScaling',
      '--step-scaling-policy-configuration', JSON.stringify({ AdjustmentType: 'ChangeInCapacity', StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] })], 'ObjectNotFoundException')
  })

  it('puts, describes and deletes scheduled actions; refuses bad schedules', async () => {
    const put = (name: string, schedule: string, extra: string[] = []) =>
      ['put-scheduled-action', ...TARGET, '--resource-id', 'service/aas-cli/web', '--scheduled-action-name', name, '--schedule', schedule,
        '--scalable-target-action', 'MinCapacity=2,MaxCapacity=4', ...extra]
    await ok(put('nightly', 'cron(0 18 ? * MON-FRI *)', ['--timezone', 'Europe/Paris']))
    await ok(put('soon', 'rate(5 minutes)'))
    await ok(put('once', 'at(2030-01-01T00:00:00)', ['--start-time', '2029-01-01T00:00:00Z']))
    await fails(put('bad', 'cron(0 18 * * MON *)'), 'ValidationException', /exactly one of day-of-month and day-of-week/)
    await fails(put('bad', 'rate(1 minutes)'), 'ValidationException', /singular/)
    await fails(put('bad', 'at(2030-02-30T00:00:00)'), 'ValidationException', /no such time/)
    await fails(put('bad', 'rate(5 minutes)', ['--timezone', 'Mars/Olympus']), 'ValidationException', /Unknown timezone/)
    const described = await ok(['describe-scheduled-actions', '--service-namespace', 'ecs', '--resource-id', 'service/aas-cli/web'])
    const actions = described['ScheduledActions'] as Json[]
    assert.deepEqual(actions.map((a) => a['ScheduledActionName']), ['nightly', 'once', 'soon'])
    assert.equal(actions[0]!['Timezone'], 'Europe/Paris')
    assert.deepEqual(actions[0]!['ScalableTargetAction'], { MinCapacity: 2, MaxCapacity: 4 })
    const page = await ok(['describe-scheduled-actions', '--service-namespace', 'ecs', '--max-items', '2'])
    assert.equal((page['ScheduledActions'] as Json[]).length, 2)
    assert.ok(page['NextToken'])
    await ok(['delete-scheduled-action', ...TARGET, '--resource-id', 'service/aas-cli/web', '--scheduled-action-name', 'soon'])
    await fails(['delete-scheduled-action', ...TARGET, '--resource-id', 'service/aas-cli/web', '--scheduled-action-name', 'soon'], 'ObjectNotFoundException')
  })

  it('deregisters a target with its policies, their alarms and its scheduled actions', async () => {
    const alarmsBefore = await t.store.read((tx) => tx.alarms.list({ limit: 100 }))
    assert.ok(alarmsBefore.length > 0)
    await ok(['deregister-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/web'])
    assert.deepEqual((await ok(['describe-scalable-targets', '--service-namespace', 'ecs']))['ScalableTargets'], [])
    assert.deepEqual((await ok(['describe-scaling-policies', '--service-namespace', 'ecs']))['ScalingPolicies'], [])
    assert.deepEqual((await ok(['describe-scheduled-actions', '--service-namespace', 'ecs']))['ScheduledActions'], [])
    assert.deepEqual(await t.store.read((tx) => tx.alarms.list({ limit: 100 })), [])
    await fails(['deregister-scalable-target', ...TARGET, '--resource-id', 'service/aas-cli/web'], 'ObjectNotFoundException')
    assert.deepEqual((await ok(['describe-scaling-activities', '--service-namespace', 'ecs']))['ScalingActivities'], [])
  })
})

/** The python3 on PATH, when it has boto3. */
const botoMissing = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0 ? false : 'python3 with boto3 is not on PATH'

describe('Application Auto Scaling through boto3', { skip: botoMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await setUpServiceCluster(t.ecs, 'aas-py')
    await t.ecs.send(new CreateServiceCommand({ cluster: 'aas-py', serviceName: 'api', taskDefinition: 'web', desiredCount: 1 }))
  })
  after(() => t.close())

  it('registers a target, tags it, puts a policy and a scheduled action, and reads them back', async () => {
    const script = `
import boto3, json, sys, datetime
aas = boto3.client('application-autoscaling', endpoint_url=sys.argv[1])
ref = dict(ServiceNamespace='ecs', ResourceId='service/aas-py/api', ScalableDimension='ecs:service:DesiredCount')
arn = aas.register_scalable_target(MinCapacity=1, MaxCapacity=4, **ref)['ScalableTargetARN']
described_arn = aas.describe_scalable_targets(ServiceNamespace='ecs')['ScalableTargets'][0]['ScalableTargetARN']
aas.tag_resource(ResourceARN=arn, Tags={'a': '1', 'b': '2'})
aas.untag_resource(ResourceARN=arn, TagKeys=['a'])
tags = aas.list_tags_for_resource(ResourceARN=arn)['Tags']
policy = aas.put_scaling_policy(PolicyName='mem', PolicyType='TargetTrackingScaling', TargetTrackingScalingPolicyConfiguration={
    'TargetValue': 60.0, 'PredefinedMetricSpecification': {'PredefinedMetricType': 'ECSServiceAverageMemoryUtilization'}, 'DisableScaleIn': True}, **ref)
aas.put_scheduled_action(ScheduledActionName='later', Schedule='at(2031-06-01T08:00:00)', Timezone='America/New_York',
    ScalableTargetAction={'MaxCapacity': 8}, EndTime=datetime.datetime(2032, 1, 1, tzinfo=datetime.timezone.utc), **ref)
described = aas.describe_scaling_policies(ServiceNamespace='ecs', PolicyNames=['mem'])['ScalingPolicies'][0]
action = aas.describe_scheduled_actions(ServiceNamespace='ecs')['ScheduledActions'][0]
try:
    aas.describe_scalable_targets(ServiceNamespace='ecs', NextToken='bogus')
    bad = None
except aas.exceptions.InvalidNextTokenException as e:
    bad = e.response['Error']['Code']
print(json.dumps({'arn': arn, 'described_arn': described_arn, 'tags': tags, 'alarms': [a['AlarmName'] for a in policy['Alarms']], 'disable': described['TargetTrackingScalingPolicyConfiguration']['DisableScaleIn'],
                  'created': described['CreationTime'].isoformat(), 'action': action['ScalableTargetAction'], 'end': action['EndTime'].isoformat(), 'bad': bad}))
`
    const { stdout } = await promisify(execFile)('python3', ['-c', script, t.endpoint], { env: awsCliEnv() })
    const out = JSON.parse(stdout) as Json
    assert.match(out['arn'] as string, /^arn:aws:application-autoscaling:us-east-1:000000000000:scalable-target\/[0-9a-f]{36}$/)
    assert.equal(out['described_arn'], out['arn'])
    assert.deepEqual(out['tags'], { b: '2' })
    // Scale-in disabled: only the high alarm.
    assert.equal((out['alarms'] as string[]).length, 1)
    assert.match((out['alarms'] as string[])[0]!, /^TargetTracking-service\/aas-py\/api-AlarmHigh-/)
    assert.equal(out['disable'], true)
    assert.deepEqual(out['action'], { MaxCapacity: 8 })
    assert.equal(out['end'], '2032-01-01T00:00:00+00:00')
    assert.equal(out['bad'], 'InvalidNextTokenException')
  })
})
