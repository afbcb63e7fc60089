import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, describe, it } from 'node:test'
import { silentLogger } from '../../core/log.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { EngineHarness, TEST_INSTANCE } from '../../testing/task-engine.js'
import type { ContainerSpec } from '../runtime/index.js'
import { createEndpointHandler, UNKNOWN_ID_HEADER } from './endpoint-handler.js'
import { endpointFront } from './front.js'
import { credentialsIdOf, metadataIdOf } from './ids.js'
import { TaskDirectory } from './task-directory.js'

// Tests listen only on this helper's loopback range.
const servers: Server[] = []
after(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))))
async function serve(handler: RequestListener, host: string): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, host, r))
  return `http://${host}:${(server.address() as AddressInfo).port}`
}
async function get(url: string): Promise<{ status: number; body: Json; unknown: boolean }> {
  const res = await fetch(url)
  return { status: res.status, body: (await res.json()) as Json, unknown: res.headers.has(UNKNOWN_ID_HEADER) }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read member by member, as a client would
type Json = any
const SECRET = 'instance-secret'

/** A desired task whose containers have ARNs as the server makes them: ending in a UUID each. */
const desired = (o: Parameters<typeof mockDesiredTask>[0]) => {
  const t = mockDesiredTask(o)
  return { ...t, containers: t.containers.map((c) => ({ ...c, containerArn: `${c.containerArn.slice(0, c.containerArn.lastIndexOf('/'))}/${randomUUID()}` })) }
}
const ROLE = { roleArn: 'arn:aws:iam::000000000000:role/te-app', accessKeyId: 'AKIDTEAPP', secretAccessKey: 'te-secret', sessionToken: 'te-token' }

/** An engine on the fake runtime, with the agent's endpoint parts, as agent.ts wires them. */
async function agentOnFake(instanceArn = TEST_INSTANCE) {
  const idOf = (taskArn: string) => credentialsIdOf(SECRET, taskArn)
  const directory = new TaskDirectory(idOf)
  const h = await EngineHarness.start({ containerInstanceArn: instanceArn, taskEndpoint: { credentialsIdOf: idOf } })
  const handler = createEndpointHandler({
    directory,
    knownTasks: () => h.engine.snapshot(),
    runtime: {
      list: (filter) => h.runtime.list(filter),
      inspect: (id) => h.runtime.inspect(id),
      rawStats: async (id: string) => ({ id, read: '2026-12-01T00:00:00Z' }),
    },
    containerInstanceArn: instanceArn,
    availabilityZone: 'us-east-1a',
    clock: h.clock,
    logger: silentLogger,
  })
  return { h, directory, handler, idOf }
}

describe('task endpoints of an agent (fake runtime)', () => {
  it('gives every container the metadata URIs and a task with a role the credentials URI, and answers them', async () => {
    const { h, directory, handler, idOf } = await agentOnFake()
    const withRole = desired({ id: 'te1', family: 'te-web', containers: [{ name: 'app', image: 'app:1' }, { name: 'side', image: 'app:1', essential: false }], taskRole: ROLE })
    const plain = desired({ id: 'te2', family: 'te-plain' })
    directory.set([withRole, plain])
    h.engine.setDesired([withRole, plain])
    await h.untilStatus(withRole, 'RUNNING')
    await h.untilStatus(plain, 'RUNNING')

    const envOf = (name: string) => (h.runtime.callsOf('create').map((c) => c.args[0] as ContainerSpec).find((s) => s.labels['com.amazonaws.ecs.container-name'] === name && s.labels['com.amazonaws.ecs.task-arn'] === withRole.taskArn)?.env ?? {})
    const appId = metadataIdOf(withRole.containers[0]!.containerArn)
    assert.deepEqual(envOf('app'), {
      ECS_CONTAINER_METADATA_URI_V4: `http://169.254.170.2/v4/${appId}`,
      ECS_CONTAINER_METADATA_URI: `http://169.254.170.2/v3/${appId}`,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: `/v2/credentials/${idOf(withRole.taskArn)}`,
      AWS_EXECUTION_ENV: 'AWS_ECS_EC2',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
    })
    const plainEnv = h.runtime.callsOf('create').map((c) => c.args[0] as ContainerSpec).find((s) => s.labels['com.amazonaws.ecs.task-arn'] === plain.taskArn)?.env ?? {}
    assert.deepEqual(Object.keys(plainEnv).sort(), ['AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'AWS_REGION', 'ECS_CONTAINER_METADATA_URI', 'ECS_CONTAINER_METADATA_URI_V4'], 'no credentials URI without a role')

    const base = await serve(handler, '127.0.30.1')
    const task = await get(`${base}/v4/${appId}/task`)
    assert.equal(task.status, 200)
    assert.deepEqual([task.body.TaskARN, task.body.Cluster, task.body.Family, task.body.KnownStatus, task.body.LaunchType], [withRole.taskArn, 'default', 'te-web', 'RUNNING', 'EC2'])
    assert.deepEqual(task.body.Containers.map((c: { Name: string; KnownStatus: string; DockerId: string }) => [c.Name, c.KnownStatus, c.DockerId]), [['app', 'RUNNING', h.idOf(withRole, 'app')], ['side', 'RUNNING', h.idOf(withRole, 'side')]])
    const own = await get(`${base}/v3/${appId}`)
    assert.deepEqual([own.status, own.body.Name, own.body.DockerId, own.body.ContainerARN], [200, 'app', h.idOf(withRole, 'app'), undefined])
    const stats = await get(`${base}/v4/${appId}/stats`)
    assert.deepEqual(stats.body, { id: h.idOf(withRole, 'app'), read: '2026-12-01T00:00:00Z' })
    const taskStats = await get(`${base}/v4/${appId}/task/stats`)
    assert.deepEqual(Object.keys(taskStats.body).sort(), [h.idOf(withRole, 'app'), h.idOf(withRole, 'side')].sort())

    const creds = await get(`${base}/v2/credentials/${idOf(withRole.taskArn)}`)
    assert.equal(creds.status, 200)
    assert.deepEqual(
      { ...creds.body, Expiration: typeof creds.body.Expiration },
      { RoleArn: ROLE.roleArn, AccessKeyId: 'AKIDTEAPP', SecretAccessKey: 'te-secret', Token: 'te-token', Expiration: 'string' },
    )
    await h.engine.stop()
  })

  it('answers unknown ids as the ECS agent does, marked for the shared listener', async () => {
    const { h, directory, handler, idOf } = await agentOnFake()
    const plain = desired({ id: 'te3', family: 'te-plain' })
    directory.set([plain])
    const base = await serve(handler, '127.0.30.1')
    assert.deepEqual(await get(`${base}/v2/credentials/nope`), { status: 400, body: { code: 'InvalidIdInRequest', message: 'CredentialsV2Request: Credentials not found' }, unknown: true })
    assert.deepEqual(await get(`${base}/v2/credentials/`), { status: 400, body: { code: 'NoIdInRequest', message: 'CredentialsV2Request: No Credential ID in the request' }, unknown: true })
    assert.equal((await get(`${base}/v2/credentials/${idOf(plain.taskArn)}`)).status, 400, 'a task without a role has no credentials')
    const v4 = await get(`${base}/v4/nope/task`)
    assert.deepEqual([v4.status, v4.unknown], [404, true])
    assert.deepEqual([(await get(`${base}/v3/nope`)).status], [400])
    // A task the server no longer wants is forgotten at once.
    directory.set([])
    assert.equal((await get(`${base}/v4/${metadataIdOf(plain.containers[0]!.containerArn)}`)).status, 404)
    await h.engine.stop()
  })

  it('one shared listener serves several agents on one host: each id reaches the agent that knows it', async () => {
    const a = await agentOnFake(TEST_INSTANCE)
    const b = await agentOnFake(TEST_INSTANCE.replace(/1+$/, '2'.repeat(32)))
    const ta = desired({ id: 'te4', family: 'te-a', taskRole: ROLE })
    const tb = desired({ id: 'te5', family: 'te-b' })
    a.directory.set([ta])
    b.directory.set([tb])
    a.h.engine.setDesired([ta])
    b.h.engine.setDesired([tb])
    await a.h.untilStatus(ta, 'RUNNING')
    await b.h.untilStatus(tb, 'RUNNING')
    const backA = await serve(a.handler, '127.0.30.2')
    const backB = await serve(b.handler, '127.0.30.3')
    const front = await serve(endpointFront([backA.slice('http://'.length), backB.slice('http://'.length), '127.0.30.9:1']), '127.0.30.4')
    assert.equal((await get(`${front}/v4/${metadataIdOf(ta.containers[0]!.containerArn)}/task`)).body.Family, 'te-a')
    assert.equal((await get(`${front}/v4/${metadataIdOf(tb.containers[0]!.containerArn)}/task`)).body.Family, 'te-b')
    assert.equal((await get(`${front}/v2/credentials/${a.idOf(ta.taskArn)}`)).body.AccessKeyId, 'AKIDTEAPP')
    const unknown = await get(`${front}/v2/credentials/nope`)
    assert.deepEqual([unknown.status, unknown.body.code, unknown.unknown], [400, 'InvalidIdInRequest', false])
    await a.h.engine.stop()
    await b.h.engine.stop()
  })

  it('a task with a role on an agent that serves no endpoint fails to start, saying why', async () => {
    const h = await EngineHarness.start()
    const t = desired({ id: 'te6', taskRole: ROLE })
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.equal(r.stopCode, 'TaskFailedToStart')
    assert.match(r.stoppedReason ?? '', /task role \(arn:aws:iam::000000000000:role\/te-app\).*BERTH_TASK_ENDPOINT=off/)
    assert.equal(h.runtime.callsOf('create').length, 0)
    await h.engine.stop()
  })
})
