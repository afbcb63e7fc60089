import {
  CreateClusterCommand,
  DeleteAttributesCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  GetTaskProtectionCommand,
  PutAttributesCommand,
  StartTaskCommand,
  StopTaskCommand,
  UpdateContainerInstancesStateCommand,
  UpdateTaskProtectionCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../testing/server.js'

/**
 * ECS checks the cluster before the lists a request names: a client that asks a missing
 * cluster with an empty (or oversized) list hears ClusterNotFoundException, and only a real
 * cluster gets the list complained about. One row per operation that takes a cluster and a list.
 */
const ROWS: { op: string; send: (ecs: ECSClient, cluster: string) => Promise<unknown> }[] = [
  { op: 'DescribeTasks', send: (e, cluster) => e.send(new DescribeTasksCommand({ cluster, tasks: [] })) },
  { op: 'DescribeContainerInstances', send: (e, cluster) => e.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [] })) },
  { op: 'DescribeServices', send: (e, cluster) => e.send(new DescribeServicesCommand({ cluster, services: [] })) },
  {
    op: 'UpdateContainerInstancesState',
    send: (e, cluster) => e.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [], status: 'DRAINING' })),
  },
  { op: 'StartTask', send: (e, cluster) => e.send(new StartTaskCommand({ cluster, containerInstances: [], taskDefinition: 'web' })) },
  { op: 'UpdateTaskProtection', send: (e, cluster) => e.send(new UpdateTaskProtectionCommand({ cluster, tasks: [], protectionEnabled: true })) },
  { op: 'GetTaskProtection', send: (e, cluster) => e.send(new GetTaskProtectionCommand({ cluster, tasks: Array.from({ length: 101 }, (_, i) => `t${i}`) })) },
  { op: 'PutAttributes', send: (e, cluster) => e.send(new PutAttributesCommand({ cluster, attributes: [] })) },
  { op: 'DeleteAttributes', send: (e, cluster) => e.send(new DeleteAttributesCommand({ cluster, attributes: [] })) },
  { op: 'StopTask', send: (e, cluster) => e.send(new StopTaskCommand({ cluster, task: 'nothing' })) },
]

describe('errors in the order ECS checks them: the cluster before the list', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'here' }))
  })
  after(() => t.close())

  for (const row of ROWS) {
    it(`${row.op}: a missing cluster is ClusterNotFoundException; on a real cluster the list is InvalidParameterException`, async () => {
      await assert.rejects(row.send(t.ecs, 'nowhere'), { name: 'ClusterNotFoundException' })
      await assert.rejects(row.send(t.ecs, 'here'), { name: 'InvalidParameterException' })
    })
  }

  it('the aws CLI hears ClusterNotFoundException for describe-tasks with no tasks on a missing cluster', { skip: awsCliMissing }, async () => {
    const res = await awsCli(t.endpoint, ['ecs', 'describe-tasks', '--cluster', 'nowhere', '--tasks', '[]'])
    assert.notEqual(res.code, 0)
    assert.match(res.stderr, /ClusterNotFoundException/)
  })
})
