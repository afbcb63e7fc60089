import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { after, describe, it } from 'node:test'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { awsCliMissing, awsJson } from '../testing/server.js'
import { berthUpFixture } from '../testing/berth-up-fixture.js'
import type { SpawnedBerth } from '../testing/spawn-berth.js'
import { waitFor } from '../testing/wait.js'

/**
 * The Fargate task definition of AWS's guide ("Creating an Amazon ECS Linux task for Fargate
 * with the AWS CLI": sample-fargate, httpd writing its page then running httpd-foreground),
 * run by the real `berth up` on its Fargate pool through the aws CLI v2, as a task and as a
 * service with launchType FARGATE behind a load balancer whose target group is of type ip (the
 * task's own address registered, the page served through the listener). Only the image is adapted: a busybox image built here with
 * the paths the sample's command uses (/usr/local/apache2/htdocs, httpd-foreground). No
 * container instance is listed for the pool. Addresses 127.0.28.x.
 */
const IMAGE = 'berth-test/fg-httpd:latest'
const DOCKERFILE = `FROM ${TEST_IMAGES.busybox}
RUN mkdir -p /usr/local/apache2/htdocs && printf '#!/bin/sh\\nexec httpd -f -p 80 -h /usr/local/apache2/htdocs\\n' > /bin/httpd-foreground && chmod +x /bin/httpd-foreground
`

/** AWS's sample, word for word but for the image. */
const SAMPLE_FARGATE = {
  family: 'sample-fargate',
  networkMode: 'awsvpc',
  containerDefinitions: [
    {
      name: 'fargate-app',
      image: IMAGE,
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
      essential: true,
      entryPoint: ['sh', '-c'],
      command: [
        "/bin/sh -c \"echo '<html> <head> <title>Amazon ECS Sample App</title> <style>body {margin-top: 40px; background-color: #333;} </style> </head><body> <div style=color:white;text-align:center> <h1>Amazon ECS Sample App</h1> <h2>Congratulations!</h2> <p>Your application is now running on a container in Amazon ECS.</p> </div></body></html>' >  /usr/local/apache2/htdocs/index.html && httpd-foreground\"",
      ],
    },
  ],
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
}
/** Where berth up binds its load balancers' listeners. */
const LB_IP = '127.0.28.1'
const LISTENER_PORT = 8080
const NETWORK = 'awsvpcConfiguration={subnets=[subnet-abcd1234],securityGroups=[sg-abcd1234],assignPublicIp=ENABLED}'

