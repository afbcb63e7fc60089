import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch'
import { systemClock } from '../core/clock.js'
import {
  CreateServiceCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { metricId, single } from '../metrics/metric-store.js'
import { startFakeCluster, type FakeCluster } from '../testing/fake-cluster.js'
import { testMetricStore } from '../testing/metric-stores.js'
import { TEST_CREDENTIALS } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'
import { parseExposition, samplesOf, type Exposition } from './parse-text.js'

// GET /metrics on a whole Berth with fake hosts: what it says equals what the ECS API says.
describe('GET /metrics against a running cluster', () => {
  let c: FakeCluster
  const metrics = testMetricStore(systemClock)
  const SERVICES = { api: 3, worker: 2, idle: 0 } as const

  const scrape = async (): Promise<{ status: number; contentType: string | null; exposition: Exposition; text: string }> => {
    const res = await fetch(`${c.server.endpoint}/metrics`)
    const text = await res.text()
    return { status: res.status, contentType: res.headers.get('content-type'), exposition: parseExposition(text), text }
  }
  const one = (e: Exposition, name: string, labels: Record<string, string>): number | undefined => {
    const found = samplesOf(e, name, labels)
    assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} appears ${found.length} times`)
    return found[0]?.value
  }

  before(async () => {
    c = await startFakeCluster({ hosts: 2, server: { metrics } })
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'app', image: 'idle', memory: 64, cpu: 128 }] }))
    for (const [name, desiredCount] of Object.entries(SERVICES)) {
      await c.server.ecs.send(new CreateServiceCommand({ cluster: c.name, serviceName: name, taskDefinition: 'app', desiredCount }))
    }
    await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'app', count: 2 }))
    await waitFor(
      'every service at its desired count',
      async () => (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: Object.keys(SERVICES) }))).services!,
      (services) => services.every((s) => s.runningCount === s.desiredCount && s.pendingCount === 0),
    )
    await waitFor('the standalone tasks RUNNING', () => lastStatuses(), (s) => s.filter((x) => x === 'RUNNING').length === 7)
  })
  after(() => c?.close())

  /** lastStatus of every task ListTasks knows (RUNNING and STOPPED desired status). */
  async function lastStatuses(): Promise<string[]> {
    const arns: string[] = []
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      arns.push(...(await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, desiredStatus }))).taskArns!)
    }
    if (arns.length === 0) return []
    return (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: arns }))).tasks!.map((t) => t.lastStatus!)
  }

  it('answers the text format, with HELP and TYPE for every berth_ family', async () => {
    const { status, contentType, exposition } = await scrape()
    assert.equal(status, 200)
    assert.match(contentType ?? '', /^text\/plain; version=0\.0\.4/)
    for (const family of [
      'berth_tasks',
      'berth_service_desired_tasks',
      'berth_service_running_tasks',
      'berth_service_pending_tasks',
      'berth_api_request_duration_seconds',
      'berth_scheduler_pass_duration_seconds',
      'berth_lb_requests_total',
    ]) {
      assert.ok(exposition.types.has(family) || exposition.types.has(family.replace(/_total$/, '')), `no TYPE for ${family}`)
    }
    assert.equal(exposition.types.get('berth_api_request_duration_seconds'), 'histogram')
    assert.equal(samplesOf(exposition, 'process_resident_memory_bytes').length, 1, "the process's own figures, once")
  })

  it("per-service desired, running and pending counts equal DescribeServices'", async () => {
    const { exposition } = await scrape()
    const described = (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: Object.keys(SERVICES) }))).services!
    assert.equal(described.length, 3)
    for (const s of described) {
      const labels = { cluster: c.name, service: s.serviceName! }
      assert.equal(one(exposition, 'berth_service_desired_tasks', labels), s.desiredCount, `${s.serviceName} desired`)
      assert.equal(one(exposition, 'berth_service_running_tasks', labels), s.runningCount, `${s.serviceName} running`)
      assert.equal(one(exposition, 'berth_service_pending_tasks', labels), s.pendingCount, `${s.serviceName} pending`)
    }
    assert.equal(one(exposition, 'berth_service_running_tasks', { cluster: c.name, service: 'api' }), 3)
  })

  it('tasks by cluster and lastStatus equal what ListTasks and DescribeTasks say', async () => {
    const { exposition } = await scrape()
    const want = new Map<string, number>()
    for (const s of await lastStatuses()) if (s !== 'STOPPED') want.set(s, (want.get(s) ?? 0) + 1)
    const got = new Map(samplesOf(exposition, 'berth_tasks', { cluster: c.name }).map((s) => [s.labels['last_status']!, s.value]))
    assert.deepEqual(got, want)
    assert.equal(got.get('RUNNING'), 7, '3 + 2 service tasks and 2 standalone')
    assert.equal(one(exposition, 'berth_cluster_info', { cluster: c.name }), 1)
  })

  it("instances' resources and task counts equal DescribeContainerInstances'", async () => {
    const { exposition } = await scrape()
    const arns = (await c.server.ecs.send(new ListContainerInstancesCommand({ cluster: c.name }))).containerInstanceArns!
    const described = (await c.server.ecs.send(new DescribeContainerInstancesCommand({ cluster: c.name, containerInstances: arns }))).containerInstances!
    assert.equal(described.length, 2)
    for (const ci of described) {
      const labels = { cluster: c.name, instance: ci.containerInstanceArn!.split('/').pop()! }
      const res = (list: typeof ci.remainingResources, name: string) => list!.find((r) => r.name === name)!.integerValue
      assert.equal(one(exposition, 'berth_container_instance_registered_cpu_units', labels), res(ci.registeredResources, 'CPU'))
      assert.equal(one(exposition, 'berth_container_instance_remaining_cpu_units', labels), res(ci.remainingResources, 'CPU'))
      assert.equal(one(exposition, 'berth_container_instance_remaining_memory_bytes', labels), res(ci.remainingResources, 'MEMORY')! * 1024 * 1024)
      assert.equal(one(exposition, 'berth_container_instance_running_tasks', labels), ci.runningTasksCount)
      assert.equal(one(exposition, 'berth_container_instance_agent_connected', labels), 1)
    }
  })

  it("per-service and per-cluster utilization: the metric store's latest 1-minute average, as a ratio", async () => {
    const now = Date.now()
    const put = (name: string, dims: Record<string, string>, at: number, value: number) =>
      metrics.put([
        {
          metric: metricId('AWS/ECS', name, Object.entries(dims).map(([n, v]) => ({ name: n, value: v }))),
          timestamp: at,
          values: single(value),
          unit: 'Percent',
          storageResolution: 60,
        },
      ])
    const api = { ClusterName: c.name, ServiceName: 'api' }
    put('CPUUtilization', api, now - 120_000, 90) // an older minute: not the latest
    put('CPUUtilization', api, now, 40)
    put('CPUUtilization', api, now, 50)
    put('MemoryUtilization', api, now, 12.5)
    put('CPUUtilization', { ClusterName: c.name }, now, 30)
    const { exposition } = await scrape()
    const labels = { cluster: c.name, service: 'api' }
    assert.equal(one(exposition, 'berth_service_cpu_utilization_ratio', labels), 0.45)
    assert.equal(one(exposition, 'berth_service_memory_utilization_ratio', labels), 0.125)
    assert.equal(one(exposition, 'berth_cluster_cpu_utilization_ratio', { cluster: c.name }), 0.3)
    assert.equal(one(exposition, 'berth_service_cpu_utilization_ratio', { cluster: c.name, service: 'worker' }), undefined, 'no data: no series, never 0')

    // The same figure through CloudWatch's API, as a user's GetMetricStatistics reads it.
    const cloudwatch = new CloudWatchClient({ endpoint: c.server.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 })
    const minute = Math.floor(now / 60_000) * 60_000
    const { Datapoints } = await cloudwatch.send(
      new GetMetricStatisticsCommand({
        Namespace: 'AWS/ECS',
        MetricName: 'CPUUtilization',
        Dimensions: Object.entries(api).map(([Name, Value]) => ({ Name, Value })),
        StartTime: new Date(minute),
        EndTime: new Date(minute + 60_000),
        Period: 60,
        Statistics: ['Average'],
      }),
    )
    cloudwatch.destroy()
    assert.equal(Datapoints?.length, 1)
    assert.equal(Datapoints![0]!.Average! / 100, one(exposition, 'berth_service_cpu_utilization_ratio', labels))
  })

  it('times API requests by API and operation, and scheduler passes', async () => {
    const { exposition } = await scrape()
    const count = (labels: Record<string, string>) => one(exposition, 'berth_api_request_duration_seconds_count', labels)
    assert.equal(count({ api: 'ecs', operation: 'CreateService' }), 3)
    assert.equal(count({ api: 'ecs', operation: 'RegisterTaskDefinition' }), 1)
    assert.ok((count({ api: 'ecs', operation: 'DescribeServices' }) ?? 0) >= 1)
    const inf = one(exposition, 'berth_api_request_duration_seconds_bucket', { api: 'ecs', operation: 'CreateService', le: '+Inf' })
    assert.equal(inf, 3)
    assert.ok((one(exposition, 'berth_scheduler_pass_duration_seconds_count', {}) ?? 0) >= 1, 'the scheduler ran passes')
  })

  it('refuses other methods on /metrics', async () => {
    const res = await fetch(`${c.server.endpoint}/metrics`, { method: 'POST', body: '' })
    await res.text()
    assert.equal(res.status, 405)
  })
})
