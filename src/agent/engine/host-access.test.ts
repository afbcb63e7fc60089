import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { mockDesiredTask } from '../../testing/desired-task.js'
import { hostAccessRefusal, type HostAccessLimits } from './host-access.js'
import { planTask } from './task-plan.js'

const hostVolume = (sourcePath: string): Partial<TaskDefinition> => ({ volumes: [{ name: 'data', host: { sourcePath } }] })
const td = (more: Partial<TaskDefinition> = {}, container: Partial<ContainerDefinition> = {}): TaskDefinition => ({
  family: 'web',
  containerDefinitions: [{ name: 'app', image: 'app:1', ...container }],
  ...more,
})
const caps = (...add: string[]): Partial<ContainerDefinition> => ({ linuxParameters: { capabilities: { add } } })
const device = (hostPath: string): Partial<ContainerDefinition> => ({ linuxParameters: { devices: [{ hostPath }] } })

const PATHS: HostAccessLimits = { allowedHostPaths: ['/srv/data', '/var/log/apps'] }
const SOCKET: HostAccessLimits = { denyDockerSocket: true, dockerSocketPaths: ['/var/run/docker.sock', '/run/docker.sock'] }

const ROWS: Array<{ why: string; limits: HostAccessLimits; td: TaskDefinition; want: RegExp | undefined }> = [
  { why: 'no limits: anything goes, as on ECS', limits: {}, td: td({ ...hostVolume('/'), networkMode: 'host' }, caps('ALL')), want: undefined },
  // Host paths.
  { why: 'a path inside an allowed one', limits: PATHS, td: td(hostVolume('/srv/data/app')), want: undefined },
  { why: 'the allowed path itself', limits: PATHS, td: td(hostVolume('/srv/data')), want: undefined },
  { why: 'an allowed path written with a trailing slash', limits: { allowedHostPaths: ['/srv/data/'] }, td: td(hostVolume('/srv/data')), want: undefined },
  { why: 'the root allows everything', limits: { allowedHostPaths: ['/'] }, td: td(hostVolume('/etc')), want: undefined },
  { why: 'a sibling that shares a prefix', limits: PATHS, td: td(hostVolume('/srv/database')), want: /volume 'data' mounts the host path \/srv\/database, outside the host paths this container instance allows \(BERTH_ALLOWED_HOST_PATHS=\/srv\/data,\/var\/log\/apps\)/ },
  { why: '.. climbing out', limits: PATHS, td: td(hostVolume('/srv/data/../../etc')), want: /mounts the host path \/srv\/data\/\.\.\/\.\.\/etc, outside/ },
  { why: 'a relative path', limits: PATHS, td: td(hostVolume('srv/data')), want: /which is not an absolute path/ },
  { why: 'an empty allow-list allows no host path', limits: { allowedHostPaths: [] }, td: td(hostVolume('/srv/data')), want: /outside the host paths/ },
  { why: 'an empty allow-list still allows Docker volumes', limits: { allowedHostPaths: [] }, td: td({ volumes: [{ name: 'v', dockerVolumeConfiguration: { scope: 'task' } }] }), want: undefined },
  {
    why: 'a local-driver volume bound to a host path is a host path',
    limits: PATHS,
    td: td({ volumes: [{ name: 'v', dockerVolumeConfiguration: { driver: 'local', driverOpts: { type: 'none', o: 'bind', device: '/etc' } } }] }),
    want: /volume 'v' mounts the host path \/etc, outside/,
  },
  { why: 'a device outside the allowed paths', limits: PATHS, td: td({}, device('/dev/sda')), want: /container 'app' maps the host device \/dev\/sda, outside/ },
  {
    why: 'a symbolic link inside an allowed path that leads outside it',
    limits: { ...PATHS, resolvePath: (p) => (p === '/srv/data/root' ? '/' : p) },
    td: td(hostVolume('/srv/data/root')),
    want: /mounts the host path \/srv\/data\/root, outside/,
  },
  // The Docker socket.
  { why: 'the socket itself', limits: SOCKET, td: td(hostVolume('/var/run/docker.sock')), want: /which exposes the Docker socket, and this container instance keeps it from tasks \(BERTH_DISABLE_DOCKER_SOCKET=true\)/ },
  { why: 'a directory above the socket', limits: SOCKET, td: td(hostVolume('/run')), want: /exposes the Docker socket/ },
  { why: 'the root of the host', limits: SOCKET, td: td(hostVolume('/')), want: /exposes the Docker socket/ },
  { why: 'an unrelated path', limits: SOCKET, td: td(hostVolume('/srv/data')), want: undefined },
  { why: 'a link to the socket', limits: { ...SOCKET, resolvePath: (p) => (p === '/tmp/d' ? '/run/docker.sock' : p) }, td: td(hostVolume('/tmp/d')), want: /exposes the Docker socket/ },
  { why: 'the socket DOCKER_HOST names', limits: { denyDockerSocket: true, dockerSocketPaths: ['/home/u/.docker/run/docker.sock'] }, td: td(hostVolume('/home/u')), want: /exposes the Docker socket/ },
  // Host network.
  { why: 'host networking refused', limits: { denyHostNetwork: true }, td: td({ networkMode: 'host' }), want: /^the task uses the host network, which this container instance does not allow \(BERTH_DISABLE_HOST_NETWORK=true\)$/ },
  { why: 'bridge networking is fine', limits: { denyHostNetwork: true }, td: td({ networkMode: 'bridge' }), want: undefined },
  // Capabilities.
  { why: 'an allowed capability', limits: { allowedCapabilities: ['NET_BIND_SERVICE'] }, td: td({}, caps('NET_BIND_SERVICE')), want: undefined },
  { why: 'CAP_ prefix and case do not matter', limits: { allowedCapabilities: ['NET_BIND_SERVICE'] }, td: td({}, caps('cap_net_bind_service')), want: undefined },
  {
    why: 'another capability',
    limits: { allowedCapabilities: ['NET_BIND_SERVICE'] },
    td: td({}, caps('NET_BIND_SERVICE', 'SYS_ADMIN')),
    want: /^container 'app' adds the capability SYS_ADMIN, which this container instance does not allow \(BERTH_ALLOWED_CAPABILITIES=NET_BIND_SERVICE\)$/,
  },
  { why: 'ALL, unless listed', limits: { allowedCapabilities: ['NET_ADMIN'] }, td: td({}, caps('ALL')), want: /adds the capability ALL/ },
  { why: 'an empty list allows none', limits: { allowedCapabilities: [] }, td: td({}, caps('CHOWN')), want: /adds the capability CHOWN/ },
  { why: 'dropping capabilities is always fine', limits: { allowedCapabilities: [] }, td: td({}, { linuxParameters: { capabilities: { drop: ['ALL'] } } }), want: undefined },
]

describe('hostAccessRefusal', () => {
  for (const row of ROWS) {
    it(row.why, () => {
      const got = hostAccessRefusal(row.td, row.limits)
      if (row.want === undefined) assert.equal(got, undefined)
      else assert.match(got ?? '(allowed)', row.want)
    })
  }
})

describe('a task the limits refuse', () => {
  it('cannot be planned: the reason is a CannotCreateContainerError, as for a container the agent cannot create', () => {
    const settings = { containerInstanceArn: 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/1', bindIp: '127.0.0.2', allowPrivileged: false, defaultStopTimeoutMs: 30_000 }
    const task = mockDesiredTask({ taskDefinition: { networkMode: 'host' } })
    const refused = planTask(task, { ...settings, hostAccess: { denyHostNetwork: true } }, (n) => n)
    assert.deepEqual(refused, { ok: false, reason: 'CannotCreateContainerError: the task uses the host network, which this container instance does not allow (BERTH_DISABLE_HOST_NETWORK=true)' })
    assert.equal(planTask(task, settings, (n) => n).ok, true)
  })
})
