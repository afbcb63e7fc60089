import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { checkOverrides } from './check-overrides.js'

const td = (over: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'web',
  revision: 1,
  containerDefinitions: [
    { name: 'app', image: 'web', cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 0 }] },
    { name: 'side', image: 'side', cpu: 0, memoryReservation: 64, portMappings: [{ containerPort: 53, hostPort: 5353, protocol: 'udp' }] },
  ],
  ...over,
})

describe('checkOverrides', () => {
  it('refuses overrides for containers the definition does not have, and bad sizes', () => {
    assert.throws(() => checkOverrides(td(), { containerOverrides: [{ name: 'ghost' }] }), { code: 'InvalidParameterException' })
    assert.throws(() => checkOverrides(td(), { memory: 'lots' }), { code: 'InvalidParameterException' })
    assert.doesNotThrow(() => checkOverrides(td(), { containerOverrides: [{ name: 'app', command: ['x'] }] }))
  })
})
