import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { compileRegex } from './filter-pattern.js'
import { MAX_EXPANDED_ATOMS, translateLogsRegex } from './regex-syntax.js'

/** CloudWatch Logs' regex subset, from the examples of its user guide. */
describe('translateLogsRegex', () => {
  const accepted: { source: string; matches: string[]; misses: string[]; why: string }[] = [
    { source: '^[hc]at', matches: ['hat trick'], misses: ['a hat'], why: '^ anchors at the start' },
    { source: '[hc]at$', matches: ['the cat'], misses: ['cats'], why: '$ anchors at the end' },
    { source: 'colou?r', matches: ['color', 'colour'], misses: ['colr'], why: '? is zero or one' },
    { source: '[abcx-z]', matches: ['y'], misses: ['d'], why: 'classes with ranges' },
    { source: '^a{3,5}$', matches: ['aaa', 'aaaaa'], misses: ['aa', 'aaaaaa'], why: '{m,n}' },
    { source: '^a{3, 5}$', matches: ['aaaa'], misses: ['aa'], why: 'a space inside the braces, as the guide writes {m, n}' },
    { source: '^a{,2}$', matches: ['', 'aa'], misses: ['aaa'], why: '{,n}: the minimum left out (RE2 would read it as text)' },
    { source: '^a{2,}$', matches: ['aa', 'aaaaaaa'], misses: ['a'], why: '{m,}: the maximum left out' },
    { source: 'gra|ey', matches: ['gray', 'grey'], misses: ['gry'], why: '| between terms' },
    { source: '^starting|^initializing|^shutting down', matches: ['shutting down now'], misses: ['skipping initializing ...'], why: 'each side anchored' },
    { source: '\\[.\\]', matches: ['[7]', '[ ]'], misses: ['[]'], why: 'escaped operators are literal' },
    { source: '10\\.10\\.0\\.1', matches: ['from 10.10.0.1'], misses: ['10010,051'], why: 'an escaped dot' },
    { source: 'ab*c', matches: ['ac', 'abbbc'], misses: ['adc'], why: '*' },
    { source: 'ab+c', matches: ['abc'], misses: ['ac'], why: '+' },
    { source: '\\d\\D\\s\\S\\w\\W', matches: ['1a b_!'], misses: ['1a b_c'], why: 'the class escapes' },
    { source: '\\x3A\\x28', matches: ['key:(value'], misses: ['key:value'], why: '\\xhh for characters the subset leaves out' },
    { source: 'a\\-b_#=@/;,', matches: ['a-b_#=@/;,'], misses: ['a-b'], why: 'the listed symbols, escaped or not' },
    { source: '[^0-9\\]]', matches: ['a'], misses: ['7', ']'], why: 'a negated class with an escaped ]' },
  ]
  for (const r of accepted) {
    it(`%${r.source}%: ${r.why}`, () => {
      const match = compileRegex(translateLogsRegex(r.source))
      for (const m of r.matches) assert.equal(match(m), true, `matches ${JSON.stringify(m)}`)
      for (const m of r.misses) assert.equal(match(m), false, `misses ${JSON.stringify(m)}`)
    })
  }

  const refused: { source: string; why: RegExp }[] = [
    { source: '', why: /empty/ },
    { source: '(ab)+', why: /parentheses/ },
    { source: '\\(ab\\)', why: /escape/ },
    { source: 'something!', why: /'!' is not supported; match it with \\x21/ },
    { source: 'caf\u00e9', why: /multi-byte/ },
    { source: '"quoted"', why: /'"' is not supported/ },
    { source: '\\p{L}', why: /escape \\p/ },
    { source: '\\bword\\b', why: /escape \\b/ },
    { source: '\\1', why: /escape \\1/ },
    { source: 'a{3,', why: /repeat/ },
    { source: 'a{,}', why: /repeat/ },
    { source: '[abc', why: /not closed/ },
    { source: '[a(]', why: /parentheses/ },
    { source: 'a**', why: /not a valid regular expression/ },
    { source: '.{1000}.{1000}', why: new RegExp(`more than ${MAX_EXPANDED_ATOMS}`) },
    { source: '[a-z]{1,1001}', why: /more than/ },
  ]
  for (const r of refused) {
    it(`refuses %${r.source}% (${r.why.source})`, () => {
      assert.throws(() => compileRegex(translateLogsRegex(r.source)), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'InvalidParameterException')
        assert.match(e.message, /^Invalid filter pattern: %/)
        assert.match(e.message, r.why)
        return true
      })
    })
  }
})
