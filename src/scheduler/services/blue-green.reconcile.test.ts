import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RuleAction } from '../../core/model/rule-action.js'
import type { DeploymentRecord, DeploymentSettings, ServiceDeploymentRecord, TrafficShiftRecord } from '../../core/model/service.js'
import type { TaskRecord } from '../../core/model/task.js'
import { T0, deployment, instance, snapshot, task } from '../../testing/service-scenario.js'
import type { TargetGroupView, TargetRow } from './load-balancing.js'
import { reconcileService } from './reconcile.js'

/**
 * reconcileService for BLUE_GREEN, LINEAR and CANARY services, on snapshots: blue held until
 * CLEAN_UP, green started beside it into its own group, the stage moved once per pass, the
 * rules' weights written, rollback back to blue.
 */
const NOW = T0 + 3_600_000
const MIN = 60_000
const BLUE = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/blue/0123456789abcdef'
const GREEN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/green/0123456789abcdef'
const RULE = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/lb/1/2/3'
const TEST_RULE = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener-rule/app/lb/1/4/5'
const LB = { targetGroupArn: BLUE, containerName: 'app', containerPort: 80, advancedConfiguration: { alternateTargetGroupArn: GREEN, productionListenerRule: RULE, roleArn: 'arn:aws:iam::0:role/r' } }
const ec2 = (n: number) => `i-${String(n).padStart(17, '0')}`
const instances = [1, 2, 3, 4].map((n) => instance(n, { ec2InstanceId: ec2(n), privateIpAddress: `127.0.9.${n}` }))
const BG: DeploymentSettings = { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false }, strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 }

const blueD = deployment(1, 1, { rolloutState: 'COMPLETED', succeeded: true, status: 'ACTIVE', targetGroupArn: BLUE })
const greenD = deployment(2, 2, { targetGroupArn: GREEN })

/** A RUNNING task of `d` on instance n, port 80 on host port 32000 + n. */
function served(d: DeploymentRecord, n: number, over: Partial<TaskRecord> = {}): TaskRecord {
  const t = task(d, n, NOW, { runningFor: 120, ...over })
  return { ...t, containers: t.containers.map((c) => ({ ...c, lastStatus: 'RUNNING', networkBindings: [{ containerPort: 80, hostPort: 32000 + n, protocol: 'tcp' as const, bindIP: '0.0.0.0' }] })) }
}
const row = (n: number, health = 'healthy', state: TargetRow['state'] = 'registered'): TargetRow => ({ id: ec2(n), port: 32000 + n, state, health: { state: health } })
const group = (arn: string, targets: TargetRow[]): TargetGroupView => ({ arn, targetType: 'instance', inUse: true, targets })
const forward = (blue: number, green: number): RuleAction[] => [{ type: 'forward', targetGroups: [{ arn: BLUE, weight: blue }, { arn: GREEN, weight: green }], stickiness: { enabled: false } }]
const shift = (over: Partial<TrafficShiftRecord> = {}): TrafficShiftRecord => ({
  productionRuleArn: RULE,
  blueTargetGroupArn: BLUE,
  greenTargetGroupArn: GREEN,
  stage: 'SCALE_UP',
  productionWeight: 0,
  testWeight: 0,
  stageSince: NOW - MIN,
  ...over,
})

interface Pass {
  deployments?: DeploymentRecord[]
  tasks: TaskRecord[]
  blueTargets?: TargetRow[]
  greenTargets?: TargetRow[]
  rules?: [string, RuleAction[]][]
  settings?: DeploymentSettings
  sd?: Partial<ServiceDeploymentRecord>
  desired?: number
}

const pass = (p: Pass) => {
  const deployments = p.deployments ?? [greenD, blueD]
  return reconcileService(
    snapshot({
      now: NOW,
      instances,
      service: { desiredCount: p.desired ?? 2, loadBalancers: [LB], deploymentConfiguration: p.settings ?? BG },
      deployments,
      tasks: p.tasks,
      targetGroups: [group(BLUE, p.blueTargets ?? []), group(GREEN, p.greenTargets ?? [])],
      loadBalancers: new Map(deployments.map((d) => [d.id, [{ ...LB, targetGroupArn: d.targetGroupArn! }]])),
      rules: new Map(p.rules ?? [[RULE, forward(100, 0)]]),
      serviceDeployment: { status: 'IN_PROGRESS', trafficShift: shift(), ...p.sd },
    }),
  )
}
const blueTasks = () => [served(blueD, 1), served(blueD, 2)]
const greenTasks = () => [served(greenD, 3), served(greenD, 4)]

