import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { MAX_EXPRESSION_LENGTH, QuerySyntaxError, parseQuery } from './parse.js'

describe('parseQuery builds the tree', () => {
  it('reads a condition with a list', () => {
    assert.deepEqual(parseQuery('attribute:ecs.availability-zone in [us-east-1a, "us east 1b"]'), {
      kind: 'condition',
      subject: { kind: 'attribute', name: 'ecs.availability-zone' },
      operator: 'in',
      values: ['us-east-1a', 'us east 1b'],
    })
  })

  it('nests and under or, and not over its operand', () => {
    const tree = parseQuery('attribute:a == 1 or attribute:b exists and not runningTasksCount > 2')
    assert.equal(tree.kind, 'or')
    assert.ok(tree.kind === 'or' && tree.right.kind === 'and' && tree.right.right.kind === 'not')
  })

  it('maps word operators to their symbols', () => {
    const words: [string, string][] = [
      ['equals', '=='], ['not_equals', '!='], ['greater_than', '>'], ['greater_than_equal', '>='],
      ['less_than', '<'], ['less_than_equal', '<='], ['matches', '=~'], ['not_matches', '!~'],
    ]
    for (const [word, symbol] of words) {
      const tree = parseQuery(`attribute:x ${word} 1`)
      assert.equal(tree.kind === 'condition' && tree.operator, symbol, word)
    }
  })

  it('accepts an expression of exactly 2000 characters', () => {
    const expr = `attribute:x == ${'v'.repeat(MAX_EXPRESSION_LENGTH - 'attribute:x == '.length)}`
    assert.equal(expr.length, MAX_EXPRESSION_LENGTH)
    assert.equal(parseQuery(expr).kind, 'condition')
  })
})

const bad: { expr: string; error: RegExp; why: string }[] = [
  { expr: '', error: /ends where a condition should start/, why: 'empty' },
  { expr: '   ', error: /ends where a condition should start/, why: 'only spaces' },
  { expr: `attribute:x == ${'v'.repeat(2000)}`, error: /at most 2000/, why: 'too long' },
  { expr: 'attribute:x', error: /expected an operator after 'attribute:x'/, why: 'no operator' },
  { expr: 'attribute:x = y', error: /expected an operator/, why: 'single = is no operator' },
  { expr: 'attribute:x ==', error: /ends where a value should be/, why: 'no value' },
  { expr: 'color == red', error: /unknown subject 'color'/, why: 'unknown field' },
  { expr: 'attribute: == x', error: /'' is not an attribute name/, why: 'empty attribute name' },
  { expr: 'attribute:x in a, b', error: /take a list/, why: 'in without brackets' },
  { expr: 'attribute:x in [a, b', error: /missing '\]'/, why: 'unclosed list' },
  { expr: 'attribute:x in []', error: /expected a value/, why: 'empty list' },
  { expr: "attribute:x == 'open", error: /missing the closing '/, why: 'unclosed quote' },
  { expr: '(attribute:x exists', error: /missing '\)'/, why: 'unclosed group' },
  { expr: 'attribute:x exists)', error: /unexpected '\)'/, why: 'stray parenthesis' },
  { expr: 'attribute:x exists attribute:y exists', error: /unexpected 'attribute:y exists'/, why: 'two conditions with no and/or' },
  { expr: 'attribute:x exists and', error: /ends where a condition should start/, why: 'dangling and' },
  { expr: 'attribute:x =~ t2.(', error: /not a valid regular expression/, why: 'bad pattern' },
  { expr: 'attribute:x =~ *.large', error: /not a valid regular expression/, why: 'a wildcard is not a regular expression' },
  { expr: 'runningTasksCount == one', error: /'one' is not an integer/, why: 'count needs an integer' },
  { expr: 'runningTasksCount exists', error: /does not take the operator exists/, why: 'operator not listed for the subject' },
  { expr: 'runningTasksCount in [1, 2]', error: /does not take the operator in/, why: 'the guide lists no in for counts' },
  { expr: 'registeredAt < yesterday', error: /not a date/, why: 'bad date' },
  { expr: 'registeredAt < 2018-13-45', error: /not a date/, why: 'impossible date' },
  { expr: 'agentVersion > latest', error: /not a version/, why: 'bad version' },
  { expr: 'ec2InstanceId > i-1', error: /does not take the operator >/, why: 'instance ids are not ordered' },
  { expr: 'attribute:x !inx [a]', error: /expected an operator/, why: '!in must end as a word' },
]

describe('parseQuery refuses malformed expressions', () => {
  for (const { expr, error, why } of bad) {
    it(`${JSON.stringify(expr.length > 60 ? expr.slice(0, 60) + '…' : expr)} (${why})`, () => {
      assert.throws(() => parseQuery(expr), (e: unknown) => e instanceof QuerySyntaxError && error.test(e.message))
    })
  }

  it('says where it stopped', () => {
    assert.throws(() => parseQuery('attribute:x == 1 and color == red'), (e: unknown) => e instanceof QuerySyntaxError && e.position === 21)
  })
})
