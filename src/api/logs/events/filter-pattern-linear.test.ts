import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { compileFilterPattern } from './filter-pattern.js'

/**
 * Finding 1 of the security review: a `%regex%` filter pattern ran on JavaScript's backtracking
 * engine, where `a*` repeated a dozen times over 32 `a`s and no `b` tries every way of sharing
 * the `a`s out (C(44, 12) ≈ 2·10¹⁰ of them) and held the event loop for minutes. These run the
 * pattern in a child process, so that if the engine backtracks the suite is not hung with it:
 * the child is killed after a generous 30 s and the test fails saying so. A linear-time engine
 * answers in well under a millisecond; the answer itself is what is asserted.
 */
const patternModule = fileURLToPath(new URL('./filter-pattern.js', import.meta.url))

async function matchInChild(pattern: string, messages: readonly string[]): Promise<boolean[]> {
  const script = `
    const { compileFilterPattern } = await import(${JSON.stringify(patternModule)})
    const match = compileFilterPattern(${JSON.stringify(pattern)})
    process.stdout.write(JSON.stringify(${JSON.stringify(messages)}.map((m) => match(m))))`
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000, killSignal: 'SIGKILL' })
    return JSON.parse(stdout) as boolean[]
  } catch (error) {
    const e = error as { killed?: boolean; stderr?: string }
    if (e.killed) assert.fail(`matching ${pattern} did not finish within 30 s: the engine backtracks`)
    throw error
  }
}

describe('filter patterns run in linear time', () => {
  const nested = 'a*'.repeat(12) + 'b'
  it(`%${nested}% (CloudWatch's own syntax) over 32 a's and a '!' answers, and rightly`, async () => {
    const aaa = 'a'.repeat(32)
    assert.deepEqual(await matchInChild(`%${nested}%`, [aaa + '!', aaa + 'b', 'b', 'c']), [false, true, true, false])
  })

  it('a pattern of many counted repeats over a long message answers', async () => {
    const pattern = '%' + '[a-z]{1,100}'.repeat(8) + '1%'
    const hay = 'x'.repeat(20_000)
    assert.deepEqual(await matchInChild(pattern, [hay, hay + '1']), [false, true])
  })

  it('refuses what CloudWatch refuses: groups, symbols it does not list, escapes it does not know, multi-byte characters', () => {
    for (const pattern of ['%(a+)+$%', '%something!%', '%\\p{L}%', '%café%', '%a(?=b)%', '%\\1%']) {
      assert.throws(() => compileFilterPattern(pattern), { code: 'InvalidParameterException', message: /Invalid regex|filter pattern/ }, pattern)
    }
  })
})
