import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { completedReason, userRollbackReason } from '../../../core/model/service-deployments.js'
import { startApiServer, type ApiServer } from '../../../testing/api-server.js'
import { setUpServiceCluster } from '../../../testing/services.js'
import { ROLLBACK_REQUESTED_REASON, userStoppedReason } from './stop-service-deployment.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/tg/1'
const T0 = Date.UTC(2026, 0, 1)

/**
 * The 2025 service-deployment API. The API runs alone on a clock the test moves, and the test
 * stands in for the scheduler where a deployment must have completed.
 */
describe('service deployments and revisions', () => {
  let t: ApiServer
  let clock: ManualClock
  let s: Service
  /** The service deployments, oldest first, and when each was created. */
  const made: { arn: string; at: number }[] = []
  before(async () => {
    clock = new ManualClock(T0)
    t = await startApiServer({ clock })
    await setUpServiceCluster(t.ecs, 'c', [{}, {}, {}])
    s = (await t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'web', taskDefinition: 'web:1', desiredCount: 2 }))).service!
    made.push({ arn: s.currentServiceDeployment!, at: clock.now() })
    for (const rev of [2, 3]) {
      clock.advance(60_000)
      const u = await t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', taskDefinition: `web:${rev}` }))
      made.push({ arn: u.service!.currentServiceDeployment!, at: clock.now() })
    }
  })
  after(() => t.close())

  const list = (input: Partial<ConstructorParameters<typeof ListServiceDeploymentsCommand>[0]> = {}) =>
    t.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'c', service: 'web', ...input }))
  const arnsOf = (res: Awaited<ReturnType<typeof list>>) => res.serviceDeployments?.map((d) => d.serviceDeploymentArn)

  it('lists a service deployments newest first, with their brief', async () => {
    const res = await list()
    assert.deepEqual(arnsOf(res), made.map((m) => m.arn).reverse())
    assert.deepEqual(res.serviceDeployments?.map((d) => d.status), ['PENDING', 'STOPPED', 'STOPPED'])
    const newest = res.serviceDeployments![0]!
    assert.equal(newest.serviceArn, `${ACCOUNT}:service/c/web`)
    assert.equal(newest.clusterArn, `${ACCOUNT}:cluster/c`)
    assert.equal(newest.createdAt?.getTime(), made[2]!.at)
    assert.equal(newest.finishedAt, undefined)
    assert.match(newest.targetServiceRevisionArn!, /^arn:aws:ecs:us-east-1:000000000000:service-revision\/c\/web\/\d{19}$/)
    assert.equal(res.serviceDeployments![1]!.finishedAt?.getTime(), made[2]!.at, 'superseded when the next began')
  })

  it('filters by status and creation time, and pages', async () => {
    assert.deepEqual(arnsOf(await list({ status: ['STOPPED'] })), [made[1]!.arn, made[0]!.arn])
    assert.deepEqual(arnsOf(await list({ status: [] })), made.map((m) => m.arn).reverse(), 'an empty filter is no filter')
    assert.deepEqual(arnsOf(await list({ createdAt: { after: new Date(made[1]!.at) } })), [made[2]!.arn, made[1]!.arn])
    assert.deepEqual(arnsOf(await list({ createdAt: { before: new Date(made[0]!.at) } })), [made[0]!.arn])
    const page = await list({ maxResults: 2 })
    assert.deepEqual(arnsOf(page), [made[2]!.arn, made[1]!.arn])
    assert.deepEqual(arnsOf(await list({ maxResults: 2, nextToken: page.nextToken })), [made[0]!.arn])
    await assert.rejects(list({ maxResults: 0 }), { name: 'InvalidParameterException' })
    await assert.rejects(list({ service: 'ghost' }), { name: 'ServiceNotFoundException', message: 'Service not found.' })
    await assert.rejects(list({ cluster: 'nope' }), { name: 'ClusterNotFoundException' })
  })

  it('describes service deployments with every member, and unknown ones as MISSING', async () => {
    const unknown = `${ACCOUNT}:service-deployment/c/web/nope`
    const res = await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [made[0]!.arn, unknown] }))
    assert.deepEqual(res.failures, [{ arn: unknown, reason: 'MISSING' }])
    const d = res.serviceDeployments![0]!
    assert.equal(d.serviceDeploymentArn, made[0]!.arn)
    assert.equal(d.status, 'STOPPED')
    assert.equal(d.createdAt?.getTime(), made[0]!.at)
    assert.equal(d.stoppedAt?.getTime(), made[1]!.at)
    assert.deepEqual(d.sourceServiceRevisions, [])
    assert.deepEqual(d.targetServiceRevision, { arn: s.currentServiceRevisions![0]!.arn, requestedTaskCount: 2, runningTaskCount: 0, pendingTaskCount: 0 })
    assert.deepEqual(d.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
      strategy: 'ROLLING',
      bakeTimeInMinutes: 0,
    })
    assert.deepEqual(d.deploymentCircuitBreaker, { status: 'DISABLED', failureCount: 0, threshold: 3 })
    assert.deepEqual(d.alarms, { status: 'DISABLED' })
    assert.equal(d.rollback, undefined)
    await assert.rejects(t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: Array.from({ length: 21 }, () => unknown) })), {
      name: 'InvalidParameterException',
    })
  })

  it('monitors with the circuit breaker when it is enabled', async () => {
    const b = await t.ecs.send(
      new CreateServiceCommand({
        cluster: 'c',
        serviceName: 'breaker',
        taskDefinition: 'web',
        desiredCount: 10,
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    )
    const res = await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [b.service!.currentServiceDeployment!] }))
    assert.deepEqual(res.serviceDeployments?.[0]?.deploymentCircuitBreaker, { status: 'MONITORING', failureCount: 0, threshold: 5 })
  })

  it('describes service revisions with every member Berth has', async () => {
    await seedTargetGroup(t.store, TG)
    const lb = await t.ecs.send(
      new CreateServiceCommand({
        cluster: 'c',
        serviceName: 'with-lb',
        taskDefinition: 'web:1',
        desiredCount: 0,
        loadBalancers: [{ targetGroupArn: TG, containerName: 'web', containerPort: 80 }],
      }),
    )
    const arn = lb.service!.currentServiceRevisions![0]!.arn!
    const unknown = `${ACCOUNT}:service-revision/c/web/1`
    const res = await t.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [arn, unknown] }))
    assert.deepEqual(res.failures, [{ arn: unknown, reason: 'MISSING' }])
    const r = res.serviceRevisions![0]!
    assert.equal(r.serviceRevisionArn, arn)
    assert.equal(r.serviceArn, `${ACCOUNT}:service/c/with-lb`)
    assert.equal(r.clusterArn, `${ACCOUNT}:cluster/c`)
    assert.equal(r.taskDefinition, `${ACCOUNT}:task-definition/web:1`)
    assert.equal(r.launchType, 'EC2')
    assert.deepEqual(r.loadBalancers, [{ targetGroupArn: TG, containerName: 'web', containerPort: 80 }])
    assert.deepEqual(r.serviceRegistries, [])
    assert.deepEqual(r.containerImages, [{ containerName: 'web', image: 'berth-test/web' }])
    assert.equal(r.guardDutyEnabled, false)
    assert.equal(r.createdAt?.getTime(), clock.now())
    await assert.rejects(t.ecs.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [] })), { name: 'InvalidParameterException' })
  })
})

