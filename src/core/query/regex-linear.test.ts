import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { parseQuery } from './parse.js'

/**
 * The cluster query language's =~ takes a client's regular expression (ListContainerInstances'
 * filter, memberOf placement constraints) and matches it against attribute values a client
 * sets with PutAttributes. On a backtracking engine `(a+)+$` against 32 a's and a '!' takes
 * 2³² steps. Evaluated in a child process, killed after a generous 30 s, so a backtracking
 * engine fails this test rather than hanging the suite; the answer is what is asserted.
 */
const dir = fileURLToPath(new URL('.', import.meta.url))

describe('the query language matches =~ in linear time', () => {
  it('attribute:x =~ (a+)+$ against 32 a\'s and a \'!\' answers false', async () => {
    const script = `
      const { parseQuery } = await import(${JSON.stringify(dir + 'parse.js')})
      const { evaluateQuery } = await import(${JSON.stringify(dir + 'evaluate.js')})
      const target = { agentConnected: true, registeredAt: 0, runningTasksCount: 0, taskGroups: [], attributes: [{ name: 'x', value: 'a'.repeat(32) + '!' }] }
      const ok = { ...target, attributes: [{ name: 'x', value: 'a'.repeat(32) }] }
      const q = parseQuery('attribute:x =~ (a+)+$')
      process.stdout.write(JSON.stringify([evaluateQuery(q, target), evaluateQuery(q, ok)]))`
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000, killSignal: 'SIGKILL' })
      assert.deepEqual(JSON.parse(stdout), [false, true])
    } catch (error) {
      if ((error as { killed?: boolean }).killed) assert.fail('=~ (a+)+$ did not answer within 30 s: the engine backtracks')
      throw error
    }
  })

  it('refuses what only a backtracking engine can do: backreferences and lookaround', () => {
    for (const expr of ['attribute:x =~ (a)\\1', 'attribute:x =~ a(?=b)', 'attribute:x =~ a(?!b)']) {
      assert.throws(() => parseQuery(expr), /not a valid regular expression/, expr)
    }
  })
})
