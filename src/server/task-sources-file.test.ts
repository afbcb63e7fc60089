import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { loadTaskSources, TaskSourcesError } from './task-sources-file.js'

describe('the task sources file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-efs-sources-file-'))
  const write = (name: string, body: unknown) => {
    const path = join(dir, name)
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body))
    return path
  }
  writeFileSync(join(dir, 'app.env'), 'A=1\n')

  it('reads parameters, secrets, and S3 objects from files beside it', () => {
    const s = loadTaskSources(write('ok.json', { parameters: { '/p': 'v' }, secrets: { 'arn:aws:secretsmanager:us-east-1:000000000000:secret:s-AbCdEf': 'x' }, s3Objects: { 'arn:aws:s3:::b/app.env': 'app.env' } }))
    assert.deepEqual([...s.parameters], [['/p', 'v']])
    assert.deepEqual([...s.secrets], [['arn:aws:secretsmanager:us-east-1:000000000000:secret:s-AbCdEf', 'x']])
    assert.deepEqual([...s.s3Objects], [['arn:aws:s3:::b/app.env', 'A=1\n']])
  })

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{', /not-json\.json: /],
    ['an unknown member', { params: {} }, /unknown member\(s\) params/],
    ['values that are not strings', { parameters: { a: 1 } }, /parameters must be an object of strings/],
    ['an S3 key that is not an object ARN', { s3Objects: { 'b/app.env': 'app.env' } }, /b\/app\.env is not an S3 object ARN/],
    ['an S3 object whose file is missing', { s3Objects: { 'arn:aws:s3:::b/none.env': 'none.env' } }, /arn:aws:s3:::b\/none\.env → .*none\.env: ENOENT/],
  ]
  for (const [why, body, message] of bad) {
    it(`refuses ${why}, naming it`, () => {
      const name = why === 'not JSON' ? 'not-json.json' : `${why.replace(/\W+/g, '-')}.json`
      assert.throws(() => loadTaskSources(write(name, body)), (e: Error) => e instanceof TaskSourcesError && message.test(e.message))
    })
  }
})
