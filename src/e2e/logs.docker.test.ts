import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { logsClient, spawnAwsCli } from '../testing/logs.js'
import { awsCli } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

/** Container output of awslogs tasks, read back through the Logs API and `aws logs tail` (127.0.3.x). */
const docker = await connectTestEngine()
describe('awslogs tasks', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  let c: TestCluster
  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.3.2'] })
    await c.addAgent('127.0.3.2')
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const logConfiguration = (group: string) => ({
    logDriver: 'awslogs' as const,
    options: { 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'true' },
  })

  it('ships every line of a task, in order, to <prefix>/<container>/<task-id>', async () => {
    const group = `/ecs/${c.name}-count`
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'counter',
        containerDefinitions: [
          { name: 'count', image: TEST_IMAGES.busybox, memory: 32, command: ['sh', '-c', 'for i in $(seq 1 500); do echo line $i; done; echo oops >&2'], logConfiguration: logConfiguration(group) },
        ],
      }),
    )
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'counter' }))
    const taskArn = run.tasks![0]!.taskArn!
    const taskId = taskArn.split('/').pop()!
    await waitFor('the task to stop', () => c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [taskArn] })), (r) => r.tasks?.[0]?.lastStatus === 'STOPPED', { timeoutMs: 20_000 })
    const logs = logsClient(c.server.endpoint)
    const events = await waitFor(
      'all 501 lines',
      () =>
        logs
          .send(new GetLogEventsCommand({ logGroupName: group, logStreamName: `ecs/count/${taskId}`, startFromHead: true, limit: 10_000 }))
          .then((r) => r.events ?? [], () => []),
      (e) => e.length >= 501,
      { timeoutMs: 20_000, intervalMs: 200 },
    )
    logs.destroy()
    // stdout keeps its order; Docker stamps stderr on its own, so where 'oops' falls among the
    // last stdout lines is Docker's to say (as with ECS's awslogs driver).
    const messages = events.map((e) => e.message)
    assert.deepEqual(
      messages.filter((m) => m !== 'oops'),
      Array.from({ length: 500 }, (_, i) => `line ${i + 1}`),
    )
    assert.equal(messages.filter((m) => m === 'oops').length, 1)
    assert.ok(events.every((e) => typeof e.ingestionTime === 'number' && typeof e.timestamp === 'number'))
    const tail = await awsCli(c.server.endpoint, ['logs', 'tail', group, '--since', '1h'])
    assert.equal(tail.code, 0, tail.stderr)
    const lines = tail.stdout.trim().split('\n')
    assert.equal(lines.length, 501)
    // Lines print as `<time> <stream> <message>`; stderr's 'oops' may fall anywhere (see above).
    const stdoutLines = lines.filter((l) => !l.endsWith(' oops'))
    assert.match(stdoutLines[0]!, new RegExp(`^\\S+ ecs/count/${taskId} line 1$`))
    assert.match(stdoutLines[499]!, new RegExp(`^\\S+ ecs/count/${taskId} line 500$`))
  })

  it('shows a running task’s lines in `aws logs tail --follow` as they are written', async () => {
    const group = `/ecs/${c.name}-follow`
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'ticker',
        containerDefinitions: [
          { name: 'tick', image: TEST_IMAGES.busybox, memory: 32, command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done'], logConfiguration: logConfiguration(group) },
        ],
      }),
    )
    await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'ticker' }))
    await waitFor('the group to exist', () => awsCli(c.server.endpoint, ['logs', 'describe-log-groups', '--log-group-name-prefix', group]), (r) => (r.json as { logGroups?: unknown[] } | undefined)?.logGroups?.length === 1, { timeoutMs: 15_000, intervalMs: 300 })
    const follow = spawnAwsCli(c.server.endpoint, ['logs', 'tail', group, '--follow', '--since', '1h'])
    try {
      const out = await follow.waitFor((stdout) => /tick 8\n/.test(stdout), 25_000)
      const ticks = out.match(/tick \d+/g) ?? []
      assert.deepEqual(ticks.slice(0, 8), ['tick 1', 'tick 2', 'tick 3', 'tick 4', 'tick 5', 'tick 6', 'tick 7', 'tick 8'])
    } finally {
      await follow.kill()
    }
  })
})
