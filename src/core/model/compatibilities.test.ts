import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Compatibility, TaskDefinition } from '../aws-model/ecs.types.js'
import { compatibilitiesOf } from './compatibilities.js'

const base: TaskDefinition = { family: 'f', containerDefinitions: [{ name: 'a', image: 'i', memory: 64 }] }
const awsvpc: TaskDefinition = { ...base, networkMode: 'awsvpc' }

describe('compatibilitiesOf', () => {
  const rows: [why: string, td: TaskDefinition, want: Compatibility[]][] = [
    ['bridge runs on EC2 and ECS Anywhere (the AWS CLI example answer)', base, ['EXTERNAL', 'EC2']],
    ['host networking too', { ...base, networkMode: 'host' }, ['EXTERNAL', 'EC2']],
    ['awsvpc without a task size: EC2 only', awsvpc, ['EC2']],
    ['awsvpc with a Fargate pair adds FARGATE', { ...awsvpc, cpu: '256', memory: '512' }, ['EC2', 'FARGATE']],
    ['a pair Fargate lacks', { ...awsvpc, cpu: '256', memory: '4096' }, ['EC2']],
    ['a Fargate pair in bridge mode is still no Fargate', { ...base, cpu: '256', memory: '512' }, ['EXTERNAL', 'EC2']],
    ['privileged containers keep it off Fargate', { ...awsvpc, cpu: '256', memory: '512', containerDefinitions: [{ name: 'a', image: 'i', privileged: true }] }, ['EC2']],
    ['host paths keep it off Fargate', { ...awsvpc, cpu: '256', memory: '512', volumes: [{ name: 'v', host: { sourcePath: '/srv' } }] }, ['EC2']],
    ['EFS keeps it off ECS Anywhere', { ...base, volumes: [{ name: 'v', efsVolumeConfiguration: { fileSystemId: 'fs-1' } }] }, ['EC2']],
  ]
  for (const [why, td, want] of rows) it(why, () => assert.deepEqual(compatibilitiesOf(td), want))
})
