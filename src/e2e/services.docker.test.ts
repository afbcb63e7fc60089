import { DescribeServiceDeploymentsCommand, ListServiceDeploymentsCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsJson, jsonFile } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * Services on real containers, driven through Debian's aws CLI v2 as a user would: the seed's
 * service of 4 tasks on 5 instances with a static host port (each instance holds one), rolled
 * to a new revision one spare instance at a time; a crash replaced; an instance drained; a
 * failing revision rolled back by the circuit breaker; a daemon following an instance that
 * joins; scale to zero and delete. Instances on 127.0.5.x (no other test file uses them).
 */
// The aws CLI answers JSON of the shapes ECS documents; these tests read it as such.
/* eslint-disable @typescript-eslint/no-explicit-any */
const docker = await connectTestEngine()
describe('services on real containers, through the aws CLI', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const ips = ['127.0.5.2', '127.0.5.3', '127.0.5.4', '127.0.5.5', '127.0.5.6']
  const rt = docker.skip === undefined ? docker.runtime : undefined
  let c: TestCluster
  const dir = mkdtempSync(join(tmpdir(), 'berth-e2e-services-'))

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips })
    // One Availability Zone: where a rollout leaves tasks depends on which instance was spare,
    // and in several zones the (default) AZ rebalancing would then move one, which is right
    // but not what these tests count. Rebalancing is tested over fake hosts.
    for (const ip of ips) await c.addAgent(ip, { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  /** `aws ecs <args>`; fails the test unless it exits 0; the parsed JSON output. */
  async function ecs(...args: string[]): Promise<any> {
    return awsJson(c.server.endpoint, ['ecs', ...args])
  }
  /** A JSON file for --cli-input-json. */
  const file = (name: string, body: unknown): string => jsonFile(dir, name, body)
  const describeService = async (name: string) => (await ecs('describe-services', '--cluster', c.name, '--services', name)).services[0]
  const untilService = (name: string, done: (s: any) => boolean, what: string, timeoutMs = 90_000) =>
    waitFor(`service ${name}: ${what}`, () => describeService(name), done, { timeoutMs, intervalMs: 250 })
  const tasksOf = async (name: string, desiredStatus = 'RUNNING') => {
    const arns: string[] = (await ecs('list-tasks', '--cluster', c.name, '--service-name', name, '--desired-status', desiredStatus)).taskArns
    return arns.length === 0 ? [] : (await ecs('describe-tasks', '--cluster', c.name, '--tasks', ...arns)).tasks
  }
  const eventsOf = (s: any): string[] => s.events.map((e: any) => e.message)
  const hello = async (ip: string) => (await (await fetch(`http://${ip}:8080/`)).text()).trim()
  /** The web image on static host port 8080, healthy once it answers /health. */
  const webDefinition = (family: string, provider: string, extra: object = {}) => ({
    family,
    containerDefinitions: [
      {
        name: 'web',
        image: TEST_IMAGES.web,
        memory: 64,
        portMappings: [{ containerPort: 5000, hostPort: 8080 }],
        environment: [{ name: 'PROVIDER', value: provider }],
        healthCheck: { command: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:5000/health'], interval: 5, timeout: 2, retries: 2 },
        ...extra,
      },
    ],
  })

  it('creates a service from a JSON file and keeps one task per instance on its static port', async () => {
    await ecs('register-task-definition', '--cli-input-json', file('web-1', webDefinition('web-static', 'v1')))
    const created = await ecs(
      'create-service',
      '--cli-input-json',
      file('service', {
        cluster: c.name,
        serviceName: 'web',
        taskDefinition: 'web-static:1',
        desiredCount: 4,
        clientToken: 'seed-web-1',
        deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100 },
      }),
    )
    assert.equal(created.service.status, 'ACTIVE')
    assert.equal(created.service.desiredCount, 4)
    assert.match(created.service.serviceArn, new RegExp(`:service/${c.name}/web$`))
    await ecs('wait', 'services-stable', '--cluster', c.name, '--services', 'web')
    // The waiter wants runningCount == desiredCount and one deployment; ECS completes the
    // deployment once its tasks are healthy too (here: their health check passed).
    const service = await untilService('web', (s) => s.deployments[0].rolloutState === 'COMPLETED', 'its deployment completed')
    assert.equal(service.runningCount, 4)
    assert.deepEqual(service.deployments.map((d: any) => [d.status, d.rolloutState]), [['PRIMARY', 'COMPLETED']])
    assert.ok(eventsOf(service).includes('(service web) has reached a steady state.'), eventsOf(service).join('\n'))
    const tasks = await tasksOf('web')
    assert.equal(new Set(tasks.map((t: any) => t.containerInstanceArn)).size, 4, 'one task per instance: the static port allows no more')
    assert.ok(tasks.every((t: any) => t.group === 'service:web' && t.startedBy === service.deployments[0].id))
    const serving = tasks.map((t: any) => t.containers[0].networkBindings[0].bindIP as string)
    for (const ip of serving) assert.equal(await hello(ip), 'Hello v1!')
  })

  it('rolls a new revision one spare instance at a time (update-service with the short service ARN)', async () => {
    await ecs('register-task-definition', '--cli-input-json', file('web-2', webDefinition('web-static', 'v2')))
    const before = await describeService('web')
    const shortArn = before.serviceArn.replace(`service/${c.name}/`, 'service/')
    await ecs('update-service', '--cluster', c.name, '--service', shortArn, '--task-definition', 'web-static:2')
    await ecs('wait', 'services-stable', '--cluster', c.name, '--services', 'web')

    const service = await untilService('web', (s) => s.deployments[0].rolloutState === 'COMPLETED', 'its deployment completed')
    const primary = service.deployments[0]
    assert.equal(service.deployments.length, 1)
    assert.match(primary.taskDefinition, /web-static:2$/)
    assert.equal(primary.rolloutStateReason, `ECS deployment ${primary.id} completed.`)
    const tasks = await tasksOf('web')
    assert.equal(tasks.length, 4)
    assert.ok(tasks.every((t: any) => t.taskDefinitionArn.endsWith('web-static:2')))
    for (const t of tasks) assert.equal(await hello(t.containers[0].networkBindings[0].bindIP), 'Hello v2!')

    // The events of this rollout, oldest first: with one spare instance, every start placed
    // one task, and every stop stopped one, four times over.
    const seen = service.events.findIndex((e: any) => e.id === before.events[0].id)
    const rollout = eventsOf(service).slice(0, seen).reverse()
    const started = rollout.filter((m) => m.includes('has started'))
    const stopped = rollout.filter((m) => m.includes('has stopped'))
    assert.equal(started.length, 4, rollout.join('\n'))
    assert.ok(started.every((m) => /has started 1 tasks: \(task [0-9a-f]{32}\)\.$/.test(m)), rollout.join('\n'))
    assert.equal(stopped.length, 4, rollout.join('\n'))
    assert.ok(rollout.includes(`(service web) (deployment ${primary.id}) deployment completed.`))
    const old = (await tasksOf('web', 'STOPPED')).filter((t: any) => t.taskDefinitionArn.endsWith('web-static:1'))
    assert.ok(old.every((t: any) => t.stopCode === 'ServiceSchedulerInitiated' && t.stoppedReason === `Scaling activity initiated by (deployment ${before.deployments[0].id})`))

    const deployments = await c.server.ecs.send(new ListServiceDeploymentsCommand({ cluster: c.name, service: 'web' }))
    assert.deepEqual(deployments.serviceDeployments?.map((d) => d.status), ['SUCCESSFUL', 'SUCCESSFUL'])
  })

  it('replaces a task whose container dies', async () => {
    const [victim] = await tasksOf('web')
    await rt!.stop(victim.containers[0].runtimeId, { timeoutMs: 0, signal: 'SIGKILL' })
    await untilService('web', (s) => s.runningCount === 4 && s.events.some((e: any) => e.message.includes('has started 1 tasks')), 'a replacement running')
    const gone = (await ecs('describe-tasks', '--cluster', c.name, '--tasks', victim.taskArn)).tasks[0]
    assert.equal(gone.lastStatus, 'STOPPED')
    assert.equal(gone.stopCode, 'EssentialContainerExited')
    await ecs('wait', 'services-stable', '--cluster', c.name, '--services', 'web')
  })

  it('moves the service\'s task off an instance set to DRAINING, onto the spare one', async () => {
    const [onIt] = await tasksOf('web')
    const instance = onIt.containerInstanceArn
    await ecs('update-container-instances-state', '--cluster', c.name, '--container-instances', instance, '--status', 'DRAINING')
    await untilService('web', (s) => s.runningCount === 4 && s.deployments.length === 1, 'four tasks running again')
    await waitFor('the drained instance to hold none of its tasks', () => tasksOf('web'), (ts) => ts.length === 4 && ts.every((t: any) => t.containerInstanceArn !== instance), { timeoutMs: 60_000, intervalMs: 250 })
    await ecs('update-container-instances-state', '--cluster', c.name, '--container-instances', instance, '--status', 'ACTIVE')
  })

  it('scales to zero and deletes the service', async () => {
    await ecs('update-service', '--cluster', c.name, '--service', 'web', '--desired-count', '0')
    await untilService('web', (s) => s.runningCount === 0 && s.pendingCount === 0, 'no task left')
    const deleted = await ecs('delete-service', '--cluster', c.name, '--service', 'web')
    assert.ok(['DRAINING', 'INACTIVE'].includes(deleted.service.status))
    await ecs('wait', 'services-inactive', '--cluster', c.name, '--services', 'web')
    assert.deepEqual((await ecs('list-services', '--cluster', c.name)).serviceArns, [])
  })

  it('rolls a failing revision back with the circuit breaker', async () => {
    const good = { family: 'flaky', containerDefinitions: [{ ...webDefinition('flaky', 'good').containerDefinitions[0], portMappings: [{ containerPort: 5000 }] }] }
    await ecs('register-task-definition', '--cli-input-json', file('flaky-1', good))
    await ecs('create-service', '--cluster', c.name, '--service-name', 'flaky', '--task-definition', 'flaky:1', '--desired-count', '2',
      '--deployment-configuration', 'deploymentCircuitBreaker={enable=true,rollback=true},maximumPercent=200,minimumHealthyPercent=100')
    await ecs('wait', 'services-stable', '--cluster', c.name, '--services', 'flaky')
    const stable = await untilService('flaky', (s) => s.deployments[0].rolloutState === 'COMPLETED', 'its first deployment completed')

    const bad = { family: 'flaky', containerDefinitions: [{ ...good.containerDefinitions[0], command: ['sh', '-c', 'echo failing; exit 1'] }] }
    await ecs('register-task-definition', '--cli-input-json', file('flaky-2', bad))
    const updated = await ecs('update-service', '--cluster', c.name, '--service', 'flaky', '--task-definition', 'flaky:2')
    const failed = updated.service.deployments[0].id
    const rolledBack = await untilService('flaky', (s) => eventsOf(s).some((m) => m.startsWith('(service flaky) rolling back to deployment')), 'the circuit breaker to roll back', 120_000)
    assert.ok(eventsOf(rolledBack).includes(`(service flaky) (deployment ${failed}) deployment failed: tasks failed to start.`))
    assert.ok(eventsOf(rolledBack).includes(`(service flaky) rolling back to deployment ${stable.deployments[0].id}.`))
    await ecs('wait', 'services-stable', '--cluster', c.name, '--services', 'flaky')

    const back = await untilService('flaky', (s) => s.deployments[0].rolloutState === 'COMPLETED', 'the rollback completed')
    assert.equal(back.deployments[0].id, stable.deployments[0].id, 'the rollback revives the completed deployment')
    assert.match(back.taskDefinition, /flaky:1$/)
    assert.ok((await tasksOf('flaky')).every((t: any) => t.taskDefinitionArn.endsWith('flaky:1')))
    const listed = await c.server.ecs.send(new ListServiceDeploymentsCommand({ cluster: c.name, service: 'flaky' }))
    const newest = listed.serviceDeployments![0]!
    const [detail] = (await c.server.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [newest.serviceDeploymentArn!] }))).serviceDeployments!
    assert.equal(detail!.status, 'ROLLBACK_SUCCESSFUL')
    assert.equal(detail!.deploymentCircuitBreaker?.status, 'TRIGGERED')
    assert.ok((detail!.deploymentCircuitBreaker?.failureCount ?? 0) >= 3)

    await ecs('delete-service', '--cluster', c.name, '--service', 'flaky', '--force')
    await ecs('wait', 'services-inactive', '--cluster', c.name, '--services', 'flaky')
  })

  it('runs a daemon on every instance, and on one that joins', async () => {
    await ecs('register-task-definition', '--cli-input-json',
      file('daemon', { family: 'daemon', containerDefinitions: [{ name: 'd', image: TEST_IMAGES.busybox, memory: 16, command: ['sleep', '100000'], linuxParameters: { initProcessEnabled: true } }] }))
    await ecs('create-service', '--cluster', c.name, '--service-name', 'agentd', '--task-definition', 'daemon', '--scheduling-strategy', 'DAEMON')
    await untilService('agentd', (s) => s.runningCount === 5 && s.desiredCount === 5, 'a task on each of 5 instances')
    await c.addAgent('127.0.5.7', { BERTH_AVAILABILITY_ZONE: 'us-east-1a' })
    const grown = await untilService('agentd', (s) => s.runningCount === 6 && s.desiredCount === 6, 'a task on the instance that joined')
    assert.equal(grown.schedulingStrategy, 'DAEMON')
    const tasks = await tasksOf('agentd')
    assert.equal(new Set(tasks.map((t: any) => t.containerInstanceArn)).size, 6)
    await ecs('delete-service', '--cluster', c.name, '--service', 'agentd')
    await ecs('wait', 'services-inactive', '--cluster', c.name, '--services', 'agentd')
  })
})
