import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { CLIENT_TOKEN_TTL_MS, ClientTokens } from './client-tokens.js'

const tokens = (clock = new ManualClock()) => new ClientTokens<string[]>(clock, (arns) => arns)

describe('ClientTokens', () => {
  it('runs a token once: a retry with the same parameters gets the first answer', async () => {
    const t = tokens()
    let runs = 0
    const start = async () => [`task-${++runs}`]
    assert.deepEqual(await t.once('tok', 'p', start), ['task-1'])
    assert.deepEqual(await t.once('tok', 'p', start), ['task-1'])
    assert.equal(runs, 1)
  })

  it('makes a retry that races the first call wait for it', async () => {
    const t = tokens()
    let release!: (arns: string[]) => void
    let runs = 0
    const start = () => (runs++, new Promise<string[]>((r) => (release = r)))
    const first = t.once('tok', 'p', start)
    const retry = t.once('tok', 'p', start)
    release(['task-1'])
    assert.deepEqual(await Promise.all([first, retry]), [['task-1'], ['task-1']])
    assert.equal(runs, 1)
  })

  it('refuses the token with other parameters, naming what it started', async () => {
    const t = tokens()
    await t.once('tok', 'p', async () => ['task-1'])
    await assert.rejects(t.once('tok', 'other', async () => ['task-2']), (e: { code: string; fields: unknown }) => {
      assert.equal(e.code, 'ConflictException')
      assert.deepEqual(e.fields, { resourceIds: ['task-1'] })
      return true
    })
  })

  it('forgets a call that failed, so its retry runs', async () => {
    const t = tokens()
    await assert.rejects(t.once('tok', 'p', () => Promise.reject(new Error('no room'))))
    assert.deepEqual(await t.once('tok', 'p', async () => ['task-1']), ['task-1'])
  })

  it('forgets a token 8 hours after its call', async () => {
    const clock = new ManualClock()
    const t = tokens(clock)
    await t.once('tok', 'p', async () => ['task-1'])
    clock.advance(CLIENT_TOKEN_TTL_MS - 1)
    assert.deepEqual(await t.once('tok', 'p', async () => ['task-2']), ['task-1'])
    clock.advance(1)
    assert.deepEqual(await t.once('tok', 'p', async () => ['task-2']), ['task-2'])
  })
})
