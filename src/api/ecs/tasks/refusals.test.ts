import {
  ClientException,
  ConflictException,
  CreateClusterCommand,
  DescribeTaskDefinitionCommand,
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
import { SqliteStore } from '../../../state/sqlite/sqlite-store.js'
import { registerInstance } from '../../../testing/container-instances.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { openStoreDump, type StoreDump } from '../../../testing/store-dump.js'

const web: ContainerDefinition = { name: 'web', image: 'berth-test/web', memory: 64 }

/**
 * Members Berth does not act on are refused by name and change nothing; a task definition
 * keeps what it cannot run (it is described back) and is refused where a task would run.
 */
describe('refused members through the JS SDK', () => {
  let t: TestServer
  let dump: StoreDump
  let dir: string
  let instance: string

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-refusals-'))
    const path = join(dir, 'berth.db')
    t = await startTestServer({ store: new SqliteStore({ path }) })
    dump = openStoreDump(path)
    await t.ecs.send(new CreateClusterCommand({ clusterName: 'default' }))
    instance = await registerInstance(t.ecs, { cluster: 'default' })
    await t.store.txn(async (tx) => {
      const ci = (await tx.containerInstances.get(instance))!
      await tx.containerInstances.put({ ...ci, agentConnected: true })
    })
    await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [web] }))
  })
  after(async () => {
    dump.close()
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Sends `send`, expects `error` with `message`, and checks the store did not change. */
  async function refused(send: () => Promise<unknown>, error: new (...args: never[]) => Error, message: RegExp) {
    const before = dump.dump()
    await assert.rejects(send(), (e: Error) => {
      assert.ok(e instanceof error, `${e.name}: ${e.message}`)
      assert.match(e.message, message)
      return true
    })
    assert.equal(dump.dump(), before, 'the store changed')
  }

  it('RunTask with a networkConfiguration for a bridge task definition is refused in ECS\'s words', () =>
    refused(
      () => t.ecs.send(new RunTaskCommand({ taskDefinition: 'web', networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } })),
      InvalidParameterException,
      /^Network Configuration is not valid for the given networkMode of this task definition\.$/,
    ))

  it('StartTask with a container override of environment files names the item', () =>
    refused(
      () =>
        t.ecs.send(
          new StartTaskCommand({
            taskDefinition: 'web',
            containerInstances: [instance],
            overrides: { containerOverrides: [{ name: 'web', environmentFiles: [{ value: 'arn:aws:s3:::b/x.env', type: 's3' }] }] },
          }),
        ),
      InvalidParameterException,
      /^Berth does not support overrides\.containerOverrides\[0\]\.environmentFiles: /,
    ))

  it('RunTask with enableExecuteCommand true is refused; false runs', async () => {
    await refused(() => t.ecs.send(new RunTaskCommand({ taskDefinition: 'web', enableExecuteCommand: true })), InvalidParameterException, /enableExecuteCommand=true/)
    const res = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'web', enableExecuteCommand: false }))
    assert.equal(res.tasks?.length, 1)
  })

  it('keeps a task definition with secrets whole, and refuses to run what it cannot, naming the member', async () => {
    const secret: ContainerDefinition = { ...web, name: 'app', secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/t' }] }
    const registered = await t.ecs.send(new RegisterTaskDefinitionCommand({ family: 'secret', containerDefinitions: [web, secret], enableFaultInjection: true }))
    const described = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'secret' }))
    assert.deepEqual(described.taskDefinition?.containerDefinitions?.[1]?.secrets, secret.secrets)
    assert.equal(described.taskDefinition?.enableFaultInjection, true)
    assert.deepEqual(described.taskDefinition, registered.taskDefinition)
    for (const send of [
      () => t.ecs.send(new RunTaskCommand({ taskDefinition: 'secret' })),
      () => t.ecs.send(new StartTaskCommand({ taskDefinition: 'secret', containerInstances: [instance] })),
    ]) {
      await refused(
        send,
        ClientException,
        /^Berth cannot run this task definition: enableFaultInjection is not supported yet: [^;]*\.$/,
      )
    }
  })

  it('answers a RunTask retried with its clientToken with the first call, and a reuse with other parameters with ConflictException', async () => {
    const first = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'web', clientToken: 'retry-me' }))
    const before = dump.dump()
    const retry = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'web', clientToken: 'retry-me' }))
    assert.deepEqual(retry.tasks?.map((x) => x.taskArn), first.tasks?.map((x) => x.taskArn))
    assert.equal(dump.dump(), before, 'the retry started something')
    await assert.rejects(t.ecs.send(new RunTaskCommand({ taskDefinition: 'web', clientToken: 'retry-me', startedBy: 'other' })), (e: Error) => {
      assert.ok(e instanceof ConflictException)
      assert.deepEqual(e.resourceIds, first.tasks?.map((x) => x.taskArn))
      return true
    })
    assert.equal(dump.dump(), before)
  })

  it('starts a task per call for calls with their own clientTokens, as the SDK sends them', async () => {
    const a = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'web' }))
    const b = await t.ecs.send(new RunTaskCommand({ taskDefinition: 'web' }))
    assert.notEqual(a.tasks?.[0]?.taskArn, b.tasks?.[0]?.taskArn)
  })
})
