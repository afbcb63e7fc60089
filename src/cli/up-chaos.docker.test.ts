import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  type Task,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { LABELS } from '../agent/engine/index.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { TEST_CREDENTIALS } from '../testing/server.js'
import { spawnBerth, type SpawnedBerth } from '../testing/spawn-berth.js'
import { waitFor } from '../testing/wait.js'

/**
 * The chaos test of finding 2: a local agent of the real `berth up --instances 2` is
 * SIGKILLed while its task runs. berth up must keep serving, start the agent again, and the
 * agent must adopt its task: the same container, not started twice, not lost. 127.0.6.x.
 */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const docker = await connectTestEngine()
describe('berth up when a local agent is killed', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  const rt = docker.skip === undefined ? docker.runtime : undefined
  const cluster = `chaos-${randomBytes(4).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-up-chaos-'))
  let berth: SpawnedBerth | undefined
  let ecs: ECSClient | undefined
  after(async () => {
    ecs?.destroy()
    if (berth?.child.exitCode === null) await berth.stop('SIGKILL') // the test failed before its own stop
    // Stopped agents leave their containers running, as the ECS agent does: remove them.
    for (const c of (await rt?.list({ labels: { [LABELS.cluster]: cluster } })) ?? []) await rt!.remove(c.id, { force: true, volumes: true })
    rt?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const describeTask = async (arn: string): Promise<Task> => (await ecs!.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks![0]!
  /** `[instance N ...] ... registered containerInstance=<arn>` → N; `local instance N started ... pid=P` → the PIDs of N, in order. */
  const instanceNumberOf = (arn: string) => Number(new RegExp(`\\[instance (\\d+) [^\\]]+\\] \\S+ INFO registered containerInstance=${arn}`).exec(berth!.stdout())?.[1])
  const pidsOf = (n: number) => [...berth!.stdout().matchAll(new RegExp(`INFO local instance ${n} started \\S+ pid=(\\d+)`, 'g'))].map((m) => Number(m[1]))

  it('keeps answering, starts the agent again, and the agent adopts its task', async () => {
    await ensureTestImages(rt!.client)
    berth = await spawnBerth('up', dataDir, ['--instances', '2', '--cluster', cluster, '--instance-base-ip', '127.0.6.2', '--instance-memory', '1024'])
    ecs = new ECSClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 })
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'sleeper',
        containerDefinitions: [{ name: 'sleep', image: TEST_IMAGES.busybox, memory: 32, command: ['sleep', '3600'], linuxParameters: { initProcessEnabled: true } }],
      }),
    )
    // One task on each instance: the killed agent has one, the other agent's is the control.
    const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: 'sleeper', count: 2, placementConstraints: [{ type: 'distinctInstance' }] }))
    const arns = run.tasks!.map((t) => t.taskArn!)
    const before = await Promise.all(arns.map((arn) => waitFor(`${arn} RUNNING`, () => describeTask(arn), (t) => t.lastStatus === 'RUNNING', { timeoutMs: 30_000, intervalMs: 100 })))
    const victim = before[0]!
    const instanceArn = victim.containerInstanceArn!
    const n = instanceNumberOf(instanceArn)
    const [pid] = pidsOf(n)
    assert.ok(pid, `no PID logged for local instance ${n}:\n${berth.stdout()}`)

    // The API is asked all along; every call must answer, and some must fall while the agent is down.
    let polling = true
    let answeredWhileDown = 0
    let agentDown = false
    const failures: unknown[] = []
    const poller = (async () => {
      while (polling) {
        await ecs!.send(new ListClustersCommand({})).then(() => void (agentDown && answeredWhileDown++), (e: unknown) => void failures.push(e))
        await new Promise((r) => setTimeout(r, 20))
      }
    })()

    agentDown = true
    process.kill(pid, 'SIGKILL')
    await waitFor('berth up to start the agent again', async () => pidsOf(n), (pids) => pids.length === 2, { timeoutMs: 30_000 })
    assert.match(berth.stderr(), new RegExp(`WARN local instance ${n} exited; starting it again bindIp=127\\.0\\.6\\.${n + 1} pid=${pid} signal=SIGKILL restartInMs=1000`))
    assert.ok(berth.stdout().includes(`agent disconnected instance=${instanceArn}`), 'the server saw the channel close (its tasks are DISCONNECTED meanwhile)')
    const ci = await waitFor(
      'the instance connected again',
      () => ecs!.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instanceArn] })),
      (r) => r.containerInstances?.[0]?.agentConnected === true,
      { timeoutMs: 30_000, intervalMs: 100 },
    )
    agentDown = false
    polling = false
    await poller

    assert.equal(ci.containerInstances?.[0]?.containerInstanceArn, instanceArn, 'it came back as the same instance')
    assert.notEqual(pidsOf(n)[1], pid, 'a new agent process')
    assert.deepEqual(failures, [], 'the API answered every call')
    assert.ok(answeredWhileDown > 0, 'the API answered while the agent was down')

    for (const t of before) {
      const now = await waitFor(`${t.taskArn} reported again`, () => describeTask(t.taskArn!), (x) => x.connectivity === 'CONNECTED', { timeoutMs: 30_000, intervalMs: 100 })
      assert.equal(now.lastStatus, 'RUNNING')
      assert.equal(now.containers![0]!.runtimeId, t.containers![0]!.runtimeId, 'the same container, adopted')
      const containers = await rt!.list({ labels: { [LABELS.taskArn]: t.taskArn! } })
      assert.deepEqual(containers.map((c) => c.id), [t.containers![0]!.runtimeId], 'one container for the task, not two')
    }
    const { taskArns } = await ecs.send(new ListTasksCommand({ cluster }))
    assert.deepEqual([...taskArns!].sort(), [...arns].sort(), 'no task lost, none added')

    // A clean stop stops both agents and starts neither again; each released its data folder.
    const everyPid = [...pidsOf(1), ...pidsOf(2)]
    assert.equal(await berth.stop('SIGTERM'), 0)
    assert.equal(berth.stderr().match(/exited; starting it again/g)?.length, 1, 'only the SIGKILL was followed by a restart')
    assert.deepEqual(everyPid.filter(isAlive), [], 'no agent process outlives berth up')
    for (const n of [1, 2]) assert.equal(existsSync(join(dataDir, 'agents', `agent-${n}`, 'agent.lock')), false)
  })
})
