import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, type NetworkMode } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages } from '../testing/images.js'
import { logsClient } from '../testing/logs.js'
import { ensureSdkImage } from '../testing/sdk-image.js'
import { TEST_CREDENTIALS } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/**
 * An AWS SDK inside a container finds its task role's credentials where it would on ECS: the
 * JS SDK's own default credential chain, in an image built from this host's node and
 * node_modules (testing/sdk-image.ts), given nothing but the variables the agent sets
 * (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, answered at 169.254.170.2). The server verifies
 * signatures and knows the mapped key, so a container on the host network signing
 * ListClusters with what the SDK obtained proves the credentials usable end to end. Bridge
 * and awsvpc containers cannot reach a server on the host's loopback, so they stop at the
 * key and their metadata. The agent binds 169.254.170.2:80: root only. Agent on 127.0.35.2;
 * names sdk-.
 */
const ROLE = 'arn:aws:iam::000000000000:role/sdk-app'
const MAPPED = { accessKeyId: 'AKIDSDKAPPROLE', secretAccessKey: 'sdk-app-secret', sessionToken: 'sdk-app-session' }

const docker = await connectTestEngine()
const root = process.getuid?.() === 0
describe('an AWS SDK inside a container', { skip: (docker.skip && `no Docker Engine answers: ${docker.skip}`) || (!root && 'the agent adds 169.254.170.2 to lo and binds port 80: root only') }, () => {
  let c: TestCluster
  let image: string
  before(async () => {
    if (docker.skip !== undefined || !root) return
    await ensureTestImages(docker.runtime.client)
    image = await ensureSdkImage(docker.runtime.client)
    const keys = new Map([
      [TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey],
      [MAPPED.accessKeyId, MAPPED.secretAccessKey],
    ])
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.35.2'], namePrefix: 'sdk', server: { taskRoles: new Map([[ROLE, MAPPED]]), auth: { mode: 'verify', keys } } })
    await c.addAgent('127.0.35.2', { BERTH_TASK_ENDPOINT: '169.254.170.2:80', AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  /** Runs the image's probe as a task with the role; resolves to its output lines once it finished, and its container's exit code. */
  async function probe(family: string, networkMode: NetworkMode, environment: Record<string, string>) {
    const group = `/ecs/${c.name}-${family}`
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        networkMode,
        taskRoleArn: ROLE,
        containerDefinitions: [
          {
            name: 'app',
            image,
            memory: 128,
            // No AWS_REGION here: the SDK finds the region ECS sets in every container.
            environment: Object.entries(environment).map(([name, value]) => ({ name, value })),
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'true' },
            },
          },
        ],
      }),
    )
    const taskArn = (await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: family }))).tasks![0]!.taskArn!
    const stopped = await waitFor(
      `${family} to stop`,
      () => c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [taskArn] })).then((r) => r.tasks![0]!),
      (t) => t.lastStatus === 'STOPPED',
      { timeoutMs: 60_000, intervalMs: 200 },
    )
    const logs = logsClient(c.server.endpoint)
    const lines = await waitFor(
      `${family}'s output`,
      () =>
        logs
          .send(new GetLogEventsCommand({ logGroupName: group, logStreamName: `ecs/app/${taskArn.split('/').pop()}`, startFromHead: true }))
          .then((e) => (e.events ?? []).map((x) => x.message ?? ''), () => []),
      (m) => m.some((l) => l === 'DONE' || l.startsWith('FAILED ')),
      { timeoutMs: 30_000, intervalMs: 200 },
    )
    logs.destroy()
    const said = (prefix: string) => lines.find((l) => l.startsWith(`${prefix} `))?.slice(prefix.length + 1)
    return { taskArn, lines, said, exitCode: stopped.containers?.[0]?.exitCode, stoppedReason: stopped.stoppedReason }
  }

  it('on the host network: the default chain obtains the mapped key, ListClusters signed with it succeeds, and v4 metadata names the task', async () => {
    const r = await probe('sdk-host', 'host', { PROBE_ECS_ENDPOINT: c.server.endpoint })
    assert.deepEqual(r.lines.filter((l) => l.startsWith('FAILED ')), [], r.lines.join('\n'))
    assert.equal(r.said('KEY'), MAPPED.accessKeyId)
    assert.ok((JSON.parse(r.said('CLUSTERS') ?? '[]') as string[]).some((arn) => arn.endsWith(`:cluster/${c.name}`)), `ListClusters answered ${r.said('CLUSTERS')}`)
    assert.equal(r.said('TASK'), r.taskArn)
    assert.equal(r.exitCode, 0, r.stoppedReason)
  })

  for (const networkMode of ['bridge', 'awsvpc'] as const) {
    it(`in ${networkMode} mode: the default chain obtains the mapped key from 169.254.170.2, and v4 metadata names the task`, async () => {
      const r = await probe(`sdk-${networkMode}`, networkMode, {})
      assert.deepEqual(r.lines.filter((l) => l.startsWith('FAILED ')), [], r.lines.join('\n'))
      assert.equal(r.said('KEY'), MAPPED.accessKeyId)
      assert.equal(r.said('TASK'), r.taskArn)
      assert.equal(r.exitCode, 0, r.stoppedReason)
    })
  }

  it('a signature made with a key the SDK did not obtain is refused: the check above is not vacuous', async () => {
    const r = await probe('sdk-forged', 'host', { PROBE_ECS_ENDPOINT: c.server.endpoint, AWS_ACCESS_KEY_ID: MAPPED.accessKeyId, AWS_SECRET_ACCESS_KEY: 'not-the-secret' })
    assert.equal(r.said('KEY'), MAPPED.accessKeyId, 'the environment comes first in the chain')
    assert.match(r.said('FAILED') ?? '', /^InvalidSignatureException: The request signature we calculated does not match/)
    assert.equal(r.exitCode, 1)
  })
})
