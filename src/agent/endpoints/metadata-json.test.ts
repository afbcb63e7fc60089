import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition } from '../../core/aws-model/ecs.types.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import type { ContainerObservation } from '../runtime/index.js'
import { credentialsJson } from './credentials-json.js'
import { credentialsIdOf, taskEndpointEnv } from './ids.js'
import { containerMetadata, taskMetadata, type TaskFacts } from './metadata-json.js'

const T0 = Date.parse('2026-12-01T00:15:07.620Z')
const observed = (over: Partial<ContainerObservation> = {}): ContainerObservation => ({
  id: 'ea32192c8553',
  name: 'ecs-curltest-24-curl-cca48e8dcadd97805600',
  image: 'curltest:latest',
  imageId: 'sha256:d691691e',
  labels: {
    'com.amazonaws.ecs.cluster': 'default',
    'com.amazonaws.ecs.container-name': 'curl',
    'com.berth.container-instance-arn': 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/1',
    team: 'web',
  },
  state: 'running',
  oomKilled: false,
  createdAt: T0,
  startedAt: T0 + 442,
  ports: [],
  resources: {},
  networkMode: 'bridge',
  ipAddress: '172.17.0.5',
  ...over,
})

const curl: ContainerDefinition = { name: 'curl', image: 'curltest:latest', cpu: 10, memory: 128, logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/metadata', 'awslogs-region': 'us-east-1' } } }

function facts(over: Partial<TaskFacts> & { networkMode?: 'bridge' | 'awsvpc' | 'host'; cpu?: string; memory?: string } = {}): TaskFacts {
  const { networkMode, cpu, memory, ...rest } = over
  const task = mockDesiredTask({
    id: '8f03e41243824aea923aca126495f665',
    family: 'curltest',
    revision: 24,
    containers: [curl],
    taskDefinition: { ...(networkMode ? { networkMode } : {}), ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) },
  })
  return {
    task,
    knownStatus: 'RUNNING',
    pullStartedAt: T0 - 1000,
    pullStoppedAt: T0 - 500,
    availabilityZone: 'us-east-1a',
    containers: [{ name: 'curl', containerArn: task.containers[0]!.containerArn, definition: curl, observation: observed() }],
    ...rest,
  }
}

