import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { checkOverrides } from './check-overrides.js'

const td = (): TaskDefinition => ({ family: 'web', revision: 1, containerDefinitions: [{ name: 'app', image: 'web', memory: 64 }] })

describe('checkOverrides', () => {
  it('refuses overrides for containers the definition does not have, and bad sizes', () => {
    assert.throws(() => checkOverrides(td(), { containerOverrides: [{ name: 'ghost' }] }), { code: 'InvalidParameterException' })
    assert.throws(() => checkOverrides(td(), { memory: 'lots' }), { code: 'InvalidParameterException' })
    assert.doesNotThrow(() => checkOverrides(td(), { containerOverrides: [{ name: 'app', command: ['x'] }] }))
  })
})
