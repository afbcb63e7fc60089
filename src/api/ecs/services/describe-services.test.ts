import {
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServicesCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type Service,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { serviceGroup } from '../../../core/model/service.js'
import type { TaskRecord } from '../../../core/model/task.js'
import { startApiServer, type ApiServer } from '../../../testing/api-server.js'
import { mockTask } from '../../../testing/mock.js'
import { setUpServiceCluster } from '../../../testing/services.js'
import { SERVICE_DELETED_REASON } from './deployments.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'

/**
 * What DescribeServices and its neighbours derive from a service's tasks. The API runs alone
 * and the test stands in for the scheduler: it puts the tasks a deployment would have started.
 */
describe('DescribeServices, ListTasks and DeleteService over a service with tasks', () => {
  let t: ApiServer
  let n = 0
  before(async () => {
    t = await startApiServer()
    await setUpServiceCluster(t.ecs, 'c', [{}, {}])
  })
  after(() => t.close())

  const newService = async (name: string, desiredCount = 2): Promise<Service> =>
    (await t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: name, taskDefinition: 'web:1', desiredCount }))).service!

  /** A task the service's deployment started, as the scheduler would have stored it. */
  const putTask = async (s: Service, deploymentId: string, over: Partial<TaskRecord>) => {
    const task = mockTask({ id: (++n).toString(16).padStart(32, '0'), cluster: 'c', group: serviceGroup(s.serviceName!), startedBy: deploymentId, ...over })
    await t.store.txn((tx) => tx.tasks.put(task))
    return task
  }
  const describe1 = async (ref: string) => (await t.ecs.send(new DescribeServicesCommand({ cluster: 'c', services: [ref] }))).services![0]!

  it('counts running and pending tasks per deployment and for the service, PRIMARY first', async () => {
    const s = await newService('counted')
    const first = s.deployments![0]!.id!
    await putTask(s, first, { lastStatus: 'RUNNING' })
    await putTask(s, first, { lastStatus: 'RUNNING' })
    await putTask(s, first, { lastStatus: 'ACTIVATING' })
    await putTask(s, first, { lastStatus: 'RUNNING', desiredStatus: 'STOPPED' })
    const updated = (await t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'counted', taskDefinition: 'web:2' }))).service!
    const second = updated.deployments![0]!.id!
    await putTask(s, second, { lastStatus: 'PROVISIONING' })

    const d = await describe1('counted')
    assert.equal(d.runningCount, 2)
    assert.equal(d.pendingCount, 2)
    assert.deepEqual(
      d.deployments?.map((x) => [x.id, x.status, x.desiredCount, x.runningCount, x.pendingCount]),
      [
        [second, 'PRIMARY', 2, 0, 1],
        [first, 'ACTIVE', 0, 2, 1],
      ],
    )
    assert.deepEqual(
      d.currentServiceRevisions?.map((r) => [r.requestedTaskCount, r.runningTaskCount, r.pendingTaskCount]),
      [
        [2, 0, 1],
        [0, 2, 1],
      ],
    )
    const { serviceDeployments } = await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [d.currentServiceDeployment!] }))
    assert.deepEqual(serviceDeployments?.[0]?.targetServiceRevision, { arn: d.currentServiceRevisions![0]!.arn, requestedTaskCount: 2, runningTaskCount: 0, pendingTaskCount: 1 })
    assert.deepEqual(
      serviceDeployments?.[0]?.sourceServiceRevisions?.map((r) => [r.requestedTaskCount, r.runningTaskCount, r.pendingTaskCount]),
      [[2, 2, 1]],
      'a source asks for the tasks it ran when the deployment began; its counts are live',
    )
  })

  it('shows events newest first, with epoch-second times', async () => {
    const s = await newService('eventful', 0)
    await t.store.txn(async (tx) => {
      await tx.serviceEvents.append(s.serviceArn!, { id: 'e1', createdAt: Date.UTC(2026, 0, 1), message: '(service eventful) has started 1 tasks: (task x).' }, 100)
      await tx.serviceEvents.append(s.serviceArn!, { id: 'e2', createdAt: Date.UTC(2026, 0, 2), message: '(service eventful) has reached a steady state.' }, 100)
    })
    const d = await describe1('eventful')
    assert.deepEqual(d.events?.map((e) => [e.id, e.createdAt?.getTime(), e.message]), [
      ['e2', Date.UTC(2026, 0, 2), '(service eventful) has reached a steady state.'],
      ['e1', Date.UTC(2026, 0, 1), '(service eventful) has started 1 tasks: (task x).'],
    ])
  })

  it('lists the service tasks with ListTasks --service-name, with the other filters', async () => {
    const s = await newService('listed')
    const id = s.deployments![0]!.id!
    const running = await putTask(s, id, { lastStatus: 'RUNNING' })
    const stopped = await putTask(s, id, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED' })
    const stranger = mockTask({ id: 'f'.repeat(32), cluster: 'c', group: 'family:web', lastStatus: 'RUNNING' })
    await t.store.txn((tx) => tx.tasks.put(stranger))
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 'listed' }))).taskArns, [running.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: s.serviceArn!, desiredStatus: 'STOPPED' }))).taskArns, [stopped.arn])
    assert.deepEqual((await t.ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 'listed', family: 'other' }))).taskArns, [])
    await assert.rejects(t.ecs.send(new ListTasksCommand({ cluster: 'c', serviceName: 'ghost' })), { name: 'ServiceNotFoundException', message: 'Service not found.' })
  })

  it('deletes a service with tasks to DRAINING: still described, no longer listed, not updatable, and holding its cluster', async () => {
    const s = await newService('draining')
    await putTask(s, s.deployments![0]!.id!, { lastStatus: 'RUNNING' })
    const del = await t.ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'draining', force: true }))
    assert.equal(del.service?.status, 'DRAINING')
    assert.equal(del.service?.desiredCount, 0)
    assert.equal(del.service?.runningCount, 1, 'the scheduler, not DeleteService, stops the tasks')
    const again = await t.ecs.send(new DeleteServiceCommand({ cluster: 'c', service: 'draining' }))
    assert.equal(again.service?.status, 'DRAINING', 'deleting again answers it as it is, force or not')
    assert.equal((await describe1('draining')).status, 'DRAINING')
    assert.ok(!(await t.ecs.send(new ListServicesCommand({ cluster: 'c' }))).serviceArns?.includes(s.serviceArn!))
    await assert.rejects(t.ecs.send(new UpdateServiceCommand({ cluster: 'c', service: 'draining', desiredCount: 1 })), {
      name: 'ServiceNotActiveException',
      message: 'Service was not ACTIVE.',
    })
    await assert.rejects(t.ecs.send(new CreateServiceCommand({ cluster: 'c', serviceName: 'draining', taskDefinition: 'web', desiredCount: 1 })), {
      name: 'InvalidParameterException',
      message: 'Creation of service was not idempotent.',
    })
    const { serviceDeployments } = await t.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [s.currentServiceDeployment!] }))
    assert.equal(serviceDeployments?.[0]?.status, 'STOPPED')
    assert.equal(serviceDeployments?.[0]?.statusReason, SERVICE_DELETED_REASON)
    assert.deepEqual(serviceDeployments?.[0]?.targetServiceRevision?.runningTaskCount, 1, 'the counts are frozen as they were')
  })

  it('refuses to delete a cluster that still holds an ACTIVE or DRAINING service', async () => {
    await assert.rejects(t.ecs.send(new DeleteClusterCommand({ cluster: 'c' })), {
      name: 'ClusterContainsServicesException',
      message: 'The Cluster cannot be deleted while Services are active.',
    })
  })

  it('describes up to 10 services by name, long ARN and short ARN; unknown ones are MISSING under the ARN asked for', async () => {
    const s = await newService('described', 0)
    const res = await t.ecs.send(
      new DescribeServicesCommand({
        cluster: 'c',
        services: ['described', s.serviceArn!, `${ACCOUNT}:service/described`, 'ghost', `${ACCOUNT}:service/ghost`, `${ACCOUNT}:service/other/described`],
      }),
    )
    assert.deepEqual(res.services?.map((x) => x.serviceArn), [s.serviceArn, s.serviceArn, s.serviceArn])
    assert.deepEqual(res.failures, [
      { arn: `${ACCOUNT}:service/c/ghost`, reason: 'MISSING' },
      { arn: `${ACCOUNT}:service/c/ghost`, reason: 'MISSING' },
      { arn: `${ACCOUNT}:service/other/described`, reason: 'MISSING' },
    ])
    await assert.rejects(t.ecs.send(new DescribeServicesCommand({ cluster: 'c', services: Array.from({ length: 11 }, () => 'described') })), {
      name: 'InvalidParameterException',
      message: 'service names can have at most 10 items.',
    })
    await assert.rejects(t.ecs.send(new DescribeServicesCommand({ cluster: 'nope', services: ['described'] })), { name: 'ClusterNotFoundException' })
  })
})
