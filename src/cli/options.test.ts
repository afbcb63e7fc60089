import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { describeAuth, parse, parseAccessKeys, parseScalingPeriod, SERVER_OPTIONS, UsageError } from './options.js'

describe('access key options', () => {
  it('reads repeated --access-key flags', () => {
    const opts = parse(['--access-key', 'AKID1:s1', '--access-key', 'AKID2:s/2+x'], SERVER_OPTIONS)
    assert.deepEqual([...parseAccessKeys(opts['access-key'], undefined)], [['AKID1', 's1'], ['AKID2', 's/2+x']])
  })

  it('falls back to BERTH_ACCESS_KEYS when no flag is given; flags win over it', () => {
    assert.deepEqual([...parseAccessKeys(undefined, 'A:1, B:2,')], [['A', '1'], ['B', '2']])
    assert.deepEqual([...parseAccessKeys(['C:3'], 'A:1')], [['C', '3']])
  })

  it('is empty (open) with neither', () => {
    assert.equal(parseAccessKeys(undefined, undefined).size, 0)
    assert.equal(parseAccessKeys([], '').size, 0)
    assert.equal(describeAuth(new Map()), 'any credentials accepted')
  })

  const BAD = [
    { pairs: ['AKID'], why: 'no secret' },
    { pairs: [':secret'], why: 'no key id' },
    { pairs: ['AKID:'], why: 'an empty secret' },
    { pairs: ['A:1', 'A:2'], why: 'one key id with two secrets' },
  ]
  for (const { pairs, why } of BAD) {
    it(`refuses ${why}`, () => assert.throws(() => parseAccessKeys(pairs, undefined), UsageError))
  }

  it('never shows a secret, in errors or in the banner', () => {
    assert.throws(() => parseAccessKeys(['hunter2'], undefined), (e: Error) => !e.message.includes('hunter2'))
    assert.throws(() => parseAccessKeys(['A:hunter2', 'A:other'], undefined), (e: Error) => !e.message.includes('hunter2'))
    assert.equal(describeAuth(new Map([['AKID', 'hunter2']])), 'SigV4 signatures verified for access key AKID')
  })
})

describe('--scaling-period', () => {
  for (const ok of ['10', '30', '60']) it(`takes ${ok}`, () => assert.equal(parseScalingPeriod(ok), Number(ok)))
  for (const bad of ['0', '5', '15', '61', '1.5', 'ten']) it(`refuses ${bad}`, () => assert.throws(() => parseScalingPeriod(bad), UsageError))
  it('defaults to AWS\'s 60 seconds', () => assert.equal(parse([], SERVER_OPTIONS)['scaling-period'], process.env['BERTH_SCALING_PERIOD'] ?? '60'))
})
