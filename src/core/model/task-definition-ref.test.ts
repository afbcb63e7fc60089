import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EcsArns } from '../arn.js'
import { DEFAULT_PARTITION } from '../config.js'
import { parseTaskDefinitionRef, type TaskDefinitionRef } from './task-definition-ref.js'

const arns = new EcsArns(DEFAULT_PARTITION)

describe('parseTaskDefinitionRef', () => {
  const rows: [ref: string, want: TaskDefinitionRef, why: string][] = [
    ['web', { kind: 'family', family: 'web' }, 'a family alone'],
    ['web:3', { kind: 'revision', family: 'web', revision: 3 }, 'family:revision'],
    ['arn:aws:ecs:us-east-1:000000000000:task-definition/web:3', { kind: 'revision', family: 'web', revision: 3 }, 'the full ARN'],
    ['arn:aws:ecs:us-east-1:000000000000:task-definition/web', { kind: 'family', family: 'web' }, 'an ARN without revision names the family'],
    ['web:latest', { kind: 'bad-revision', family: 'web', revision: 'latest' }, 'ECS reports a non-numeric revision'],
    ['web:0', { kind: 'bad-revision', family: 'web', revision: '0' }, 'revisions start at 1'],
    ['web:', { kind: 'bad-revision', family: 'web', revision: '' }, 'an empty revision'],
    ['arn:aws:ecs:eu-west-1:000000000000:task-definition/web:3', { kind: 'unknown' }, 'another region'],
    ['arn:aws:ecs:us-east-1:000000000000:cluster/web', { kind: 'unknown' }, 'another resource type'],
    ['we b', { kind: 'unknown' }, 'not a family name'],
  ]
  for (const [ref, want, why] of rows) it(`${ref}: ${why}`, () => assert.deepEqual(parseTaskDefinitionRef(ref, arns), want))
})
