import { GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StartTaskCommand, StopTaskCommand, type Task, type Volume } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { logsClient } from '../testing/logs.js'
import { waitFor } from '../testing/wait.js'
import { loadTaskSources } from '../server/task-sources-file.js'

/**
 * EFS volumes shared by tasks on two simulated instances, and secrets and environment files
 * seen by a container, on real containers (127.0.31.2-3: addresses no other test file uses).
 * The EFS "file system" is a folder both agents are given (BERTH_EFS_DIR), as berth up gives
 * its local instances one; the task sources file is what an operator writes.
 */
const docker = await connectTestEngine()
describe('EFS volumes, secrets and environment files on real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  let c: TestCluster
  const ips = ['127.0.31.2', '127.0.31.3']
  const dir = mkdtempSync(join(tmpdir(), 'berth-efs-e2e-'))
  const efsDir = join(dir, 'efs')
  const SECRET = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:efs/db-AbCdEf'

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    writeFileSync(join(dir, 'app.env'), '# the app\nGREETING=from-file\nOVERRIDDEN=from-file\nWITH_EQUALS=a=b\n')
    writeFileSync(
      join(dir, 'sources.json'),
      JSON.stringify({
        parameters: { '/efs/token': 'parameter-value' },
        secrets: { [SECRET]: JSON.stringify({ username: 'admin', password: 's3cret' }) },
        s3Objects: { 'arn:aws:s3:::efs-bucket/app.env': 'app.env' },
      }),
    )
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ips, namePrefix: 'efs', server: { taskSources: loadTaskSources(join(dir, 'sources.json')) } })
    for (const ip of ips) await c.addAgent(ip, { BERTH_EFS_DIR: efsDir })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  const describeTask = async (arn: string): Promise<Task> => (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: [arn] }))).tasks![0]!
  const until = (arn: string, status: string) => waitFor(`task ${arn} ${status}`, () => describeTask(arn), (t) => t.lastStatus === status, { timeoutMs: 30_000, intervalMs: 100 })
  const efsVolume = (rootDirectory?: string): Volume => ({
    name: 'content',
    efsVolumeConfiguration: { fileSystemId: 'fs-0123abcd', ...(rootDirectory ? { rootDirectory } : {}), transitEncryption: 'ENABLED' },
  })
  const register = (family: string, command: string, volume: Volume) =>
    c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family,
        volumes: [volume],
        containerDefinitions: [{ name: 'app', image: TEST_IMAGES.busybox, memory: 32, command: ['sh', '-c', command], mountPoints: [{ sourceVolume: 'content', containerPath: '/content' }] }],
      }),
    )
  const startOn = async (family: string, agent: number): Promise<string> => {
    const res = await c.server.ecs.send(new StartTaskCommand({ cluster: c.name, taskDefinition: family, containerInstances: [c.agents[agent]!.containerInstanceArn] }))
    assert.equal(res.failures?.length ?? 0, 0, JSON.stringify(res.failures))
    return res.tasks![0]!.taskArn!
  }

  it('shares a file system between tasks on two instances, and keeps its data after the writer stops', async () => {
    // The writer stays up after writing (and exits on SIGTERM), so the reader reads while it still runs.
    await register('efs-writer', 'trap "exit 0" TERM; echo written-on-a > /content/shared.txt && sleep 600 & wait', efsVolume())
    await register('efs-reader', 'test "$(cat /content/shared.txt)" = written-on-a', efsVolume('/'))
    await register('efs-appender', 'grep -qx written-on-a /content/shared.txt && echo appended-on-b >> /content/shared.txt', efsVolume())

    const writer = await startOn('efs-writer', 0)
    await until(writer, 'RUNNING')
    const shared = join(efsDir, 'fs-0123abcd', 'shared.txt')
    await waitFor('the writer to write', async () => (existsSync(shared) ? readFileSync(shared, 'utf8') : ''), (s) => s === 'written-on-a\n', { timeoutMs: 10_000, intervalMs: 50 })
    const reader = await until(await startOn('efs-reader', 1), 'STOPPED')
    assert.equal(reader.containers?.[0]?.exitCode, 0, `the reader on the other instance read the file: ${reader.stoppedReason}`)

    await c.server.ecs.send(new StopTaskCommand({ cluster: c.name, task: writer }))
    await until(writer, 'STOPPED')
    const appender = await until(await startOn('efs-appender', 1), 'STOPPED')
    assert.equal(appender.containers?.[0]?.exitCode, 0, `a new task elsewhere found the data: ${appender.stoppedReason}`)
    assert.equal(readFileSync(shared, 'utf8'), 'written-on-a\nappended-on-b\n')
  })

  it('mounts rootDirectory as the volume\'s root, and fails a task whose rootDirectory does not exist, as ECS does', async () => {
    await register('efs-subdir-writer', 'mkdir -p /content/site && echo in-site > /content/site/index.html', efsVolume())
    const made = await until(await startOn('efs-subdir-writer', 0), 'STOPPED')
    assert.equal(made.containers?.[0]?.exitCode, 0)
    await register('efs-subdir-reader', 'test "$(cat /content/index.html)" = in-site', efsVolume('/site'))
    const read = await until(await startOn('efs-subdir-reader', 1), 'STOPPED')
    assert.equal(read.containers?.[0]?.exitCode, 0, `rootDirectory /site is the volume's root: ${read.stoppedReason}`)

    await register('efs-missing-dir', 'true', efsVolume('/not-there'))
    const failed = await until(await startOn('efs-missing-dir', 0), 'STOPPED')
    assert.equal(failed.stopCode, 'TaskFailedToStart')
    assert.equal(
      failed.stoppedReason,
      'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: mount.nfs4: mounting fs-0123abcd:/not-there failed, reason given by server: No such file or directory',
    )
  })

  it('gives a container its secrets and environment-file variables, environment winning over files and secrets over both', async () => {
    const group = `/ecs/${c.name}-env`
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'efs-env',
        containerDefinitions: [
          {
            name: 'app',
            image: TEST_IMAGES.busybox,
            memory: 32,
            command: ['sh', '-c', 'env | sort'],
            environment: [{ name: 'OVERRIDDEN', value: 'from-environment' }, { name: 'DB_PASSWORD', value: 'from-environment' }],
            environmentFiles: [{ value: 'arn:aws:s3:::efs-bucket/app.env', type: 's3' }],
            secrets: [
              { name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/efs/token' },
              { name: 'DB_PASSWORD', valueFrom: `${SECRET}:password::` },
              { name: 'DB', valueFrom: SECRET },
            ],
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': group, 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs', 'awslogs-create-group': 'true' } },
          },
        ],
      }),
    )
    const run = await c.server.ecs.send(new RunTaskCommand({ cluster: c.name, taskDefinition: 'efs-env' }))
    const taskArn = run.tasks![0]!.taskArn!
    const task = await until(taskArn, 'STOPPED')
    assert.equal(task.containers?.[0]?.exitCode, 0, task.stoppedReason)
    const logs = logsClient(c.server.endpoint)
    const lines = await waitFor(
      'the environment in the task log',
      () =>
        logs
          .send(new GetLogEventsCommand({ logGroupName: group, logStreamName: `ecs/app/${taskArn.split('/').pop()}`, startFromHead: true }))
          .then((r) => (r.events ?? []).map((e) => e.message ?? ''), () => []),
      (l) => l.some((x) => x.startsWith('TOKEN=')),
      { timeoutMs: 20_000, intervalMs: 200 },
    )
    logs.destroy()
    const env = Object.fromEntries(lines.filter((l) => /^(GREETING|OVERRIDDEN|WITH_EQUALS|TOKEN|DB_PASSWORD|DB)=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]))
    assert.deepEqual(env, {
      DB: '{"username":"admin","password":"s3cret"}',
      DB_PASSWORD: 's3cret',
      GREETING: 'from-file',
      OVERRIDDEN: 'from-environment',
      TOKEN: 'parameter-value',
      WITH_EQUALS: 'a=b',
    })
  })
})
