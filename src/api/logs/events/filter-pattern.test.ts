import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileFilterPattern } from './filter-pattern.js'

const MESSAGES = [
  '[ERROR] Caught IllegalArgumentException',
  '[ERROR] Unhandled Exception',
  '[WARN] Failed to process request',
  '[INFO] GET /health 200',
  'error in lower case',
  'say "hi" there',
]

describe('compileFilterPattern', () => {
  const rows: { pattern: string | undefined; want: number[]; why: string }[] = [
    { pattern: undefined, want: [0, 1, 2, 3, 4, 5], why: 'no pattern matches everything' },
    { pattern: '  ', want: [0, 1, 2, 3, 4, 5], why: 'a blank pattern matches everything' },
    { pattern: 'ERROR', want: [0, 1], why: 'terms are case-sensitive substrings' },
    { pattern: 'ERROR Exception', want: [0, 1], why: 'all plain terms must match' },
    { pattern: 'ERROR Illegal', want: [0], why: 'AND narrows' },
    { pattern: '"Failed to process"', want: [2], why: 'a quoted phrase matches exactly' },
    { pattern: '"failed to process"', want: [], why: 'phrases are case-sensitive too' },
    { pattern: '?WARN ?INFO', want: [2, 3], why: '?terms: any of them' },
    { pattern: 'ERROR -Unhandled', want: [0], why: '-term excludes' },
    { pattern: '-"[ERROR]"', want: [2, 3, 4, 5], why: 'an excluded phrase alone' },
    { pattern: 'Exception ?Caught ?Unhandled -Illegal', want: [1], why: 'AND, OR and NOT together' },
    { pattern: '"say \\"hi\\""', want: [5], why: 'escaped quotes inside a phrase' },
    { pattern: '%GET /[a-z]+ 2\\d\\d%', want: [3], why: '%regex%' },
  ]
  for (const r of rows) {
    it(`${JSON.stringify(r.pattern)}: ${r.why}`, () => {
      const match = compileFilterPattern(r.pattern)
      assert.deepEqual(MESSAGES.flatMap((m, i) => (match(m) ? [i] : [])), r.want)
    })
  }

  it('refuses JSON and space-delimited patterns, an unterminated quote and a bad regex, saying why', () => {
    assert.throws(() => compileFilterPattern('{ $.level = "error" }'), { code: 'InvalidParameterException', message: /JSON filter patterns/ })
    assert.throws(() => compileFilterPattern('[ip, user, status = 404]'), { code: 'InvalidParameterException', message: /space-delimited/ })
    assert.throws(() => compileFilterPattern('"open'), { code: 'InvalidParameterException', message: /unterminated quote/ })
    assert.throws(() => compileFilterPattern('%(%'), { code: 'InvalidParameterException', message: /regular expression/ })
  })
})
