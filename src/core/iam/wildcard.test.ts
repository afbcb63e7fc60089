import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { matchesArn, matchesWildcard, matchesWildcardIgnoreCase } from './wildcard.js'

describe('matchesWildcard', () => {
  const ROWS: Array<[pattern: string, value: string, want: boolean, why: string]> = [
    ['*', '', true, '* matches nothing at all'],
    ['*', 'arn:aws:ecs:us-east-1:000000000000:cluster/web', true, '* matches colons and slashes'],
    ['abc', 'abc', true, 'literal'],
    ['abc', 'abcd', false, 'a literal matches whole values only'],
    ['ab?', 'abc', true, '? is one character'],
    ['ab?', 'ab', false, '? is exactly one character'],
    ['a*c', 'ac', true, '* may be empty'],
    ['a*c', 'abbbc', true, '* spans several characters'],
    ['a*c', 'abbbd', false, 'the tail must still match'],
    ['*web*', 'cluster/web-prod', true, 'stars both sides'],
    ['a*b*c', 'aXbYbZc', true, 'backtracks to the last star'],
    ['arn:aws:ecs:*:*:cluster/web', 'arn:aws:ecs:us-east-1:000000000000:cluster/web', true, 'stars across ARN parts'],
    ['arn:aws:ecs:*:*:cluster/web', 'arn:aws:ecs:us-east-1:000000000000:cluster/webx', false, 'no implicit trailing star'],
    ['Cluster/Web', 'cluster/web', false, 'case-sensitive'],
    ['a?*', 'a', false, '? still needs a character before *'],
    ['**', 'x', true, 'consecutive stars'],
  ]
  for (const [pattern, value, want, why] of ROWS) {
    it(`${JSON.stringify(pattern)} vs ${JSON.stringify(value)} → ${want}: ${why}`, () => assert.equal(matchesWildcard(pattern, value), want))
  }

  it('stays linear-ish on a pattern built to backtrack', () => {
    // Exponential backtracking would never finish this; the greedy matcher answers at once.
    assert.equal(matchesWildcard('a*a*a*a*a*a*a*b', 'a'.repeat(5000)), false)
  })

  it('ignores case for actions when asked to', () => {
    assert.equal(matchesWildcardIgnoreCase('ecs:describe*', 'ecs:DescribeServices'), true)
    assert.equal(matchesWildcardIgnoreCase('ECS:RUNTASK', 'ecs:RunTask'), true)
  })
})

describe('matchesArn (ArnLike, ArnEquals)', () => {
  const CLUSTER = 'arn:aws:ecs:us-east-1:000000000000:cluster/web'
  const ROWS: Array<[pattern: string, value: string, want: boolean, why: string]> = [
    [CLUSTER, CLUSTER, true, 'identical'],
    ['arn:aws:ecs:*:*:cluster/*', CLUSTER, true, 'each part its own wildcard'],
    ['arn:aws:ecs:us-*:000000000000:cluster/web', CLUSTER, true, 'wildcard inside the region part'],
    ['arn:aws:ecs:eu-*:000000000000:cluster/web', CLUSTER, false, 'another region'],
    ['arn:aws:ecs:us-east-1:000000000000:cluster/*', 'arn:aws:logs:us-east-1:000000000000:log-group:a:b', false, 'another service'],
    ['arn:aws:logs:*:*:log-group:a:*', 'arn:aws:logs:us-east-1:000000000000:log-group:a:log-stream:', true, 'the resource part keeps its colons'],
    ['arn:aws:ecs:*', CLUSTER, false, 'fewer than six parts matches nothing (parsePolicy refuses such a value)'],
    [CLUSTER, 'cluster/web', false, 'a value that is not an ARN'],
  ]
  for (const [pattern, value, want, why] of ROWS) {
    it(`${pattern} vs ${value} → ${want}: ${why}`, () => assert.equal(matchesArn(pattern, value), want))
  }
})