const docker = await connectTestEngine()
const skip = docker.skip ?? (awsCliMissing || undefined)
describe('a Fargate task and service from AWS\'s guide, on berth up\'s Fargate pool', { skip: skip && `skipped: ${skip}` }, () => {
  const rt = docker.skip === undefined ? docker.runtime : undefined
  const up = berthUpFixture('fg-e2e', rt)
  const { cluster, dataDir } = up
  let berth: SpawnedBerth | undefined
  after(async () => {
    await up.close()
  })

  // The CLI's JSON as it printed it: the assertions below name the members they read.
  const cli = (...args: string[]) => awsJson(berth!.endpoint, ['ecs', ...args])
  const describeTask = async (arn: string) => (await cli('describe-tasks', '--cluster', cluster, '--tasks', arn)).tasks[0]
  const elb = (...args: string[]) => awsJson(berth!.endpoint, ['elbv2', ...args])
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const attachmentDetail = (task: any, name: string): string | undefined => task.attachments?.[0]?.details.find((d: { name: string }) => d.name === name)?.value

  it('runs as a task and as a service with launchType FARGATE, and no container instance is listed', async () => {
    await ensureTestImages(rt!.client)
    await promisify(execFile)('sh', ['-c', `docker build -q -t ${IMAGE} - <<'EOF'\n${DOCKERFILE}EOF`])
    berth = await up.start(['--instances', '0', '--fargate-ip', '127.0.28.10', '--lb-address', LB_IP, '--fargate-cpu', '1024', '--fargate-memory', '2048'])
    assert.match(berth.stdout(), /Fargate pool of 1024 CPU units and 2048 MiB at 127\.0\.28\.10/)
    const file = join(dataDir, 'sample-fargate.json')
    writeFileSync(file, JSON.stringify(SAMPLE_FARGATE))
    const registered = await cli('register-task-definition', '--cli-input-json', `file://${file}`)
    assert.deepEqual(registered.taskDefinition.compatibilities, ['EC2', 'FARGATE'])

    // As a task.
    const run = await cli('run-task', '--cluster', cluster, '--task-definition', 'sample-fargate:1', '--count', '1', '--launch-type', 'FARGATE', '--network-configuration', NETWORK)
    assert.deepEqual(run.failures, [])
    const arn: string = run.tasks[0].taskArn
    const task = await waitFor(`${arn} RUNNING`, () => describeTask(arn), (t) => t.lastStatus === 'RUNNING' || t.lastStatus === 'STOPPED', { timeoutMs: 60_000, intervalMs: 200 })
    assert.equal(task.lastStatus, 'RUNNING', JSON.stringify(task))
    assert.equal(task.launchType, 'FARGATE')
    assert.equal(task.containerInstanceArn, undefined)
    assert.equal(task.platformVersion, '1.4.0')
    assert.equal(task.platformFamily, 'Linux')
    assert.deepEqual(task.ephemeralStorage, { sizeInGiB: 20 })
    assert.equal(task.cpu, '256')
    assert.equal(task.memory, '512')
    // The sample's page, served from the task's own address (its ENI attachment), as on Fargate.
    const ip = attachmentDetail(task, 'privateIPv4Address')
    assert.match(ip ?? '', /^\d+\.\d+\.\d+\.\d+$/, JSON.stringify(task.attachments))
    assert.equal(attachmentDetail(task, 'subnetId'), 'subnet-abcd1234')
    assert.deepEqual(task.containers[0].networkBindings, [], 'awsvpc publishes nothing on the host')
    assert.match(await (await fetch(`http://${ip}:80/`)).text(), /Amazon ECS Sample App/)

    // As a service behind a load balancer whose target group is of type ip: its task's own address is the target.
    const lb = (await elb('create-load-balancer', '--name', 'fg-alb', '--subnets', 'subnet-abcd1234', 'subnet-abcd5678')).LoadBalancers[0].LoadBalancerArn
    const tg = (
      await elb('create-target-group', '--name', 'fg-ip', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-abcd1234', '--target-type', 'ip',
        '--health-check-path', '/', '--health-check-interval-seconds', '5', '--health-check-timeout-seconds', '2', '--healthy-threshold-count', '2')
    ).TargetGroups[0].TargetGroupArn
    await elb('create-listener', '--load-balancer-arn', lb, '--protocol', 'HTTP', '--port', String(LISTENER_PORT), '--default-actions', `Type=forward,TargetGroupArn=${tg}`)
    await cli('create-service', '--cluster', cluster, '--service-name', 'fg-sample', '--task-definition', 'sample-fargate:1', '--desired-count', '1',
      '--launch-type', 'FARGATE', '--platform-version', 'LATEST', '--network-configuration', NETWORK,
      '--load-balancers', `targetGroupArn=${tg},containerName=fargate-app,containerPort=80`)
    const service = await waitFor('fg-sample running 1', async () => (await cli('describe-services', '--cluster', cluster, '--services', 'fg-sample')).services[0], (s) => s.runningCount === 1, {
      timeoutMs: 60_000,
      intervalMs: 200,
    })
    assert.equal(service.launchType, 'FARGATE')
    assert.equal(service.platformVersion, 'LATEST')
    const serviceTasks = (await cli('list-tasks', '--cluster', cluster, '--service-name', 'fg-sample')).taskArns as string[]
    assert.equal(serviceTasks.length, 1)
    const serviceTask = await describeTask(serviceTasks[0]!)
    assert.equal(serviceTask.lastStatus, 'RUNNING')
    assert.equal(serviceTask.launchType, 'FARGATE')
    assert.equal(serviceTask.containerInstanceArn, undefined)
    const serviceIp = attachmentDetail(serviceTask, 'privateIPv4Address')
    const targets = await waitFor(
      'the service task healthy in the ip target group',
      async () => (await elb('describe-target-health', '--target-group-arn', tg)).TargetHealthDescriptions,
      (ts) => ts.length === 1 && ts[0].TargetHealth.State === 'healthy',
      { timeoutMs: 60_000, intervalMs: 250 },
    )
    assert.deepEqual(targets.map((t: { Target: { Id: string; Port: number } }) => `${t.Target.Id}:${t.Target.Port}`), [`${serviceIp}:80`])
    assert.match(await (await fetch(`http://${LB_IP}:${LISTENER_PORT}/`)).text(), /Amazon ECS Sample App/, 'the sample page through the listener')

    assert.deepEqual((await cli('list-container-instances', '--cluster', cluster)).containerInstanceArns, [])
    const described = (await cli('describe-clusters', '--clusters', cluster)).clusters[0]
    assert.equal(described.registeredContainerInstancesCount, 0)
    assert.equal(described.runningTasksCount, 2)

    await cli('update-service', '--cluster', cluster, '--service', 'fg-sample', '--desired-count', '0')
    await cli('stop-task', '--cluster', cluster, '--task', arn)
    await waitFor(`${arn} STOPPED`, () => describeTask(arn), (t) => t.lastStatus === 'STOPPED', { timeoutMs: 60_000, intervalMs: 200 })
  })
})
