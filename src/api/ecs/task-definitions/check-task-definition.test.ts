import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { RegisterTaskDefinitionRequest } from '../../../core/aws-model/ecs.types.js'
import { isApiError } from '../../../core/errors.js'
import { checkTaskDefinition } from './check-task-definition.js'
import { MALFORMED_REQUESTS, VALID_REQUEST } from './malformed-requests.js'

describe('checkTaskDefinition refuses what ECS refuses', () => {
  for (const { why, req, code, message } of MALFORMED_REQUESTS) {
    it(why, () => {
      assert.throws(
        () => checkTaskDefinition(req),
        (e) => isApiError(e) && e.code === code && message.test(e.message),
      )
    })
  }
})

/** Requests ECS accepts, including the edges of every range refused above. */
const ACCEPTED: readonly { why: string; req: RegisterTaskDefinitionRequest }[] = [
  { why: 'the plain request the rows start from', req: VALID_REQUEST },
  {
    why: 'the seed article: bridge, cpu 300, memory 300, 8080:8080',
    req: {
      family: 'boot',
      containerDefinitions: [
        { name: 'boot', image: 'laszlocph/spring-boot-dummy:exposed', cpu: 300, memory: 300, portMappings: [{ containerPort: 8080, hostPort: 8080 }] },
      ],
      volumes: [],
    },
  },
  { why: 'task memory stands in for container memory', req: { family: 'f', memory: '512', containerDefinitions: [{ name: 'a', image: 'i' }] } },
  { why: 'memoryReservation alone is enough', req: { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', memoryReservation: 64 }] } },
  { why: '6 MiB is the smallest limit', req: { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', memory: 6, memoryReservation: 6 }] } },
  {
    why: 'bridge: hostPort 0 and absent are dynamic, so they never clash',
    req: {
      family: 'f',
      containerDefinitions: [
        { name: 'a', image: 'i', memory: 64, portMappings: [{ containerPort: 80, hostPort: 0 }, { containerPort: 81 }] },
        { name: 'b', image: 'i', memory: 64, portMappings: [{ containerPort: 80 }] },
      ],
    },
  },
  {
    why: 'one host port may serve tcp and udp',
    req: { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', memory: 64, portMappings: [{ containerPort: 53, hostPort: 53 }, { containerPort: 53, hostPort: 53, protocol: 'udp' }] }] },
  },
  {
    why: 'awsvpc: hostPort equal to containerPort, or left out',
    req: { family: 'f', networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'i', memory: 64, portMappings: [{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }] }] },
  },
  {
    why: 'health check bounds are inclusive',
    req: { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', memory: 64, healthCheck: { command: ['CMD', 'true'], interval: 5, timeout: 60, retries: 10, startPeriod: 0 } }] },
  },
  {
    why: 'links, volumesFrom, mounts and dependsOn that name what exists',
    req: {
      family: 'f',
      volumes: [{ name: 'data', host: { sourcePath: '/srv' } }],
      containerDefinitions: [
        { name: 'a', image: 'i', memory: 64, links: ['b:db'], volumesFrom: [{ sourceContainer: 'b' }], mountPoints: [{ sourceVolume: 'data', containerPath: '/d' }], dependsOn: [{ containerName: 'b', condition: 'START' }, { containerName: 'c', condition: 'SUCCESS' }] },
        { name: 'b', image: 'i', memory: 64 },
        { name: 'c', image: 'i', memory: 64, essential: false },
      ],
    },
  },
  {
    why: 'a Fargate pair written in vCPU and GB',
    req: { family: 'f', requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', cpu: '0.25 vCPU', memory: '0.5 GB', containerDefinitions: [{ name: 'a', image: 'i' }] },
  },
  { why: 'awslogs with group and region', req: { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', memory: 64, logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } } }] } },
]

describe('checkTaskDefinition accepts what ECS accepts', () => {
  for (const { why, req } of ACCEPTED) it(why, () => checkTaskDefinition(req))
})
