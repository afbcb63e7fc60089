import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { EngineHarness } from '../../testing/task-engine.js'

// The engine end of the host-access limits: a refused task stops before anything is pulled or
// created, and its stoppedReason names the setting, as the control plane will show it.
describe('the task engine with host-access limits', () => {
  it('stops a task that mounts a host path outside the allowed ones, saying which setting refused it', async () => {
    const h = await EngineHarness.start({ hostAccess: { allowedHostPaths: ['/srv/data'] } })
    const t = mockDesiredTask({
      containers: [{ name: 'app', image: 'app:1', mountPoints: [{ sourceVolume: 'etc', containerPath: '/host-etc' }] }],
      taskDefinition: { volumes: [{ name: 'etc', host: { sourcePath: '/etc' } }] },
    })
    h.engine.setDesired([t])
    const r = await h.untilStatus(t, 'STOPPED')
    assert.equal(r.stopCode, 'TaskFailedToStart')
    assert.equal(
      r.stoppedReason,
      "CannotCreateContainerError: volume 'etc' mounts the host path /etc, outside the host paths this container instance allows (BERTH_ALLOWED_HOST_PATHS=/srv/data)",
    )
    assert.deepEqual([h.runtime.callsOf('pull').length, h.runtime.callsOf('create').length], [0, 0])
  })

  it('runs the same task on an instance without limits', async () => {
    const h = await EngineHarness.start({ fake: { images: {} } })
    const t = mockDesiredTask({
      containers: [{ name: 'app', image: 'app:1', mountPoints: [{ sourceVolume: 'etc', containerPath: '/host-etc' }] }],
      taskDefinition: { volumes: [{ name: 'etc', host: { sourcePath: '/etc' } }] },
    })
    h.engine.setDesired([t])
    assert.equal((await h.untilStatus(t, 'RUNNING')).knownStatus, 'RUNNING')
  })
})
