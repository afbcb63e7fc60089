import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, parseConfigFile, resolveAgentConfig } from './config.js'

const host = { cpus: 2, memoryMiB: 8000 }

describe('agent configuration', () => {
  it('reads an ecs.config-style file, skipping comments, unquoting values', () => {
    assert.deepEqual(parseConfigFile('# comment\nECS_CLUSTER=web\n\nECS_INSTANCE_ATTRIBUTES=\'{"stack":"prod"}\'\n'), {
      ECS_CLUSTER: 'web',
      ECS_INSTANCE_ATTRIBUTES: '{"stack":"prod"}',
    })
    assert.throws(() => parseConfigFile('no equals sign'), ConfigError)
  })

  it('BERTH_TASK_ENDPOINT: off unless given (`berth agent` gives 169.254.170.2:80), HOST:PORT checked', () => {
    assert.equal(resolveAgentConfig(host, {}).taskEndpoint, undefined)
    assert.equal(resolveAgentConfig(host, { BERTH_TASK_ENDPOINT: 'off' }).taskEndpoint, undefined)
    assert.deepEqual(resolveAgentConfig(host, { BERTH_TASK_ENDPOINT: '169.254.170.2:80' }).taskEndpoint, { host: '169.254.170.2', port: 80 })
    assert.deepEqual(resolveAgentConfig(host, { BERTH_TASK_ENDPOINT: '169.254.170.2:80' }, { BERTH_TASK_ENDPOINT: 'off' }).taskEndpoint, undefined, 'a later layer turns it off')
    for (const bad of ['169.254.170.2', 'localhost:80', '127.0.30.1:0', '127.0.30.1:70000', '300.1.1.1:80']) {
      assert.throws(() => resolveAgentConfig(host, { BERTH_TASK_ENDPOINT: bad }), /BERTH_TASK_ENDPOINT must be/, bad)
    }
  })

  it('defaults to the cluster "default" and the whole host', () => {
    const c = resolveAgentConfig(host, {})
    assert.equal(c.cluster, 'default')
    assert.equal(c.cpu, 2048)
    assert.equal(c.memory, 8000)
    assert.deepEqual(c.reservedPorts, [22, 2375, 2376, 51678, 51679])
    assert.equal(c.containerStopTimeout, 30)
    assert.equal(c.allowPrivileged, false)
    assert.deepEqual(c.hostAccess, {
      allowedHostPaths: undefined,
      denyDockerSocket: false,
      dockerSocketPaths: ['/var/run/docker.sock', '/run/docker.sock'],
      denyHostNetwork: false,
      allowedCapabilities: undefined,
    })
  })

  it('advertises the bind address, the host\'s own when bound to every address, or what it is told', () => {
    const table: { settings: Record<string, string>; primaryIpv4?: string; advertised: string }[] = [
      { settings: {}, advertised: '127.0.0.1' },
      { settings: { BERTH_BIND_IP: '127.0.6.3' }, primaryIpv4: '10.0.0.5', advertised: '127.0.6.3' },
      { settings: { BERTH_BIND_IP: '0.0.0.0' }, primaryIpv4: '10.0.0.5', advertised: '10.0.0.5' },
      { settings: { BERTH_BIND_IP: '0.0.0.0' }, advertised: '127.0.0.1' },
      { settings: { BERTH_BIND_IP: '0.0.0.0', BERTH_ADVERTISE_IP: '192.168.1.9' }, primaryIpv4: '10.0.0.5', advertised: '192.168.1.9' },
    ]
    for (const row of table) assert.equal(resolveAgentConfig({ ...host, primaryIpv4: row.primaryIpv4 }, row.settings).advertiseIp, row.advertised, JSON.stringify(row))
    assert.throws(() => resolveAgentConfig(host, { BERTH_ADVERTISE_IP: 'my-host' }), /BERTH_ADVERTISE_IP must be an IPv4 address/)
  })

  it('reads the host-access limits: lists (empty means none), flags, and DOCKER_HOST’s socket', () => {
    const c = resolveAgentConfig(host, {
      BERTH_ALLOWED_HOST_PATHS: '/srv/data/, /var/log/apps',
      BERTH_DISABLE_DOCKER_SOCKET: 'true',
      BERTH_DISABLE_HOST_NETWORK: 'true',
      BERTH_ALLOWED_CAPABILITIES: '',
      DOCKER_HOST: 'unix:///home/u/.docker/run/docker.sock',
    })
    assert.deepEqual(c.hostAccess, {
      allowedHostPaths: ['/srv/data', '/var/log/apps'],
      denyDockerSocket: true,
      dockerSocketPaths: ['/var/run/docker.sock', '/run/docker.sock', '/home/u/.docker/run/docker.sock'],
      denyHostNetwork: true,
      allowedCapabilities: [],
    })
    assert.deepEqual(resolveAgentConfig(host, { BERTH_ALLOWED_CAPABILITIES: 'cap_net_admin,SYS_PTRACE' }).hostAccess.allowedCapabilities, ['NET_ADMIN', 'SYS_PTRACE'])
  })

  it('lets the environment override the file, and later layers win', () => {
    const c = resolveAgentConfig(host, { ECS_CLUSTER: 'file', BERTH_CPU: '1024' }, { ECS_CLUSTER: 'env' })
    assert.equal(c.cluster, 'env')
    assert.equal(c.cpu, 1024)
  })

  const bad: [string, Record<string, string>][] = [
    ['a server URL that is not http', { BERTH_SERVER: 'ftp://x' }],
    ['a bind address that is not IPv4', { BERTH_BIND_IP: '127.0.0.300' }],
    ['negative memory', { BERTH_MEMORY: '-1' }],
    ['reserved ports that are not a JSON list', { ECS_RESERVED_PORTS: '22,80' }],
    ['attributes that are not a JSON object of strings', { ECS_INSTANCE_ATTRIBUTES: '{"a":1}' }],
    ['an unknown pull behavior', { ECS_IMAGE_PULL_BEHAVIOR: 'sometimes' }],
    ['a stop timeout that is not a duration', { ECS_CONTAINER_STOP_TIMEOUT: 'soon' }],
    ['an allowed host path that is not absolute', { BERTH_ALLOWED_HOST_PATHS: '/srv,data' }],
    ['a host-network switch that is not true or false', { BERTH_DISABLE_HOST_NETWORK: 'yes' }],
    ['an EFS folder that is not absolute', { BERTH_EFS_DIR: 'efs' }],
    ['an EFS export for something that is not a file system id', { BERTH_EFS_EXPORTS: '{"data":"10.0.0.5:/x"}' }],
    ['an EFS export that is not host:/path', { BERTH_EFS_EXPORTS: '{"fs-0123abcd":"/exports/x"}' }],
  ]
  for (const [why, settings] of bad) it(`refuses ${why}`, () => assert.throws(() => resolveAgentConfig(host, settings), ConfigError))

  it('reads where EFS file systems are: none by default, a shared folder, NFS exports', () => {
    assert.deepEqual(resolveAgentConfig(host).efs, { dir: undefined, exports: {} })
    assert.deepEqual(resolveAgentConfig(host, { BERTH_EFS_DIR: '/var/lib/berth/efs/', BERTH_EFS_EXPORTS: '{"fs-0123abcd":"10.0.0.5:/exports/a"}' }).efs, {
      dir: '/var/lib/berth/efs/',
      exports: { 'fs-0123abcd': '10.0.0.5:/exports/a' },
    })
  })

  it('reads ECS agent durations', () => {
    assert.equal(resolveAgentConfig(host, { ECS_CONTAINER_STOP_TIMEOUT: '2m' }).containerStopTimeout, 120)
    assert.equal(resolveAgentConfig(host, { ECS_CONTAINER_STOP_TIMEOUT: '500ms' }).containerStopTimeout, 0.5)
  })
})
