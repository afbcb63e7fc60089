import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDefinition } from './aws-model/ecs.types.js'
import type { TaskRecord } from './model/task.js'
import { desiredTasksFor } from '../server/agent-channel/desired-tasks.js'
import { parseTaskRolesFile, requireTaskRole, taskRoleCredentials } from './task-roles.js'

const ROLE = 'arn:aws:iam::000000000000:role/te-app'
const roles = parseTaskRolesFile(JSON.stringify({ [ROLE]: { accessKeyId: 'AKID', secretAccessKey: 'S' } }))
const td = (over: Partial<TaskDefinition> = {}): TaskDefinition => ({ family: 'te', revision: 1, containerDefinitions: [{ name: 'app', image: 'busybox' }], ...over })

describe('the task roles file', () => {
  it('maps role ARNs to credentials, the session token optional', () => {
    const parsed = parseTaskRolesFile(JSON.stringify({ [ROLE]: { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' }, 'arn:aws:iam::000000000000:role/path/other': { accessKeyId: 'B', secretAccessKey: 'S2' } }))
    assert.deepEqual([...parsed], [[ROLE, { accessKeyId: 'A', secretAccessKey: 'S', sessionToken: 'T' }], ['arn:aws:iam::000000000000:role/path/other', { accessKeyId: 'B', secretAccessKey: 'S2' }]])
  })
  const bad: { why: string; text: string; says: RegExp }[] = [
    { why: 'not JSON', text: '{', says: /is not JSON/ },
    { why: 'a list', text: '[]', says: /must be an object: role ARN/ },
    { why: 'not a role ARN', text: JSON.stringify({ 'arn:aws:iam::000000000000:user/u': { accessKeyId: 'A', secretAccessKey: 'S' } }), says: /not an IAM role ARN/ },
    { why: 'no secret', text: JSON.stringify({ [ROLE]: { accessKeyId: 'A' } }), says: /secretAccessKey must be a non-empty string/ },
    { why: 'an unknown member', text: JSON.stringify({ [ROLE]: { accessKeyId: 'A', secretAccessKey: 'S', expiration: 'x' } }), says: /unknown member 'expiration'/ },
  ]
  for (const b of bad) it(`refuses ${b.why}, saying where`, () => assert.throws(() => parseTaskRolesFile(b.text, 'roles.json'), b.says))
})

describe('a task role where a task would run', () => {
  const rows: { why: string; td: TaskDefinition; overrides?: { taskRoleArn: string }; refused: boolean }[] = [
    { why: 'no role runs', td: td(), refused: false },
    { why: 'a mapped role runs', td: td({ taskRoleArn: ROLE }), refused: false },
    { why: 'an unmapped role is refused', td: td({ taskRoleArn: 'arn:aws:iam::000000000000:role/te-nobody' }), refused: true },
    { why: "the override's role is the one checked", td: td({ taskRoleArn: ROLE }), overrides: { taskRoleArn: 'arn:aws:iam::000000000000:role/te-nobody' }, refused: true },
    { why: 'a mapped override over an unmapped definition runs', td: td({ taskRoleArn: 'arn:aws:iam::000000000000:role/te-nobody' }), overrides: { taskRoleArn: ROLE }, refused: false },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const check = () => requireTaskRole(r.td, r.overrides, roles)
      if (!r.refused) return check()
      assert.throws(check, (e: Error & { code?: string }) => {
        assert.match(e.message, /^ECS was unable to assume the role 'arn:aws:iam::000000000000:role\/te-nobody' that was provided for this task\./)
        return true
      })
    })
  }
  it('without a roles file every role is refused', () => assert.throws(() => requireTaskRole(td({ taskRoleArn: ROLE }), undefined, undefined), /unable to assume the role/))

  it('the desired task carries the mapped credentials to the agent, and only for a task with a role', () => {
    const record = (id: string, overrides = {}) => ({ arn: `arn:aws:ecs:us-east-1:000000000000:task/te/${id}`, clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/te', taskDefinitionArn: id, lastStatus: 'PENDING', desiredStatus: 'RUNNING', overrides, containers: [{ name: 'app', containerArn: `c-${id}` }], version: 1 }) as unknown as TaskRecord
    const defs: Record<string, TaskDefinition> = { a: td({ taskRoleArn: ROLE }), b: td() }
    const out = desiredTasksFor([record('a'), record('b')], (t) => defs[t.taskDefinitionArn], undefined, roles)
    assert.deepEqual(out.map((t) => t.taskRole), [{ roleArn: ROLE, accessKeyId: 'AKID', secretAccessKey: 'S' }, undefined])
    assert.equal(taskRoleCredentials(td({ taskRoleArn: ROLE }), undefined, undefined), undefined)
  })
})
