import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { requiredAttributes } from '../../core/model/required-attributes.js'
import { resolveAgentConfig } from '../config.js'
import { registrationRequest } from './register.js'

const awslogs = { logDriver: 'awslogs' as const, options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'p' } }
const app: ContainerDefinition = { name: 'app', image: 'nginx', memory: 64 }

/**
 * Task definitions the agent runs must be placeable on it: the attributes ECS derives from
 * them (requiresAttributes) are among those the agent registers. Otherwise RunTask fails
 * with reason ATTRIBUTE for a definition the agent would run fine.
 */
describe('the attributes the agent registers', () => {
  const config = resolveAgentConfig({ cpus: 2, memoryMiB: 4096 }, { ECS_CLUSTER: 'default' })
  const registered = new Set((registrationRequest(config, { dockerVersion: '27.0.0' }, undefined).attributes ?? []).map((a) => a.name))
  const rows: { why: string; td: TaskDefinition }[] = [
    { why: 'awslogs with an execution role (the agent ships to Berth; no role needed)', td: { executionRoleArn: 'arn:aws:iam::1:role/x', containerDefinitions: [{ ...app, logConfiguration: awslogs }] } },
    { why: 'health checks and container ordering', td: { containerDefinitions: [{ ...app, healthCheck: { command: ['CMD', 'true'] } }, { ...app, name: 'b', dependsOn: [{ containerName: 'app', condition: 'HEALTHY' }] }] } },
    { why: 'awsvpc and namespaces shared with the task', td: { networkMode: 'awsvpc', pidMode: 'task', ipcMode: 'task', containerDefinitions: [app] } },
    { why: 'local Docker volumes', td: { volumes: [{ name: 'v', dockerVolumeConfiguration: { scope: 'task' } }], containerDefinitions: [app] } },
    {
      why: 'secrets from SSM and Secrets Manager, environment files, registry credentials',
      td: {
        containerDefinitions: [{
          ...app,
          secrets: [{ name: 'A', valueFrom: '/a' }, { name: 'B', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:b-AbCdEf' }],
          environmentFiles: [{ value: 'arn:aws:s3:::b/k.env', type: 's3' }],
          repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:b-AbCdEf' },
        }],
      },
    },
    { why: 'user, labels, ulimits, reservations, init', td: { containerDefinitions: [{ ...app, user: 'nobody', dockerLabels: { a: 'b' }, memoryReservation: 32, linuxParameters: { initProcessEnabled: true }, ulimits: [{ name: 'nofile', softLimit: 1, hardLimit: 2 }] }] } },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const missing = requiredAttributes(r.td).map((a) => a.name).filter((n) => !registered.has(n))
      assert.deepEqual(missing, [])
    })
  }
})

describe('EFS capabilities', () => {
  const efs: TaskDefinition = { volumes: [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-0123abcd', transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } } }], containerDefinitions: [app] }
  const missing = (settings: Record<string, string>) => {
    const names = new Set((registrationRequest(resolveAgentConfig({ cpus: 2, memoryMiB: 4096 }, settings), { dockerVersion: '27.0.0' }, undefined).attributes ?? []).map((a) => a.name))
    return requiredAttributes(efs).map((a) => a.name).filter((n) => !names.has(n))
  }
  it('are registered by an agent that knows where file systems are, and only then', () => {
    assert.deepEqual(missing({}), ['ecs.capability.efs', 'ecs.capability.efsAuth'])
    assert.deepEqual(missing({ BERTH_EFS_DIR: '/srv/efs' }), [])
    assert.deepEqual(missing({ BERTH_EFS_EXPORTS: '{"fs-0123abcd":"10.0.0.5:/x"}' }), [])
  })
})

describe('the identity document the agent registers with', () => {
  it('gives its advertised address as privateIp, with its zone, type and region', () => {
    const config = resolveAgentConfig({ cpus: 2, memoryMiB: 4096 }, { BERTH_BIND_IP: '127.0.6.3', BERTH_AVAILABILITY_ZONE: 'us-east-1b' })
    const doc: unknown = JSON.parse(registrationRequest(config, { dockerVersion: '27.0.0' }, undefined).instanceIdentityDocument ?? '')
    assert.deepEqual(doc, { privateIp: '127.0.6.3', availabilityZone: 'us-east-1b', instanceType: 'berth.local', region: 'us-east-1' })
  })
})
