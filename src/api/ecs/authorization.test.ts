import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EcsArns } from '../../core/arn.js'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { SqliteStore } from '../../state/sqlite/sqlite-store.js'
import { ECS_AUTHORIZATION, resolveEcsResource, type EcsResourceRef } from './authorization.js'
import { implementedEcsOperations } from './index.js'

const arns = new EcsArns(DEFAULT_PARTITION)
const P = 'arn:aws:ecs:us-east-1:000000000000:'
const WEB = `${P}cluster/web`
const DEFAULT = `${P}cluster/default`
const DEPLOYMENT = `${P}service-deployment/web/api/r1Ab2Cd3`
const taskDefinition = (revision: number) => ({
  taskDefinitionArn: `${P}task-definition/web:${revision}`,
  family: 'web',
  revision,
  status: 'ACTIVE' as const,
  containerDefinitions: [{ name: 'app', image: 'web', essential: true, memory: 256 }],
})

interface Row {
  op: string
  input: unknown
  want: Array<{ action: string; resource: string | EcsResourceRef; context?: Record<string, unknown> }>
  why: string
}

// AWS's Service Authorization Reference for ECS, operation by operation, from the validated input.
const ROWS: Row[] = [
  { op: 'ListClusters', input: {}, want: [{ action: 'ecs:ListClusters', resource: '*' }], why: 'no resource type: *' },
  { op: 'CreateCluster', input: { clusterName: 'web' }, want: [{ action: 'ecs:CreateCluster', resource: WEB, context: {} }], why: 'the cluster it creates' },
  { op: 'CreateCluster', input: {}, want: [{ action: 'ecs:CreateCluster', resource: DEFAULT, context: {} }], why: 'no name: default' },
  {
    op: 'CreateCluster',
    input: { clusterName: 'web', tags: [{ key: 'team', value: 'a' }] },
    want: [
      { action: 'ecs:CreateCluster', resource: WEB, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
      { action: 'ecs:TagResource', resource: WEB, context: { 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a', 'ecs:CreateAction': 'CreateCluster' } },
    ],
    why: 'tags on create also need ecs:TagResource',
  },
  {
    op: 'DescribeClusters',
    input: { clusters: ['web', `${P}cluster/prod`] },
    want: [
      { action: 'ecs:DescribeClusters', resource: WEB },
      { action: 'ecs:DescribeClusters', resource: `${P}cluster/prod` },
    ],
    why: 'each cluster, by name or ARN',
  },
  { op: 'DeleteCluster', input: { cluster: 'web' }, want: [{ action: 'ecs:DeleteCluster', resource: WEB }], why: 'the cluster' },
  { op: 'ListContainerInstances', input: { cluster: 'web' }, want: [{ action: 'ecs:ListContainerInstances', resource: WEB }], why: 'on the cluster' },
  { op: 'DeregisterContainerInstance', input: { containerInstance: 'abc' }, want: [{ action: 'ecs:DeregisterContainerInstance', resource: DEFAULT }], why: 'on the cluster (the reference says cluster*)' },
  {
    op: 'DescribeContainerInstances',
    input: { cluster: 'web', containerInstances: ['abc'] },
    want: [{ action: 'ecs:DescribeContainerInstances', resource: `${P}container-instance/web/abc`, context: { 'ecs:cluster': WEB } }],
    why: 'each instance, with ecs:cluster',
  },
  {
    op: 'PutAttributes',
    input: { cluster: 'web', attributes: [{ name: 'a', targetId: 'abc', targetType: 'container-instance' }, { name: 'b', targetId: 'abc', targetType: 'container-instance' }] },
    want: [{ action: 'ecs:PutAttributes', resource: `${P}container-instance/web/abc`, context: { 'ecs:cluster': WEB } }],
    why: 'each target instance once',
  },
  { op: 'ListAttributes', input: { cluster: 'web', targetType: 'container-instance' }, want: [{ action: 'ecs:ListAttributes', resource: WEB }], why: 'on the cluster' },
  { op: 'DescribeTaskDefinition', input: { taskDefinition: 'web:1' }, want: [{ action: 'ecs:DescribeTaskDefinition', resource: '*' }], why: 'no resource type: *' },
  { op: 'DeregisterTaskDefinition', input: { taskDefinition: 'web:1' }, want: [{ action: 'ecs:DeregisterTaskDefinition', resource: '*' }], why: 'no resource type: *' },
  {
    op: 'RegisterTaskDefinition',
    input: { family: 'web', containerDefinitions: [] },
    want: [{ action: 'ecs:RegisterTaskDefinition', resource: { nextRevisionOf: 'web' }, context: {} }],
    why: 'the revision it will create',
  },
  {
    op: 'RunTask',
    input: { cluster: 'web', taskDefinition: 'web' },
    want: [{ action: 'ecs:RunTask', resource: { taskDefinition: 'web' }, context: { 'ecs:cluster': WEB } }],
    why: 'on the task definition, with ecs:cluster',
  },
  {
    op: 'RunTask',
    input: { taskDefinition: 'web:3', tags: [{ key: 'env', value: 'dev' }] },
    want: [{ action: 'ecs:RunTask', resource: { taskDefinition: 'web:3' }, context: { 'ecs:cluster': DEFAULT, 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'dev' } }],
    why: 'the default cluster; request tags',
  },
  {
    op: 'StartTask',
    input: { cluster: 'web', taskDefinition: 'web:3', containerInstances: ['abc'] },
    want: [{ action: 'ecs:StartTask', resource: { taskDefinition: 'web:3' }, context: { 'ecs:cluster': WEB } }],
    why: 'as RunTask',
  },
  {
    op: 'DescribeTasks',
    input: { cluster: 'web', tasks: ['0123', `${P}task/web/4567`] },
    want: [
      { action: 'ecs:DescribeTasks', resource: `${P}task/web/0123`, context: { 'ecs:cluster': WEB } },
      { action: 'ecs:DescribeTasks', resource: `${P}task/web/4567`, context: { 'ecs:cluster': WEB } },
    ],
    why: 'each task, by id or ARN',
  },
  { op: 'ListTasks', input: { cluster: 'web' }, want: [{ action: 'ecs:ListTasks', resource: '*', context: { 'ecs:cluster': WEB } }], why: 'no instance: *, scoped by ecs:cluster' },
  {
    op: 'ListTasks',
    input: { cluster: 'web', containerInstance: 'abc' },
    want: [{ action: 'ecs:ListTasks', resource: `${P}container-instance/web/abc`, context: { 'ecs:cluster': WEB } }],
    why: 'on the instance it filters by',
  },
  { op: 'StopTask', input: { cluster: 'web', task: '0123' }, want: [{ action: 'ecs:StopTask', resource: `${P}task/web/0123`, context: { 'ecs:cluster': WEB } }], why: 'the task' },
  {
    op: 'UpdateTaskProtection',
    input: { cluster: 'web', tasks: ['0123', `${P}task/web/4567`], protectionEnabled: true },
    want: [
      { action: 'ecs:UpdateTaskProtection', resource: `${P}task/web/0123`, context: { 'ecs:cluster': WEB } },
      { action: 'ecs:UpdateTaskProtection', resource: `${P}task/web/4567`, context: { 'ecs:cluster': WEB } },
    ],
    why: 'each task',
  },
  { op: 'GetTaskProtection', input: { cluster: 'web', tasks: ['0123'] }, want: [{ action: 'ecs:GetTaskProtection', resource: `${P}task/web/0123`, context: { 'ecs:cluster': WEB } }], why: 'each task' },
  { op: 'GetTaskProtection', input: { cluster: 'web' }, want: [{ action: 'ecs:GetTaskProtection', resource: '*', context: { 'ecs:cluster': WEB } }], why: 'no task named: *' },
  {
    op: 'CreateService',
    input: { cluster: 'web', serviceName: 'api', tags: [{ key: 'team', value: 'a' }] },
    want: [
      { action: 'ecs:CreateService', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB, 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a' } },
      { action: 'ecs:TagResource', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB, 'aws:TagKeys': ['team'], 'aws:RequestTag/team': 'a', 'ecs:CreateAction': 'CreateService' } },
    ],
    why: 'the service it creates',
  },
  { op: 'UpdateService', input: { cluster: 'web', service: 'api' }, want: [{ action: 'ecs:UpdateService', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB } }], why: 'the service' },
  { op: 'DeleteService', input: { cluster: 'web', service: `${P}service/api` }, want: [{ action: 'ecs:DeleteService', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB } }], why: 'a short ARN, within the cluster' },
  {
    op: 'DescribeServices',
    input: { cluster: 'web', services: ['api', 'worker'] },
    want: [
      { action: 'ecs:DescribeServices', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB } },
      { action: 'ecs:DescribeServices', resource: `${P}service/web/worker`, context: { 'ecs:cluster': WEB } },
    ],
    why: 'each service',
  },
  { op: 'ListServices', input: { cluster: 'web' }, want: [{ action: 'ecs:ListServices', resource: '*', context: { 'ecs:cluster': WEB } }], why: '*, scoped by ecs:cluster' },
  { op: 'ListServiceDeployments', input: { cluster: 'web', service: 'api' }, want: [{ action: 'ecs:ListServiceDeployments', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB } }], why: 'the service' },
  {
    op: 'DescribeServiceDeployments',
    input: { serviceDeploymentArns: [DEPLOYMENT] },
    want: [
      { action: 'ecs:DescribeServiceDeployments', resource: `${P}service/web/api`, context: { 'ecs:cluster': WEB } },
      { action: 'ecs:DescribeServiceDeployments', resource: DEPLOYMENT, context: { 'ecs:cluster': WEB } },
    ],
    why: 'the service and the deployment, both required',
  },
  { op: 'StopServiceDeployment', input: { serviceDeploymentArn: 'nonsense' }, want: [{ action: 'ecs:StopServiceDeployment', resource: 'nonsense' }], why: 'an ARN it cannot read: as given' },
  {
    op: 'TagResource',
    input: { resourceArn: WEB, tags: [{ key: 'env', value: 'dev' }] },
    want: [{ action: 'ecs:TagResource', resource: WEB, context: { 'aws:TagKeys': ['env'], 'aws:RequestTag/env': 'dev' } }],
    why: 'the resource, with the tags',
  },
  { op: 'UntagResource', input: { resourceArn: WEB, tagKeys: ['env'] }, want: [{ action: 'ecs:UntagResource', resource: WEB, context: { 'aws:TagKeys': ['env'] } }], why: 'the keys removed' },
]

