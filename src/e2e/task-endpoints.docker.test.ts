import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type ContainerDefinition, type NetworkMode } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { logsClient } from '../testing/logs.js'
import { waitFor } from '../testing/wait.js'

/**
 * What a container sees of ECS, on real Docker: the task metadata endpoint and the task role
 * credentials endpoint at 169.254.170.2, read from inside busybox containers with wget, and the
 * credentials parsed by real SDK credential providers (botocore's ContainerProvider and the JS
 * SDK's default chain) at the same address, on the host (an SDK running inside a container:
 * sdk-in-container.docker.test.ts). The agent binds 169.254.170.2:80 (it adds the
 * address to lo: root, as in CI). Servers on 127.0.30.x; names te-.
 */
const ROLE = 'arn:aws:iam::000000000000:role/te-app'
const MAPPED = { accessKeyId: 'AKIDTEAPPROLE', secretAccessKey: 'te-app-secret', sessionToken: 'te-app-session' }

const docker = await connectTestEngine()
const root = process.getuid?.() === 0
describe('task endpoints', { skip: (docker.skip && `no Docker Engine answers: ${docker.skip}`) || (!root && 'the agent adds 169.254.170.2 to lo and binds port 80: root only') }, () => {
  let c: TestCluster
  before(async () => {
    if (docker.skip !== undefined || !root) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.30.2'], namePrefix: 'te', server: { taskRoles: new Map([[ROLE, MAPPED]]) } })
    await c.addAgent('127.0.30.2', { BERTH_TASK_ENDPOINT: '169.254.170.2:80' })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const awslogs = (group: string) => ({
    logDriver: 'awslogs' as const,
    options: { 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'true' },
  })

  /** Registers and runs a one-container task; returns its ARN and a reader of its awslogs lines. */
  async function run(family: string, container: Omit<ContainerDefinition, 'name' | 'image'>, more: { networkMode?: NetworkMode; taskRoleArn?: string } = {}) {
    const group = `/ecs/${c.name}-${family}`
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({ family, ...more, containerDefinitions: [{ name: 'app', image: TEST_IMAGES.busybox, memory: 32, logConfiguration: awslogs(group), ...container }] }),
    )
    const r = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: family }))
    const taskArn = r.tasks![0]!.taskArn!
    const logs = logsClient(c.server.endpoint)
    const lines = (until: (messages: string[]) => boolean) =>
      waitFor(
        `${family}'s output`,
        () =>
          logs
            .send(new GetLogEventsCommand({ logGroupName: group, logStreamName: `ecs/app/${taskArn.split('/').pop()}`, startFromHead: true }))
            .then((e) => (e.events ?? []).map((x) => x.message ?? ''), () => []),
        until,
        { timeoutMs: 30_000, intervalMs: 200 },
      )
    return { taskArn, lines, close: () => logs.destroy() }
  }

  for (const networkMode of ['bridge', 'awsvpc'] as const) {
    it(`a ${networkMode} container reads its task's metadata from $ECS_CONTAINER_METADATA_URI_V4/task`, async () => {
      const t = await run(
        `te-meta-${networkMode}`,
        { command: ['sh', '-c', 'echo "META $(wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4/task")"; echo "STATS $(wget -q -O - "$ECS_CONTAINER_METADATA_URI_V4/stats")"; echo "SELF $(wget -q -O - "$ECS_CONTAINER_METADATA_URI")"'] },
        { networkMode },
      )
      const lines = await t.lines((m) => m.some((l) => l.startsWith('SELF ')))
      t.close()
      const meta = JSON.parse(lines.find((l) => l.startsWith('META '))!.slice(5)) as Record<string, unknown> & { Containers: Record<string, unknown>[] }
      assert.equal(meta['TaskARN'], t.taskArn)
      assert.equal(meta['Cluster'], c.name)
      assert.equal(meta['Family'], `te-meta-${networkMode}`)
      assert.equal(meta['LaunchType'], 'EC2')
      assert.deepEqual(meta.Containers.map((x) => [x['Name'], x['KnownStatus'], x['Image']]), [['app', 'RUNNING', TEST_IMAGES.busybox]])
      const described = await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [t.taskArn] }))
      assert.equal(meta.Containers[0]!['ContainerARN'], described.tasks![0]!.containers![0]!.containerArn)
      const self = JSON.parse(lines.find((l) => l.startsWith('SELF '))!.slice(5)) as Record<string, unknown>
      assert.equal(self['Name'], 'app', 'the v3 URI answers the container itself')
      assert.match(String(self['DockerId']), /^[0-9a-f]{64}$/)
      const stats = JSON.parse(lines.find((l) => l.startsWith('STATS '))!.slice(6)) as Record<string, unknown>
      assert.ok(['read', 'cpu_stats', 'precpu_stats', 'memory_stats'].every((k) => k in stats), `Docker's stats JSON: ${JSON.stringify(stats).slice(0, 200)}`)
      assert.equal(stats['id'], self['DockerId'])
    })
  }

  it('a container with a task role obtains the mapped credentials from 169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', async () => {
    const t = await run(
      'te-role',
      { command: ['sh', '-c', 'echo "URI $AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"; echo "CREDS $(wget -q -O - "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")"; sleep 600'], stopTimeout: 2 },
      { taskRoleArn: ROLE },
    )
    const lines = await t.lines((m) => m.some((l) => l.startsWith('CREDS ')))
    t.close()
    const creds = JSON.parse(lines.find((l) => l.startsWith('CREDS '))!.slice(6)) as Record<string, string>
    assert.deepEqual(
      { ...creds, Expiration: Number.isNaN(Date.parse(creds['Expiration'] ?? '')) ? 'not a time' : 'a time' },
      { RoleArn: ROLE, AccessKeyId: MAPPED.accessKeyId, SecretAccessKey: MAPPED.secretAccessKey, Token: MAPPED.sessionToken, Expiration: 'a time' },
    )
    const uri = lines.find((l) => l.startsWith('URI '))!.slice(4)
    assert.match(uri, /^\/v2\/credentials\/[0-9a-f-]{36}$/)

    // The SDKs' container credential providers parse the answer, at the address and path a container uses.
    // Asynchronously: the agent answering it runs in this process.
    const botocore = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
      'python3',
      ['-c', 'import json\nfrom botocore.credentials import ContainerProvider\nc = ContainerProvider().load().get_frozen_credentials()\nprint(json.dumps([c.access_key, c.secret_key, c.token]))'],
      { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: '/nonexistent', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: uri }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ status: error ? 1 : 0, stdout, stderr }),
    ),
    )
    if (botocore.status === 0) assert.deepEqual(JSON.parse(botocore.stdout), [MAPPED.accessKeyId, MAPPED.secretAccessKey, MAPPED.sessionToken])
    else assert.match(botocore.stderr, /No module named '?botocore/, `botocore failed: ${botocore.stderr}`)

    const saved = { ...process.env }
    try {
      // The JS SDK's default chain with nothing but the container's variable to go on.
      for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k]
      Object.assign(process.env, { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: uri, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent' })
      const client = new ECSClient({ region: 'us-east-1', endpoint: c.server.endpoint })
      const identity = await client.config.credentials()
      assert.deepEqual([identity.accessKeyId, identity.secretAccessKey, identity.sessionToken], [MAPPED.accessKeyId, MAPPED.secretAccessKey, MAPPED.sessionToken])
      client.destroy()
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
      Object.assign(process.env, saved)
    }

    // Stopped and let go by the server, the task's credentials are gone: 400 as the ECS agent answers.
    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: t.taskArn }))
    await waitFor('the task to stop', () => c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [t.taskArn] })), (r) => r.tasks?.[0]?.lastStatus === 'STOPPED', { timeoutMs: 30_000 })
    const gone = await waitFor('the credentials to be forgotten', () => fetch(`http://169.254.170.2${uri}`).then((r) => r.status), (s) => s === 400, { timeoutMs: 10_000 })
    assert.equal(gone, 400)
  })

  it('a task whose role the operator has not mapped is refused at RunTask', async () => {
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({ family: 'te-unmapped', taskRoleArn: 'arn:aws:iam::000000000000:role/te-nobody', containerDefinitions: [{ name: 'app', image: TEST_IMAGES.busybox, memory: 32 }] }),
    )
    await assert.rejects(c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'te-unmapped' })), (e: Error) => {
      assert.equal(e.name, 'ClientException')
      assert.match(e.message, /unable to assume the role 'arn:aws:iam::000000000000:role\/te-nobody'.*task roles file/)
      return true
    })
    await assert.rejects(c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'te-meta-bridge', overrides: { taskRoleArn: 'arn:aws:iam::000000000000:role/te-nobody' } })), { name: 'ClientException' })
  })
})
