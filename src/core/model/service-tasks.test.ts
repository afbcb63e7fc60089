import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDesiredStatus, TaskStatus } from '../status.js'
import { countByDeployment, countsOf, isPendingTask, isRunningTask, sumCounts } from './service-tasks.js'

describe('service task counting', () => {
  const rows: { last: TaskStatus; desired: TaskDesiredStatus; running: boolean; pending: boolean; why: string }[] = [
    { last: 'PROVISIONING', desired: 'RUNNING', running: false, pending: true, why: 'placed, not yet pulled' },
    { last: 'PENDING', desired: 'RUNNING', running: false, pending: true, why: 'pulling or starting' },
    { last: 'ACTIVATING', desired: 'RUNNING', running: false, pending: true, why: 'the last step before RUNNING' },
    { last: 'RUNNING', desired: 'RUNNING', running: true, pending: false, why: 'the one state that counts as running' },
    { last: 'RUNNING', desired: 'STOPPED', running: false, pending: false, why: 'being stopped: no longer counted' },
    { last: 'PENDING', desired: 'STOPPED', running: false, pending: false, why: 'stopped before it ran' },
    { last: 'DEACTIVATING', desired: 'RUNNING', running: false, pending: false, why: 'past RUNNING is not pending' },
    { last: 'STOPPED', desired: 'RUNNING', running: false, pending: false, why: 'stopped on its own, not yet seen by the scheduler' },
  ]
  for (const r of rows) {
    it(`${r.last}/${r.desired}: ${r.why}`, () => {
      assert.equal(isRunningTask({ lastStatus: r.last, desiredStatus: r.desired }), r.running)
      assert.equal(isPendingTask({ lastStatus: r.last, desiredStatus: r.desired }), r.pending)
    })
  }

  it('counts per deployment id, leaves out tasks started by no one, and sums over deployments', () => {
    const counts = countByDeployment([
      { lastStatus: 'RUNNING', desiredStatus: 'RUNNING', startedBy: 'ecs-svc/1' },
      { lastStatus: 'RUNNING', desiredStatus: 'RUNNING', startedBy: 'ecs-svc/1' },
      { lastStatus: 'PENDING', desiredStatus: 'RUNNING', startedBy: 'ecs-svc/1' },
      { lastStatus: 'PENDING', desiredStatus: 'RUNNING', startedBy: 'ecs-svc/2' },
      { lastStatus: 'RUNNING', desiredStatus: 'STOPPED', startedBy: 'ecs-svc/2' },
      { lastStatus: 'RUNNING', desiredStatus: 'RUNNING' },
    ])
    assert.deepEqual(countsOf(counts, 'ecs-svc/1'), { running: 2, pending: 1 })
    assert.deepEqual(countsOf(counts, 'ecs-svc/2'), { running: 0, pending: 1 })
    assert.deepEqual(countsOf(counts, 'ecs-svc/3'), { running: 0, pending: 0 })
    assert.deepEqual(sumCounts(counts, ['ecs-svc/1', 'ecs-svc/2']), { running: 2, pending: 2 })
    assert.equal(counts.size, 2)
  })
})