describe('StopServiceDeployment', () => {
  let t: ApiServer
  before(async () => {
    t = await startApiServer({ clock: new ManualClock(T0) })
    await setUpServiceCluster(t.ecs, 'c', [{}, {}])
  })
  after(() => t.close())

  const stop = (serviceDeploymentArn: string, stopType?: 'ROLLBACK' | 'ABORT') =>
    t.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn, ...(stopType ? { stopType } : {}) }))
  /** The whole store but the store index, which every transaction takes. */
  const records = () => ({ ...(JSON.parse(t.dump()) as Record<string, unknown>), meta: undefined })
  const refused = async (send: Promise<unknown>, expected: { name: string; message: RegExp | string }) => {
    const before = records()
    await assert.rejects(send, expected)
    assert.deepEqual(records(), before, 'the store changed')
  }

  /** What the scheduler does when a deployment reaches steady state: COMPLETED, remembered, SUCCESSFUL. */
  const complete = async (serviceArn: string) =>
    t.store.txn(async (tx) => {
      const service = (await tx.services.get(serviceArn))!
      const d = { ...service.deployments[0]!, rolloutState: 'COMPLETED' as const, rolloutStateReason: completedReason(service.deployments[0]!.id) }
      await tx.services.put({ ...service, deployments: [d], lastCompleted: d, version: service.version + 1 })
      const sd = (await tx.serviceDeployments.get(service.currentServiceDeploymentArn))!
      await tx.serviceDeployments.put({ ...sd, status: 'SUCCESSFUL', finishedAt: T0, updatedAt: T0 })
    })

  it('rolls back to the last completed deployment: revived as PRIMARY under its id, the stopped one FAILED', async () => {
    const created = (await t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'web', taskDefinition: 'web:1', desiredCount: 2 }))).service!
    const first = created.deployments![0]!.id!
    await complete(created.serviceArn!)
    const updated = (await t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'web', taskDefinition: 'web:2' }))).service!
    const failing = updated.deployments![0]!.id!
    const arn = updated.currentServiceDeployment!

    assert.deepEqual(await stop(arn).then((r) => r.serviceDeploymentArn), arn, 'stopType ROLLBACK when none is given')
    const s = (await t.ecs.send(new DescribeServicesCommand({ cluster: 'c', services: ['web'] }))).services![0]!
    assert.equal(s.taskDefinition, `${ACCOUNT}:task-definition/web:1`)
    assert.equal(s.currentServiceDeployment, arn, 'the stopped deployment tracks the rollback')
    assert.deepEqual(
      s.deployments?.map((d) => [d.id, d.status, d.rolloutState, d.rolloutStateReason]),
      [
        [first, 'PRIMARY', 'IN_PROGRESS', userRollbackReason(first)],
        [failing, 'ACTIVE', 'FAILED', userStoppedReason(failing)],
      ],
    )
    const { serviceDeployments } = await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))
    const sd = serviceDeployments![0]!
    assert.equal(sd.status, 'ROLLBACK_REQUESTED')
    assert.equal(sd.statusReason, ROLLBACK_REQUESTED_REASON)
    assert.deepEqual(sd.rollback, { reason: userRollbackReason(first), startedAt: new Date(T0), serviceRevisionArn: created.currentServiceRevisions![0]!.arn })

    const before = records()
    assert.equal((await stop(arn, 'ROLLBACK')).serviceDeploymentArn, arn, 'a rollback already requested continues')
    assert.deepEqual(records(), before)
  })

  it('refuses ABORT, an unknown deployment, a finished one, one its service moved on from, and one with nothing to return to', async () => {
    const created = (await t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'fresh', taskDefinition: 'web:1', desiredCount: 1 }))).service!
    const first = created.currentServiceDeployment!
    await refused(stop(first, 'ABORT'), { name: 'InvalidParameterException', message: /^stopType ABORT is not available/ })
    const unknown = `${ACCOUNT}:service-deployment/c/fresh/nope`
    await refused(stop(unknown), { name: 'ServiceDeploymentNotFoundException', message: `The service deployment ${unknown} does not exist.` })
    await refused(stop(first), { name: 'ConflictException', message: /no completed deployment to return to\.$/ })
    const updated = (await t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'fresh', forceNewDeployment: true }))).service!
    await refused(stop(first), { name: 'ConflictException', message: /has already finished \(STOPPED\)/ })
    // A record left unfinished while its service moved on (no API path leaves one so: stand-in for a store that has one).
    await t.store.txn(async (tx) => tx.serviceDeployments.put({ ...(await tx.serviceDeployments.get(first))!, status: 'IN_PROGRESS' }))
    await refused(stop(first), { name: 'ConflictException', message: /is not its service's current deployment/ })
    await complete(created.serviceArn!)
    await refused(stop(updated.currentServiceDeployment!), { name: 'ConflictException', message: /has already finished \(SUCCESSFUL\)/ })
  })
})
