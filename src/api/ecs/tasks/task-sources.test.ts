import {
  ClientException,
  CreateClusterCommand,
  CreateServiceCommand,
  InvalidParameterException,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  type ContainerDefinition,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { CAPABILITIES, EFS_CAPABILITIES } from '../../../agent/session/register.js'
import type { TaskSources } from '../../../core/model/task-sources.js'
import { desiredTasksFor } from '../../../server/agent-channel/desired-tasks.js'
import { SqliteStore } from '../../../state/sqlite/sqlite-store.js'
import { registerInstance } from '../../../testing/container-instances.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { openStoreDump, type StoreDump } from '../../../testing/store-dump.js'

const SECRET = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:efs-db-AbCdEf'
const sources: TaskSources = {
  parameters: new Map([['/efs/token', 't0ken']]),
  secrets: new Map([[SECRET, '{"username":"u","password":"pw"}']]),
  s3Objects: new Map([['arn:aws:s3:::efs-bucket/app.env', 'FROM_FILE=yes\n']]),
}
const app = (over: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'app', image: 'berth-test/web', memory: 64, ...over })

/**
 * Secrets, environment files, registry credentials and EFS volumes through the JS SDK: what
 * the operator's task sources cover runs; what they do not is refused where a task would run,
 * naming what is missing, and changes nothing.
 */
describe('task sources and EFS volumes at RunTask, StartTask and CreateService', () => {
  let t: TestServer
  let dump: StoreDump
  let dir: string
  let instance: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-efs-sources-'))
    const path = join(dir, 'berth.db')
    t = await startTestServer({ store: new SqliteStore({ path }), taskSources: sources })
    dump = openStoreDump(path)
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'default' }))
    instance = await registerInstance(t.ecs, { cluster: 'default', attributes: [...CAPABILITIES, ...EFS_CAPABILITIES].map((name) => ({ name })) })
    await t.store.txn(async (tx) => {
      const ci = (await tx.containerInstances.get(instance))!
      await tx.containerInstances.put({ ...ci, agentConnected: true })
    })
  })
  after(async () => {
    dump.close()
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  async function refused(send: () => Promise<unknown>, error: new (...args: never[]) => Error, message: RegExp) {
    const before = dump.dump()
    await assert.rejects(send(), (e: Error) => {
      assert.ok(e instanceof error, `${e.name}: ${e.message}`)
      assert.match(e.message, message)
      return true
    })
    assert.equal(dump.dump(), before, 'the store changed')
  }
  const register = (family: string, containerDefinitions: ContainerDefinition[], more: object = {}) =>
    t.ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions, ...more }))

  it('runs a task whose secrets, environment files and registry credentials are configured, and hands them to its agent', async () => {
    await register('efs-resolved', [
      app({
        secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:000000000000:parameter/efs/token' }, { name: 'DB_USER', valueFrom: `${SECRET}:username::` }],
        environmentFiles: [{ value: 'arn:aws:s3:::efs-bucket/app.env', type: 's3' }],
        repositoryCredentials: { credentialsParameter: SECRET },
      }),
    ])
    const res = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'efs-resolved' }))
    assert.equal(res.tasks?.length, 1, JSON.stringify(res.failures))
    const desired = await t.store.read(async (tx) => {
      const placed = await tx.tasks.holdingResources(instance)
      const defs = new Map<string, Awaited<ReturnType<typeof tx.taskDefinitions.get>>>()
      for (const task of placed) defs.set(task.taskDefinitionArn, await tx.taskDefinitions.get(task.family, task.revision))
      return desiredTasksFor(placed, (task) => defs.get(task.taskDefinitionArn), sources)
    })
    const mine = desired.find((d) => d.taskArn === res.tasks?.[0]?.taskArn)
    assert.deepEqual(mine?.resolved, [
      { name: 'app', fileEnvironment: { FROM_FILE: 'yes' }, secretEnvironment: { TOKEN: 't0ken', DB_USER: 'u' }, registryAuth: { username: 'u', password: 'pw' } },
    ])
    assert.ok(!JSON.stringify(dump.dump()).includes('t0ken'), 'a secret value reached the store')
  })

  it('refuses, naming each missing source, at RunTask, StartTask and CreateService', async () => {
    await register('efs-missing', [
      app({
        secrets: [{ name: 'GONE', valueFrom: '/efs/gone' }],
        environmentFiles: [{ value: 'arn:aws:s3:::efs-bucket/none.env', type: 's3' }],
        repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:efs-none-AbCdEf' },
      }),
    ])
    const want =
      /^Berth cannot run this task definition: container app: environment file arn:aws:s3:::efs-bucket\/none\.env is not among the configured S3 objects; container app: secret GONE: SSM parameter \/efs\/gone is not among the configured parameters; container app: repositoryCredentials Secrets Manager secret arn:aws:secretsmanager:us-east-1:000000000000:secret:efs-none-AbCdEf is not among the configured secrets\. The server resolves them from its task sources file \(--task-sources\)\.$/
    await refused(() => t.ecs.send(new RunTaskCommand({ taskDefinition: 'efs-missing' })), ClientException, want)
    await refused(() => t.ecs.send(new StartTaskCommand({ taskDefinition: 'efs-missing', containerInstances: [instance] })), ClientException, want)
    await refused(() => t.ecs.send(new CreateServiceCommand({ serviceName: 'efs-missing', taskDefinition: 'efs-missing', desiredCount: 1 })), ClientException, want)
  })

  it('refuses a secret version other than AWSCURRENT', async () => {
    await register('efs-version', [app({ secrets: [{ name: 'P', valueFrom: `${SECRET}:password:AWSPREVIOUS:` }] })])
    await refused(() => t.ecs.send(new RunTaskCommand({ taskDefinition: 'efs-version' })), ClientException, /secret P: .*names a version \(AWSPREVIOUS\); configured secrets have only their AWSCURRENT value/)
  })

  it('runs an EFS volume; refuses an access point by name, and IAM authorization without transit encryption', async () => {
    const mount = { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }
    await register('efs-plain', [app(mount)], { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123abcd', rootDirectory: '/wp', transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } } }] })
    const ran = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'efs-plain' }))
    assert.equal(ran.tasks?.length, 1, JSON.stringify(ran.failures))

    await register('efs-ap', [app(mount)], { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123abcd', transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: 'fsap-0123456789abcdef0' } } }] })
    await refused(
      () => t.ecs.send(new RunTaskCommand({ taskDefinition: 'efs-ap' })),
      ClientException,
      /^Berth cannot run this task definition: volumes\[0\]\.efsVolumeConfiguration\.authorizationConfig\.accessPointId is not supported yet: there is no Amazon EFS API/,
    )
    await register('efs-iam', [app(mount)], { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123abcd', authorizationConfig: { iam: 'ENABLED' } } }] })
    await refused(() => t.ecs.send(new RunTaskCommand({ taskDefinition: 'efs-iam' })), InvalidParameterException, /^Volume data: Transit encryption must be enabled when IAM authorization is used\.$/)
  })
})
