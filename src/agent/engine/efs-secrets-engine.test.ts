import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { PullOptions } from '../runtime/runtime.js'
import type { ContainerSpec, VolumeSpec } from '../runtime/spec.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { EngineHarness } from '../../testing/task-engine.js'
import { localEfsFolder } from './efs-local.js'

/** What ECS sets in every EC2 task's containers (endpoints/ids.ts ecsTaskEnv). */
const ECS_ENV = { AWS_EXECUTION_ENV: 'AWS_ECS_EC2', AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1' }

/**
 * What the engine gives Docker for EFS volumes, resolved secrets and environment files, and
 * registry credentials, seen on a fake runtime (there is no NFS server or registry here).
 */
describe('EFS volumes, resolved environments and registry credentials on the runtime', () => {
  const harnesses: EngineHarness[] = []
  const start = async (...args: Parameters<typeof EngineHarness.start>) => {
    const h = await EngineHarness.start(...args)
    harnesses.push(h)
    return h
  }
  after(async () => {
    await Promise.all(harnesses.map((h) => h.engine.stop()))
  })
  const created = (h: EngineHarness) => h.runtime.callsOf('create').map((c) => c.args[0] as ContainerSpec)
  const efsTask = (rootDirectory?: string, id = '1') =>
    mockDesiredTask({
      id,
      containers: [{ name: 'app', image: 'app:1', mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }],
      taskDefinition: { volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-0123abcd', ...(rootDirectory ? { rootDirectory } : {}), transitEncryption: 'ENABLED' } }] },
    })

  it('an NFS export named for the file system: a task volume of the local driver with type=nfs', async () => {
    const h = await start({ efs: { exports: { 'fs-0123abcd': '10.0.0.5:/exports/fs1/' }, local: () => assert.fail('no local folder for an exported file system') } })
    const task = efsTask('/wordpress')
    h.engine.setDesired([task])
    await h.untilStatus(task, 'RUNNING')
    const [volume] = h.runtime.callsOf('createVolume').map((c) => c.args[0] as VolumeSpec)
    assert.equal(volume?.name, `ecs-web-1-data-${task.taskArn.slice(-32)}`)
    assert.equal(volume?.driver, 'local')
    assert.deepEqual(volume?.driverOpts, { type: 'nfs', o: 'addr=10.0.0.5,nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport', device: ':/exports/fs1/wordpress' })
    assert.deepEqual(created(h)[0]?.mounts, [{ kind: 'volume', source: volume?.name, target: '/data' }])
  })

  const dir = mkdtempSync(join(tmpdir(), 'berth-efs-engine-'))
  it('a shared folder: <dir>/<fs-id>/<rootDirectory> bound; the file system folder is made, a missing rootDirectory fails the task', async () => {
    const h = await start({ efs: { dir, exports: {}, local: localEfsFolder } })
    const root = efsTask()
    h.engine.setDesired([root])
    await h.untilStatus(root, 'RUNNING')
    assert.deepEqual(created(h)[0]?.mounts, [{ kind: 'bind', source: join(dir, 'fs-0123abcd'), target: '/data' }])

    const missing = efsTask('/wp', '2')
    const present = efsTask('./wp/', '3')
    h.engine.setDesired([root, missing])
    const stopped = await h.untilStatus(missing, 'STOPPED')
    assert.equal(stopped.stopCode, 'TaskFailedToStart')
    assert.equal(stopped.stoppedReason, 'ResourceInitializationError: failed to invoke EFS utils commands to set up EFS volumes: mount.nfs4: mounting fs-0123abcd:/wp failed, reason given by server: No such file or directory')

    mkdirSync(join(dir, 'fs-0123abcd', 'wp'))
    h.engine.setDesired([root, present])
    await h.untilStatus(present, 'RUNNING')
    assert.deepEqual(created(h).at(-1)?.mounts, [{ kind: 'bind', source: join(dir, 'fs-0123abcd', 'wp'), target: '/data' }])
  })

  it('environment files fill in what environment leaves unset; secrets win over both; credentials go with the pull', async () => {
    const h = await start()
    const task = mockDesiredTask({
      containers: [{ name: 'app', image: 'registry.example.com:5000/team/app:1', environment: [{ name: 'A', value: 'from-environment' }, { name: 'S', value: 'plain' }] }],
      overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'O', value: 'from-override' }] }] },
      resolved: [{ name: 'app', fileEnvironment: { A: 'from-file', B: 'from-file', O: 'from-file' }, secretEnvironment: { S: 'secret' }, registryAuth: { username: 'u', password: 'p' } }],
    })
    h.engine.setDesired([task])
    await h.untilStatus(task, 'RUNNING')
    assert.deepEqual(created(h)[0]?.env, { ...ECS_ENV, A: 'from-environment', B: 'from-file', O: 'from-override', S: 'secret' })
    const pull = h.runtime.callsOf('pull')[0]
    assert.deepEqual((pull?.args[1] as PullOptions).auth, { username: 'u', password: 'p', serverAddress: 'registry.example.com:5000' })
  })

  it('a task whose sources the server could not resolve stops before anything is pulled, with its reason', async () => {
    const h = await start()
    const reason = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: container app: secret X: SSM parameter /x is not among the configured parameters'
    const task = mockDesiredTask({ initError: reason })
    h.engine.setDesired([task])
    const stopped = await h.untilStatus(task, 'STOPPED')
    assert.deepEqual([stopped.stopCode, stopped.stoppedReason], ['TaskFailedToStart', reason])
    assert.equal(h.runtime.callsOf('pull').length, 0)
  })
})