describe('blue/green on snapshots', () => {
  it('PRE_SCALE_UP: green starts to the full desired count beside blue, which is held; a forward to blue alone becomes weighted', () => {
    const p = pass({ tasks: blueTasks(), blueTargets: [row(1), row(2)], rules: [[RULE, [{ type: 'forward', targetGroups: [{ arn: BLUE, weight: 1 }], stickiness: { enabled: false } }]]], sd: { trafficShift: shift({ stage: 'PRE_SCALE_UP' }) } })
    assert.equal(p.start?.count, 2)
    assert.equal(p.start?.deploymentId, greenD.id)
    assert.equal(p.tasks.filter((t) => t.desiredStatus === 'STOPPED' || t.deactivating).length, 0, 'blue is not touched')
    assert.equal(p.serviceDeployment?.trafficShift?.stage, 'SCALE_UP')
    assert.deepEqual(p.rules, [{ ruleArn: RULE, actions: forward(100, 0) }])
  })

  it('SCALE_UP: green registers in the green group, and no traffic moves while its targets are not healthy', () => {
    const p = pass({ tasks: [...blueTasks(), ...greenTasks()], blueTargets: [row(1), row(2)], greenTargets: [row(3, 'initial')] })
    assert.deepEqual(p.targets?.register, [{ targetGroupArn: GREEN, id: ec2(4), port: 32004 }])
    assert.equal(p.serviceDeployment?.trafficShift, undefined, 'no stage change')
    assert.equal(p.rules, undefined)
    assert.equal(p.start, undefined)
  })

  it('SCALE_UP → POST_SCALE_UP once every green target is healthy; no traffic moves yet', () => {
    const p = pass({ tasks: [...blueTasks(), ...greenTasks()], blueTargets: [row(1), row(2)], greenTargets: [row(3), row(4)] })
    assert.deepEqual([p.serviceDeployment?.trafficShift?.stage, p.serviceDeployment?.trafficShift?.productionWeight], ['POST_SCALE_UP', 0])
    assert.equal(p.rules, undefined)
    assert.equal(p.wakeAt, NOW, 'the next stage follows at once')
  })

  it('POST_SCALE_UP → PRODUCTION_TRAFFIC_SHIFT (BLUE_GREEN: 100 at once)', () => {
    const p = pass({ tasks: [...blueTasks(), ...greenTasks()], blueTargets: [row(1), row(2)], greenTargets: [row(3), row(4)], sd: { trafficShift: shift({ stage: 'POST_SCALE_UP' }) } })
    assert.deepEqual([p.serviceDeployment?.trafficShift?.stage, p.serviceDeployment?.trafficShift?.productionWeight], ['PRODUCTION_TRAFFIC_SHIFT', 100])
    assert.deepEqual(p.rules, [{ ruleArn: RULE, actions: forward(0, 100) }])
    assert.equal(p.wakeAt, NOW, 'the next stage may follow at once')
    assert.equal(p.tasks.filter((t) => t.deactivating).length, 0, 'blue still held')
  })

  it('POST_SCALE_UP → TEST_TRAFFIC_SHIFT first when there is a test rule: only the test rule moves', () => {
    const p = pass({
      tasks: [...blueTasks(), ...greenTasks()],
      blueTargets: [row(1), row(2)],
      greenTargets: [row(3), row(4)],
      rules: [[RULE, forward(100, 0)], [TEST_RULE, forward(100, 0)]],
      sd: { trafficShift: shift({ stage: 'POST_SCALE_UP', testRuleArn: TEST_RULE }) },
    })
    assert.equal(p.serviceDeployment?.trafficShift?.stage, 'TEST_TRAFFIC_SHIFT')
    assert.deepEqual(p.rules, [{ ruleArn: TEST_RULE, actions: forward(0, 100) }])
  })

  it('CANARY: the canary step waits out its bake through wakeAt, weights 95/5 in place', () => {
    const canary: DeploymentSettings = { ...BG, strategy: 'CANARY', bakeTimeInMinutes: 0, canaryConfiguration: { canaryPercent: 5, canaryBakeTimeInMinutes: 10 } }
    const p = pass({
      tasks: [...blueTasks(), ...greenTasks()],
      blueTargets: [row(1), row(2)],
      greenTargets: [row(3), row(4)],
      settings: canary,
      rules: [[RULE, forward(95, 5)]],
      sd: { deploymentConfiguration: canary, trafficShift: shift({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 5, stageSince: NOW - 4 * MIN }) },
    })
    assert.equal(p.serviceDeployment, undefined)
    assert.equal(p.rules, undefined)
    assert.equal(p.wakeAt, NOW + 6 * MIN)
  })

  it('BAKE_TIME: both revisions run; nothing completes before CLEAN_UP', () => {
    const p = pass({ tasks: [...blueTasks(), ...greenTasks()], blueTargets: [row(1), row(2)], greenTargets: [row(3), row(4)], rules: [[RULE, forward(0, 100)]], sd: { trafficShift: shift({ stage: 'BAKE_TIME', productionWeight: 100, stageSince: NOW - MIN }) } })
    assert.equal(p.wakeAt, NOW + 4 * MIN)
    assert.equal(p.tasks.filter((t) => t.deactivating).length, 0)
    assert.notEqual(p.service.deployments[0]!.rolloutState, 'COMPLETED')
  })

  it('CLEAN_UP: blue drains through deactivation (deregistered from the blue group), and the deployment completes once blue is gone', () => {
    const sd = { trafficShift: shift({ stage: 'CLEAN_UP', productionWeight: 100 }) }
    const p = pass({ tasks: [...blueTasks(), ...greenTasks()], blueTargets: [row(1), row(2)], greenTargets: [row(3), row(4)], rules: [[RULE, forward(0, 100)]], sd })
    assert.equal(p.tasks.filter((t) => t.deactivating).length, 2)
    assert.deepEqual(p.targets?.deregister.map((k) => k.targetGroupArn), [BLUE, BLUE])
    const done = pass({ deployments: [greenD], tasks: greenTasks(), greenTargets: [row(3), row(4)], rules: [[RULE, forward(0, 100)]], sd })
    assert.equal(done.serviceDeployment?.status, 'SUCCESSFUL')
    assert.equal(done.serviceDeployment?.trafficShift?.productionWeight, 100)
  })

  it("a new service's first deployment is held in SCALE_UP → shift, not completed the moment green is healthy", () => {
    const p = pass({ deployments: [greenD], tasks: greenTasks(), greenTargets: [row(3), row(4)] })
    assert.equal(p.serviceDeployment?.status, 'IN_PROGRESS')
    assert.equal(p.serviceDeployment?.trafficShift?.stage, 'POST_SCALE_UP')
  })

  it('rollback: production and test traffic go back to blue at once; green drains; ROLLBACK_IN_PROGRESS', () => {
    const revivedBlue = { ...blueD, status: 'PRIMARY' as const, rolloutState: 'IN_PROGRESS' as const, succeeded: false }
    const failedGreen = { ...greenD, status: 'ACTIVE' as const, rolloutState: 'FAILED' as const }
    const p = pass({
      deployments: [revivedBlue, failedGreen],
      tasks: [...blueTasks(), ...greenTasks()],
      blueTargets: [row(1), row(2)],
      greenTargets: [row(3), row(4)],
      rules: [[RULE, forward(60, 40)], [TEST_RULE, forward(0, 100)]],
      sd: { status: 'ROLLBACK_REQUESTED', trafficShift: shift({ stage: 'PRODUCTION_TRAFFIC_SHIFT', productionWeight: 40, testWeight: 100, testRuleArn: TEST_RULE }) },
    })
    assert.equal(p.serviceDeployment?.status, 'ROLLBACK_IN_PROGRESS')
    assert.deepEqual([p.serviceDeployment?.trafficShift?.productionWeight, p.serviceDeployment?.trafficShift?.testWeight], [0, 0])
    assert.deepEqual(p.rules, [
      { ruleArn: RULE, actions: forward(100, 0) },
      { ruleArn: TEST_RULE, actions: forward(100, 0) },
    ])
    const draining = p.tasks.filter((t) => t.deactivating).map((t) => t.startedBy)
    assert.deepEqual(draining, [greenD.id, greenD.id])
  })

  // An UpdateService in the middle of a canary at 40 %: the new deployment (3) goes into green's
  // group with blue kept as production (api/ecs/services/traffic-pair.ts), in RECONCILE_SERVICE.
  const newD = deployment(3, 3, { targetGroupArn: GREEN })
  const interruptedGreen = { ...greenD, status: 'ACTIVE' as const }
  const reconciling = (tasks: TaskRecord[], greenTargets: TargetRow[]) =>
    pass({
      deployments: [newD, interruptedGreen, blueD],
      tasks,
      blueTargets: [row(1), row(2)],
      greenTargets,
      rules: [[RULE, forward(60, 40)]],
      sd: { deploymentId: newD.id, trafficShift: shift({ stage: 'RECONCILE_SERVICE' }) },
    })

  it('RECONCILE_SERVICE: production back on blue at once, the interrupted green drains, blue held, the stage waits', () => {
    const p = reconciling([...blueTasks(), ...greenTasks()], [row(3), row(4)])
    assert.deepEqual(p.rules, [{ ruleArn: RULE, actions: forward(100, 0) }])
    assert.deepEqual(p.tasks.filter((t) => t.deactivating).map((t) => t.startedBy), [greenD.id, greenD.id])
    assert.ok(p.tasks.every((t) => t.startedBy !== blueD.id || (t.deactivating === undefined && t.desiredStatus === 'RUNNING')), 'blue held')
    assert.equal(p.serviceDeployment?.trafficShift?.stage, undefined, 'still RECONCILE_SERVICE: no stage change')
  })

  it('RECONCILE_SERVICE → PRE_SCALE_UP once the interrupted green is gone, with its event', () => {
    const p = reconciling(blueTasks(), [])
    assert.equal(p.serviceDeployment?.trafficShift?.stage, 'PRE_SCALE_UP')
    assert.ok(p.events.includes(`(service web) (deployment ${newD.id}) entered lifecycle stage PRE_SCALE_UP: 0% of production traffic to (target-group ${GREEN}).`), p.events.join('\n'))
  })
})