describe('ECS authorization table', () => {
  for (const row of ROWS) {
    it(`${row.op}: ${row.why}`, () => {
      const entry = ECS_AUTHORIZATION[row.op]
      assert.ok(entry, `no entry for ${row.op}`)
      assert.deepEqual(entry(row.input, arns), row.want)
    })
  }

  it('has an entry for every ECS operation Berth implements (a new one must decide)', () => {
    const missing = implementedEcsOperations().filter((op) => !Object.hasOwn(ECS_AUTHORIZATION, op))
    assert.deepEqual(missing, [])
  })
})

describe('resolveEcsResource', () => {
  it('names task definitions by the ARN the request will act on', async () => {
    const store = new SqliteStore({ path: ':memory:' })
    await store.txn(async (tx) => {
      await tx.taskDefinitions.put(taskDefinition(1))
      await tx.taskDefinitions.put(taskDefinition(2))
    })
    const resolve = (ref: EcsResourceRef) => store.read((tx) => resolveEcsResource(ref, tx, arns))
    assert.equal(await resolve({ taskDefinition: 'web' }), `${P}task-definition/web:2`, 'newest ACTIVE revision')
    assert.equal(await resolve({ taskDefinition: 'web:1' }), `${P}task-definition/web:1`)
    assert.equal(await resolve({ taskDefinition: `${P}task-definition/web:1` }), `${P}task-definition/web:1`)
    assert.equal(await resolve({ taskDefinition: 'db' }), `${P}task-definition/db:*`, 'a family with no ACTIVE revision')
    assert.equal(await resolve({ taskDefinition: 'web:x' }), `${P}task-definition/web:x`)
    assert.equal(await resolve({ taskDefinition: 'arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1' }), 'arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1')
    assert.equal(await resolve({ nextRevisionOf: 'web' }), `${P}task-definition/web:3`, 'the next revision')
    assert.equal(await resolve({ nextRevisionOf: 'new' }), `${P}task-definition/new:1`)
    await store.close()
  })
})
