import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { laterTaskStatus, toWireContainerStatus } from './status.js'

describe('status order', () => {
  it('never moves a task backwards', () => {
    assert.equal(laterTaskStatus('RUNNING', 'PENDING'), 'RUNNING')
    assert.equal(laterTaskStatus('PENDING', 'STOPPED'), 'STOPPED')
    assert.equal(laterTaskStatus('PROVISIONING', 'PROVISIONING'), 'PROVISIONING')
  })
  it('collapses container statuses to the three the wire knows', () => {
    assert.deepEqual(
      (['NONE', 'PULLED', 'CREATED', 'RUNNING', 'STOPPED'] as const).map(toWireContainerStatus),
      ['PENDING', 'PENDING', 'PENDING', 'RUNNING', 'STOPPED'],
    )
  })
})
