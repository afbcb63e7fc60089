import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsCliMissing, awsJson } from '../testing/server.js'
import { berthUpFixture } from '../testing/berth-up-fixture.js'
import type { SpawnedBerth } from '../testing/spawn-berth.js'
import { waitFor } from '../testing/wait.js'

/**
 * A task set with launchType FARGATE behind a target group of type ip, on the real `berth up`'s
 * Fargate pool through the aws CLI v2: each task's own address is registered, healthy, served
 * through the listener; DescribeTaskSets shows FARGATE and platform version 1.4.0; deleting
 * the task set drains its targets and stops its tasks. Addresses 127.0.36.x.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
const LB_IP = '127.0.36.1'
const LISTENER_PORT = 8090
const NETWORK = 'awsvpcConfiguration={subnets=[subnet-abcd1234],securityGroups=[sg-abcd1234],assignPublicIp=DISABLED}'

const docker = await connectTestEngine()
const skip = docker.skip ?? (awsCliMissing || undefined)
describe('a FARGATE task set behind an ip target group, on berth up’s Fargate pool', { skip: skip && `skipped: ${skip}` }, () => {
  const rt = docker.skip === undefined ? docker.runtime : undefined
  const up = berthUpFixture('ts2-fg', rt)
  const { cluster, dataDir } = up
  let berth: SpawnedBerth | undefined
  after(async () => {
    await up.close()
  })

  async function aws(service: 'ecs' | 'elbv2', ...args: string[]): Promise<any> {
    return awsJson(berth!.endpoint, [service, ...args])
  }
  const addressOf = (task: any): string | undefined => task.attachments?.[0]?.details.find((d: { name: string }) => d.name === 'privateIPv4Address')?.value
  const health = async (tg: string) => (await aws('elbv2', 'describe-target-health', '--target-group-arn', tg)).TargetHealthDescriptions

  it('registers each Fargate task’s own address, is steady once they are healthy, and drains them when deleted', async () => {
    await ensureTestImages(rt!.client)
    berth = await up.start(['--instances', '0', '--fargate-ip', '127.0.36.10', '--lb-address', LB_IP, '--fargate-cpu', '1024', '--fargate-memory', '2048'])
    const file = join(dataDir, 'ts2-fg.json')
    writeFileSync(file, JSON.stringify({
      family: 'ts2-fg',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'web', image: TEST_IMAGES.web, essential: true, portMappings: [{ containerPort: 5000, protocol: 'tcp' }], environment: [{ name: 'PROVIDER', value: 'fargate set' }], stopTimeout: 2 }],
    }))
    await aws('ecs', 'register-task-definition', '--cli-input-json', `file://${file}`)
    const lb = (await aws('elbv2', 'create-load-balancer', '--name', 'ts2-fg-alb', '--subnets', 'subnet-abcd1234', 'subnet-abcd5678')).LoadBalancers[0].LoadBalancerArn
    const tg = (await aws('elbv2', 'create-target-group', '--name', 'ts2-fg-ip', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-abcd1234', '--target-type', 'ip',
      '--health-check-path', '/health', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')).TargetGroups[0].TargetGroupArn
    await aws('elbv2', 'create-listener', '--load-balancer-arn', lb, '--protocol', 'HTTP', '--port', String(LISTENER_PORT), '--default-actions', `Type=forward,TargetGroupArn=${tg}`)

    await aws('ecs', 'create-service', '--cluster', cluster, '--service-name', 'ts2-fg-svc', '--desired-count', '2', '--deployment-controller', 'type=EXTERNAL')
    const set = (await aws('ecs', 'create-task-set', '--cluster', cluster, '--service', 'ts2-fg-svc', '--task-definition', 'ts2-fg', '--launch-type', 'FARGATE',
      '--network-configuration', NETWORK, '--load-balancers', `targetGroupArn=${tg},containerName=web,containerPort=5000`)).taskSet
    assert.deepEqual([set.launchType, set.platformVersion, set.platformFamily], ['FARGATE', '1.4.0', 'Linux'])
    await aws('ecs', 'update-service-primary-task-set', '--cluster', cluster, '--service', 'ts2-fg-svc', '--primary-task-set', set.id)
    await waitFor('the task set steady', async () => (await aws('ecs', 'describe-task-sets', '--cluster', cluster, '--service', 'ts2-fg-svc')).taskSets[0],
      (t: any) => t.stabilityStatus === 'STEADY_STATE' && t.runningCount === 2, { timeoutMs: 120_000, intervalMs: 250 })
    const arns: string[] = (await aws('ecs', 'list-tasks', '--cluster', cluster, '--started-by', set.id)).taskArns
    const tasks = (await aws('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...arns)).tasks
    assert.ok(tasks.every((t: any) => t.launchType === 'FARGATE' && t.platformVersion === '1.4.0' && t.containerInstanceArn === undefined), JSON.stringify(tasks.map((t: any) => [t.launchType, t.platformVersion])))
    const targets = await health(tg)
    assert.deepEqual(targets.map((t: any) => `${t.Target.Id}:${t.Target.Port} ${t.TargetHealth.State}`).sort(), tasks.map((t: any) => `${addressOf(t)}:5000 healthy`).sort())
    assert.equal((await (await fetch(`http://${LB_IP}:${LISTENER_PORT}/`)).text()).trim(), 'Hello fargate set!')

    await aws('ecs', 'delete-task-set', '--cluster', cluster, '--service', 'ts2-fg-svc', '--task-set', set.id, '--force')
    await waitFor('the task set gone', async () => (await aws('ecs', 'describe-task-sets', '--cluster', cluster, '--service', 'ts2-fg-svc', '--task-sets', set.id)).failures,
      (f: any[]) => f.length === 1, { timeoutMs: 120_000, intervalMs: 250 })
    assert.deepEqual(await health(tg), [])
    const stopped = (await aws('ecs', 'describe-tasks', '--cluster', cluster, '--tasks', ...arns)).tasks
    assert.ok(stopped.every((t: any) => t.desiredStatus === 'STOPPED' && t.stoppedReason === `Scaling activity initiated by (deployment ${set.id})`), JSON.stringify(stopped.map((t: any) => t.stoppedReason)))
  })
})
