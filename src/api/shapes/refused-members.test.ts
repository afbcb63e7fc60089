import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EcsErrors } from '../../core/errors.js'
import { findRefusedMember, refuseUnsupportedMembers, type RefusedMember } from './refused-members.js'

const RULES: readonly RefusedMember[] = [
  { path: 'networkConfiguration', reason: 'no ENIs.' },
  { path: 'enableExecuteCommand', reason: 'no ECS Exec.', refuses: (v) => v === true },
  { path: 'overrides.containerOverrides[].environmentFiles', reason: 'no S3.' },
]

describe('findRefusedMember', () => {
  const rows: { why: string; input: unknown; want: string | undefined }[] = [
    { why: 'nothing refused is set', input: { cluster: 'c', overrides: { containerOverrides: [{ name: 'a' }] } }, want: undefined },
    { why: 'a refused member at the top', input: { networkConfiguration: { awsvpcConfiguration: { subnets: ['s'] } } }, want: 'networkConfiguration' },
    { why: 'an empty structure asks for nothing', input: { networkConfiguration: {} }, want: undefined },
    { why: 'a refused value', input: { enableExecuteCommand: true }, want: 'enableExecuteCommand' },
    { why: 'the value it does support', input: { enableExecuteCommand: false }, want: undefined },
    {
      why: 'inside the second item of a list, with its index',
      input: { overrides: { containerOverrides: [{ name: 'a' }, { name: 'b', environmentFiles: [{ value: 'arn', type: 's3' }] }] } },
      want: 'overrides.containerOverrides[1].environmentFiles',
    },
    { why: 'an empty list asks for nothing', input: { overrides: { containerOverrides: [{ environmentFiles: [] }] } }, want: undefined },
    { why: 'the first rule in table order wins', input: { enableExecuteCommand: true, networkConfiguration: { x: 1 } }, want: 'networkConfiguration' },
    { why: 'an inherited member is not a member', input: Object.create({ networkConfiguration: { x: 1 } }) as unknown, want: undefined },
  ]
  for (const row of rows) it(row.why, () => assert.equal(findRefusedMember(row.input, RULES)?.path, row.want))
})

describe('refuseUnsupportedMembers', () => {
  it("answers the service's parameter error, naming the member and saying why", () => {
    assert.throws(() => refuseUnsupportedMembers({ networkConfiguration: { x: 1 } }, RULES, EcsErrors.invalidParameter), {
      code: 'InvalidParameterException',
      message: 'Berth does not support networkConfiguration: no ENIs.',
    })
  })
  it('shows the value when only some values are refused', () => {
    assert.throws(() => refuseUnsupportedMembers({ enableExecuteCommand: true }, RULES, EcsErrors.invalidParameter), {
      message: 'Berth does not support enableExecuteCommand=true: no ECS Exec.',
    })
  })
  it('lets everything through for an operation with no table', () => {
    assert.doesNotThrow(() => refuseUnsupportedMembers({ networkConfiguration: { x: 1 } }, undefined, EcsErrors.invalidParameter))
  })
})
