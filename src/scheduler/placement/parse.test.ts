import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { PlacementConstraint, PlacementStrategy } from '../../core/aws-model/ecs.types.js'
import { isApiError } from '../../core/errors.js'
import {
  combinePlacementConstraints,
  parsePlacementConstraints,
  parsePlacementStrategies,
  parseTaskDefinitionPlacementConstraints,
} from './parse.js'

/** Asserts `fn` throws an ApiError with this code whose message contains `fragment`. */
function throwsApi(fn: () => unknown, code: string, fragment: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isApiError(e), `not an ApiError: ${String(e)}`)
    assert.equal(e.code, code)
    assert.ok(e.message.includes(fragment), `"${e.message}" lacks "${fragment}"`)
    return true
  })
}

const strategyRows: { wire: PlacementStrategy; want: unknown; why: string }[] = [
  { wire: { type: 'binpack', field: 'memory' }, want: { type: 'binpack', field: 'memory' }, why: 'the guide example' },
  { wire: { type: 'binpack', field: 'CPU' }, want: { type: 'binpack', field: 'cpu' }, why: 'older references write CPU and MEMORY' },
  { wire: { type: 'spread', field: 'instanceId' }, want: { type: 'spread', field: 'instanceId' }, why: 'per instance' },
  { wire: { type: 'spread', field: 'host' }, want: { type: 'spread', field: 'instanceId' }, why: 'host has the same effect' },
  { wire: { type: 'spread', field: 'attribute:ecs.availability-zone' }, want: { type: 'spread', field: 'attribute', attribute: 'ecs.availability-zone' }, why: 'per zone' },
  { wire: { type: 'spread', field: 'attribute:rack' }, want: { type: 'spread', field: 'attribute', attribute: 'rack' }, why: 'a custom attribute' },
  { wire: { type: 'random' }, want: { type: 'random' }, why: 'no field' },
  { wire: { type: 'random', field: 'memory' }, want: { type: 'random' }, why: 'random ignores its field' },
]

const badStrategies: { wire: PlacementStrategy; fragment: string; why: string }[] = [
  { wire: { type: 'binpack' }, fragment: 'a binpack strategy needs a field, cpu or memory', why: 'no field' },
  { wire: { type: 'binpack', field: 'disk' }, fragment: "'disk' is not a binpack field; use cpu or memory", why: 'not a resource' },
  { wire: { type: 'spread' }, fragment: 'a spread strategy needs a field', why: 'no field' },
  { wire: { type: 'spread', field: 'memory' }, fragment: "'memory' is not a spread field", why: 'a binpack field' },
  { wire: { type: 'spread', field: 'attribute:' }, fragment: "'' is not an attribute name", why: 'empty attribute' },
  { wire: { type: 'spread', field: 'attribute:a b' }, fragment: "'a b' is not an attribute name", why: 'space in a name' },
  { wire: { type: 'pack' as never, field: 'cpu' }, fragment: "'pack' is not a placement strategy type", why: 'unknown type' },
  { wire: { field: 'cpu' }, fragment: 'a placement strategy needs a type', why: 'no type' },
]

describe('parsePlacementStrategies', () => {
  for (const { wire, want, why } of strategyRows) {
    it(`${JSON.stringify(wire)} (${why})`, () => assert.deepEqual(parsePlacementStrategies([wire]), [want]))
  }
  for (const { wire, fragment, why } of badStrategies) {
    it(`rejects ${JSON.stringify(wire)} (${why})`, () =>
      throwsApi(() => parsePlacementStrategies([wire]), 'InvalidParameterException', fragment))
  }
  it('names the position of the bad strategy', () =>
    throwsApi(() => parsePlacementStrategies([{ type: 'random' }, { type: 'spread' }]), 'InvalidParameterException', 'placementStrategy[1]'))
  it('takes 5 strategies and refuses 6', () => {
    const five = Array.from({ length: 5 }, (): PlacementStrategy => ({ type: 'random' }))
    assert.equal(parsePlacementStrategies(five).length, 5)
    throwsApi(() => parsePlacementStrategies([...five, { type: 'random' }]), 'InvalidParameterException', 'at most 5')
  })
  it('reads no strategies as none', () => assert.deepEqual(parsePlacementStrategies(undefined), []))
})

describe('parsePlacementConstraints', () => {
  it('parses distinctInstance and memberOf', () => {
    const got = parsePlacementConstraints([
      { type: 'distinctInstance' },
      { type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t2.*' },
    ])
    assert.deepEqual(got[0], { type: 'distinctInstance' })
    assert.equal(got[1]?.type === 'memberOf' && got[1].query.kind, 'condition')
  })

  const bad: { wire: PlacementConstraint; fragment: string; why: string }[] = [
    { wire: { type: 'memberOf' }, fragment: 'a memberOf constraint needs an expression', why: 'no expression' },
    { wire: { type: 'memberOf', expression: '  ' }, fragment: 'a memberOf constraint needs an expression', why: 'blank expression' },
    { wire: { type: 'memberOf', expression: 'attribute:x ==' }, fragment: 'Invalid cluster query expression', why: 'syntax error, from the query parser' },
    { wire: { type: 'distinctInstance', expression: 'attribute:x exists' }, fragment: 'does not take an expression', why: 'the reference forbids one' },
    { wire: { type: 'sameInstance' as never }, fragment: "'sameInstance' is not a placement constraint type", why: 'unknown type' },
    { wire: {}, fragment: 'needs a type', why: 'no type' },
  ]
  for (const { wire, fragment, why } of bad) {
    it(`rejects ${JSON.stringify(wire)} (${why})`, () =>
      throwsApi(() => parsePlacementConstraints([wire]), 'InvalidParameterException', fragment))
  }

  it('refuses 11 constraints', () => {
    const eleven = Array.from({ length: 11 }, (): PlacementConstraint => ({ type: 'distinctInstance' }))
    throwsApi(() => parsePlacementConstraints(eleven), 'InvalidParameterException', 'at most 10')
  })
})

describe('task definition constraints', () => {
  it('take memberOf', () => {
    const got = parseTaskDefinitionPlacementConstraints([{ type: 'memberOf', expression: 'attribute:stack == prod' }])
    assert.equal(got[0]?.expression, 'attribute:stack == prod')
  })
  it('refuse distinctInstance with the ClientException ECS answers', () =>
    throwsApi(
      () => parseTaskDefinitionPlacementConstraints([{ type: 'distinctInstance' as never }]),
      'ClientException',
      "constraint.type 'distinctInstance' is not supported.",
    ))
  it('count toward the 10 a task may have', () => {
    const td = parseTaskDefinitionPlacementConstraints(
      Array.from({ length: 6 }, () => ({ type: 'memberOf' as const, expression: 'attribute:stack exists' })),
    )
    const five = parsePlacementConstraints(Array.from({ length: 5 }, (): PlacementConstraint => ({ type: 'distinctInstance' })))
    assert.equal(combinePlacementConstraints(td, five.slice(0, 4)).length, 10)
    throwsApi(() => combinePlacementConstraints(td, five), 'InvalidParameterException', "counting the task definition's")
  })
})
