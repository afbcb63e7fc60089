import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MathError, evaluate, type MathContext, type MathValue, type TimeSeries } from './evaluate.js'
import { MathSyntaxError, parseExpression } from './parse.js'

const series = (label: string, points: [number, number][]): TimeSeries => ({ label, points: new Map(points) })
const m1 = series('m1', [[0, 1], [60, 2], [120, 3]])
const m2 = series('m2', [[0, 10], [120, 30], [180, 40]])
const ctx: MathContext = {
  resolve: (id) => {
    const s = { m1, m2 }[id]
    if (!s) throw new MathError(`Unrecognized identifier ${id}`)
    return { kind: 'series', series: s }
  },
  metrics: (filter) => [m1, m2].filter((s) => filter === undefined || s.label.includes(filter)),
  timeline: [0, 60, 120, 180],
}

/** A value in a form tables can hold: a number, [[t, v]...], or a list of those. */
const shown = (v: MathValue): unknown =>
  v.kind === 'scalar' ? v.value : v.kind === 'series' ? [...v.series.points] : v.items.map((s) => [...s.points])

describe('metric math', () => {
  const cases: [string, unknown][] = [
    ['m1 + m2', [[0, 11], [120, 33]]],
    ['m1 * 2 + 1', [[0, 3], [60, 5], [120, 7]]],
    ['2 * (m1 + 1)', [[0, 4], [60, 6], [120, 8]]],
    ['-m1', [[0, -1], [60, -2], [120, -3]]],
    ['m2 / m1', [[0, 10], [120, 10]]],
    ['m1 / 0', []],
    ['2 ^ 3 ^ 2', 512],
    ['10 - 4 - 3', 3],
    ['SUM(m1)', 6],
    ['AVG(m1)', 2],
    ['MAX(m2)', 40],
    ['SUM([m1, m2])', [[0, 11], [60, 2], [120, 33], [180, 40]]],
    ['MIN(METRICS())', [[0, 1], [60, 2], [120, 3], [180, 40]]],
    ['AVG(METRICS())', [[0, 5.5], [60, 2], [120, 16.5], [180, 40]]],
    ["METRICS('2')", [[[0, 10], [120, 30], [180, 40]]]],
    ['METRICS() * 10', [[[0, 10], [60, 20], [120, 30]], [[0, 100], [120, 300], [180, 400]]]],
    ['FILL(m1, 0)', [[0, 1], [60, 2], [120, 3], [180, 0]]],
    ['FILL(m2, REPEAT)', [[0, 10], [60, 10], [120, 30], [180, 40]]],
    ['FILL(METRICS(), 7)', [[[0, 1], [60, 2], [120, 3], [180, 7]], [[0, 10], [60, 7], [120, 30], [180, 40]]]],
    ['m1 - AVG(m1)', [[0, -1], [60, 0], [120, 1]]],
    ['abs(m1 - 2)', [[0, 1], [60, 0], [120, 1]]],
    ['1.5e1 + .5', 15.5],
  ]
  for (const [text, expected] of cases) it(text, () => assert.deepEqual(shown(evaluate(parseExpression(text), ctx)), expected))

  const syntaxErrors: [string, RegExp][] = [
    ['m1 +', /ends where a value was expected/],
    ['m1 + * 2', /Unexpected '\*' at column 6/],
    ['(m1', /Expected '\)'/],
    ['m1 $ 2', /Unexpected character '\$' at column 4/],
    ['m1 m2', /Unexpected 'm2' at column 4/],
  ]
  for (const [text, message] of syntaxErrors) it(`syntax: ${text}`, () => assert.throws(() => parseExpression(text), (e: Error) => e instanceof MathSyntaxError && message.test(e.message)))

  const evalErrors: [string, RegExp][] = [
    ['m9 + 1', /Unrecognized identifier m9/],
    ['RATE(m1)', /does not evaluate the function RATE/],
    ['METRICS() + METRICS()', /array on both sides/],
    ['FILL(m1)', /FILL takes two arguments/],
    ['SUM(m1, m2)', /SUM takes one argument/],
    ["'x' + 1", /only an argument of METRICS/],
  ]
  for (const [text, message] of evalErrors) it(`error: ${text}`, () => assert.throws(() => evaluate(parseExpression(text), ctx), (e: Error) => e instanceof MathError && message.test(e.message)))
})
