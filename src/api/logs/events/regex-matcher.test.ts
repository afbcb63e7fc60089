import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { WorkerRegexMatcher } from './regex-matcher.js'
import { translateLogsRegex } from './regex-syntax.js'

/** A budget no batch here comes near, even on a cold worker at nice 19 on a busy machine. */
const AMPLE_MS = 60_000

describe('WorkerRegexMatcher', () => {
  const matcher = new WorkerRegexMatcher()
  after(() => matcher.close())

  it('answers which messages match, in the worker, one batch after another in order', async () => {
    const source = translateLogsRegex('^ERROR \\d+')
    const [a, b] = await Promise.all([
      matcher.match(source, ['ERROR 1', 'WARN 2', 'ERROR x', 'ERROR 33'], AMPLE_MS),
      matcher.match(translateLogsRegex('WARN'), ['ERROR 1', 'WARN 2'], AMPLE_MS),
    ])
    assert.deepEqual(a, { matched: [0, 3], examined: 4 })
    assert.deepEqual(b, { matched: [1], examined: 2 })
  })

  it('examines at least one message however small the budget, and never reports past what it examined', async () => {
    const messages = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(200)}ok`)
    const v = await matcher.match(translateLogsRegex('[a-z]{1,100}ok$'), messages, 1)
    assert.ok(v.examined >= 1 && v.examined <= messages.length, `examined ${v.examined}`)
    assert.deepEqual(v.matched, Array.from({ length: v.examined }, (_, i) => i), 'every examined message matches')
  })

  it('starts a new worker after close', async () => {
    await matcher.close()
    assert.deepEqual(await matcher.match('b', ['a', 'b'], AMPLE_MS), { matched: [1], examined: 2 })
  })

  it('refuses the batch of a worker that does not answer in time, with ServiceUnavailableException, and goes on with the next', async () => {
    // 1 ms of budget and no grace: the timer is due long before a new worker has even loaded
    // its modules, so each batch is one the worker is stuck on, whatever the machine's speed.
    const impatient = new WorkerRegexMatcher({ stuckAfterMs: 0 })
    try {
      const first = impatient.match('a', ['a'], 1)
      const second = impatient.match('a', ['a'], 1)
      await assert.rejects(first, { code: 'ServiceUnavailableException', message: /took too long/ })
      await assert.rejects(second, { code: 'ServiceUnavailableException' }, 'the batch behind it ran on a fresh worker')
    } finally {
      await impatient.close()
    }
  })
})
