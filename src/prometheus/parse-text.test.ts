import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ExpositionError, parseExposition } from './parse-text.js'

describe('parseExposition', () => {
  const rows: { why: string; line: string; want: { name: string; labels: Record<string, string>; value: number } }[] = [
    { why: 'no labels', line: 'up 1', want: { name: 'up', labels: {}, value: 1 } },
    { why: 'labels, a timestamp dropped', line: 'a_b{x="1",y="z"} 2.5 1700000000000', want: { name: 'a_b', labels: { x: '1', y: 'z' }, value: 2.5 } },
    { why: 'escapes in a label value', line: 'm{p="a\\"b\\\\c\\nd"} 0', want: { name: 'm', labels: { p: 'a"b\\c\nd' }, value: 0 } },
    { why: 'a trailing comma, spaces', line: 'm{ a="1", } 3', want: { name: 'm', labels: { a: '1' }, value: 3 } },
    { why: 'le="+Inf" and exponent', line: 'h_bucket{le="+Inf"} 1e3', want: { name: 'h_bucket', labels: { le: '+Inf' }, value: 1000 } },
    { why: 'colons in names', line: 'job:rate5m -2', want: { name: 'job:rate5m', labels: {}, value: -2 } },
    { why: '+Inf value', line: 'm +Inf', want: { name: 'm', labels: {}, value: Infinity } },
  ]
  for (const { why, line, want } of rows) {
    it(`reads a sample: ${why}`, () => assert.deepEqual(parseExposition(line).samples, [want]))
  }

  it("reads NaN in any case, as Prometheus does (prom-client writes 'Nan')", () => {
    assert.ok(Number.isNaN(parseExposition('m Nan').samples[0]!.value))
  })

  it('keeps TYPE and HELP by family, and skips other comments', () => {
    const e = parseExposition('# HELP x_total What x counts.\\n\n# TYPE x_total counter\n# just a note\nx_total 4\n')
    assert.equal(e.types.get('x_total'), 'counter')
    assert.equal(e.help.get('x_total'), 'What x counts.\n')
    assert.equal(e.samples.length, 1)
  })

  const bad: { why: string; text: string }[] = [
    { why: 'no value', text: 'm' },
    { why: 'a value that is no number', text: 'm abc' },
    { why: 'an unterminated label value', text: 'm{a="1} 2' },
    { why: 'a label given twice', text: 'm{a="1",a="2"} 2' },
    { why: 'an unknown TYPE', text: '# TYPE m thing' },
    { why: 'no metric name', text: '{a="1"} 2' },
  ]
  for (const { why, text } of bad) {
    it(`refuses ${why}, naming the line`, () => assert.throws(() => parseExposition(`ok 1\n${text}`), (e: unknown) => e instanceof ExpositionError && /^line 2:/.test(e.message)))
  }
})