describe('task metadata JSON (AWS: "Amazon ECS task metadata V4 JSON response")', () => {
  it('the v4 container: ECS labels and the definition\'s, limits, times, log options, container ARN, network', () => {
    const f = facts()
    assert.deepEqual(containerMetadata(f, f.containers[0]!, 'v4'), {
      DockerId: 'ea32192c8553',
      Name: 'curl',
      DockerName: 'ecs-curltest-24-curl-cca48e8dcadd97805600',
      Image: 'curltest:latest',
      ImageID: 'sha256:d691691e',
      Labels: { 'com.amazonaws.ecs.cluster': 'default', 'com.amazonaws.ecs.container-name': 'curl', team: 'web' },
      DesiredStatus: 'RUNNING',
      KnownStatus: 'RUNNING',
      Limits: { CPU: 10, Memory: 128 },
      CreatedAt: '2026-12-01T00:15:07.620Z',
      StartedAt: '2026-12-01T00:15:08.062Z',
      Type: 'NORMAL',
      LogDriver: 'awslogs',
      LogOptions: { 'awslogs-group': '/ecs/metadata', 'awslogs-region': 'us-east-1' },
      ContainerARN: f.task.containers[0]!.containerArn,
      Networks: [{ NetworkMode: 'bridge', IPv4Addresses: ['172.17.0.5'] }],
    })
  })

  const rows: { why: string; f: TaskFacts; version: 'v3' | 'v4'; pick: (j: Record<string, unknown>) => unknown; want: unknown }[] = [
    { why: 'a task of the Fargate pool says FARGATE', f: { ...facts(), task: { ...facts().task, launchType: 'FARGATE' } }, version: 'v4', pick: (j) => j['LaunchType'], want: 'FARGATE' },
    { why: 'v3 has no ContainerARN, LogDriver or LaunchType', f: facts(), version: 'v3', pick: (j) => [Object.hasOwn(j, 'LaunchType'), Object.keys((j['Containers'] as object[])[0]!).filter((k) => ['ContainerARN', 'LogDriver', 'LogOptions'].includes(k))], want: [false, []] },
    { why: 'the v4 task: cluster, ARN, family, revision as a string, statuses, pull times, zone, launch type', f: facts(), version: 'v4', pick: (j) => [j['Cluster'], j['TaskARN'], j['Family'], j['Revision'], j['DesiredStatus'], j['KnownStatus'], j['PullStartedAt'], j['PullStoppedAt'], j['AvailabilityZone'], j['LaunchType']], want: ['default', 'arn:aws:ecs:us-east-1:000000000000:task/default/8f03e41243824aea923aca126495f665', 'curltest', '24', 'RUNNING', 'RUNNING', '2026-12-01T00:15:06.620Z', '2026-12-01T00:15:07.120Z', 'us-east-1a', 'EC2'] },
    { why: 'task Limits are omitted without task-level cpu and memory', f: facts(), version: 'v4', pick: (j) => Object.hasOwn(j, 'Limits'), want: false },
    { why: 'task Limits: CPU in vCPUs, memory in MiB ("0.5 vCPU", "1 GB")', f: facts({ cpu: '0.5 vCPU', memory: '1 GB' }), version: 'v4', pick: (j) => j['Limits'], want: { CPU: 0.5, Memory: 1024 } },
    { why: 'awsvpc: the holder\'s address is the task\'s, with AttachmentIndex in v4', f: facts({ networkMode: 'awsvpc', holder: observed({ ipAddress: '172.17.0.9' }) }), version: 'v4', pick: (j) => (j['Containers'] as { Networks: unknown }[])[0]!.Networks, want: [{ NetworkMode: 'awsvpc', IPv4Addresses: ['172.17.0.9'], AttachmentIndex: 0 }] },
    { why: 'host networking names the mode alone', f: facts({ networkMode: 'host' }), version: 'v3', pick: (j) => (j['Containers'] as { Networks: unknown }[])[0]!.Networks, want: [{ NetworkMode: 'host' }] },
    { why: 'a container not created yet: NONE, no Docker facts', f: facts({ knownStatus: 'PENDING', containers: [{ name: 'curl', containerArn: 'x', definition: curl }] }), version: 'v4', pick: (j) => { const c = (j['Containers'] as Record<string, unknown>[])[0]!; return [j['KnownStatus'], c['KnownStatus'], c['DockerId'], Object.hasOwn(c, 'StartedAt')] }, want: ['PENDING', 'NONE', '', false] },
    { why: 'a stopped container: STOPPED with its exit code and finish time', f: facts({ containers: [{ name: 'curl', containerArn: 'x', definition: curl, observation: observed({ state: 'exited', exitCode: 3, finishedAt: T0 + 2000 }) }] }), version: 'v4', pick: (j) => { const c = (j['Containers'] as Record<string, unknown>[])[0]!; return [c['KnownStatus'], c['ExitCode'], c['FinishedAt']] }, want: ['STOPPED', 3, '2026-12-01T00:15:09.620Z'] },
    { why: 'published ports are listed in v4', f: facts({ containers: [{ name: 'curl', containerArn: 'x', definition: curl, observation: observed({ ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.30.2', hostPort: 32768 }] }) }] }), version: 'v4', pick: (j) => (j['Containers'] as Record<string, unknown>[])[0]!['Ports'], want: [{ ContainerPort: 80, Protocol: 'tcp', HostPort: 32768, HostIp: '127.0.30.2' }] },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(r.pick(taskMetadata(r.f, r.version)), r.want))
})

describe('task credentials JSON (the ECS agent\'s IAMRoleCredentials)', () => {
  it('carries the five members the SDKs read; Token is "" for long-term keys; Expiration to the second', () => {
    assert.deepEqual(credentialsJson({ roleArn: 'arn:aws:iam::000000000000:role/app', accessKeyId: 'AKID', secretAccessKey: 'S' }, T0), {
      RoleArn: 'arn:aws:iam::000000000000:role/app',
      AccessKeyId: 'AKID',
      SecretAccessKey: 'S',
      Token: '',
      Expiration: '2026-12-01T06:15:07Z',
    })
    assert.equal(credentialsJson({ roleArn: 'r', accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' }, T0)['Token'], 'T')
  })
})

describe('what a container is told', () => {
  const arn = 'arn:aws:ecs:us-east-1:000000000000:container/default/8f03e412/0206b271-b33f-47ab-86c6-a0ba208a70a9'
  it('the metadata URIs always, by its container ARN\'s id; the credentials URI only with a role', () => {
    assert.deepEqual(taskEndpointEnv(arn, undefined), {
      ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/0206b271-b33f-47ab-86c6-a0ba208a70a9',
      ECS_CONTAINER_METADATA_URI: 'http://169.254.170.2/v3/0206b271-b33f-47ab-86c6-a0ba208a70a9',
    })
    assert.equal(taskEndpointEnv(arn, 'abc')['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'], '/v2/credentials/abc')
  })
  it('credentials ids: UUID-shaped, the same for the same secret and task, different across either', () => {
    const id = credentialsIdOf('secret', 'task-a')
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    assert.equal(credentialsIdOf('secret', 'task-a'), id)
    assert.notEqual(credentialsIdOf('secret', 'task-b'), id)
    assert.notEqual(credentialsIdOf('other', 'task-a'), id)
  })
})
