import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toCreateBody } from './to-docker.js'

const MiB = 1024 * 1024

describe('toCreateBody', () => {
  it('sends only what the spec sets', () => {
    assert.deepEqual(toCreateBody({ image: 'app:1', labels: { a: 'b' } }), { Image: 'app:1', Labels: { a: 'b' }, HostConfig: {} })
  })

  it('maps a full container definition onto Config and HostConfig', () => {
    const body = toCreateBody({
      name: 'web-1',
      image: 'app:1',
      labels: { task: 't1' },
      env: { PROVIDER: 'A', EMPTY: '' },
      cmd: ['serve', '--port', '5000'],
      entrypoint: ['/bin/app'],
      workingDir: '/srv',
      user: '1000:1000',
      hostname: 'web',
      cpuShares: 512,
      memoryMiB: 256,
      memoryReservationMiB: 128,
      maxSwapMiB: 64,
      swappiness: 10,
      ports: [
        { containerPort: 5000, hostPort: 0, hostIp: '127.0.0.2', protocol: 'tcp' },
        { containerPort: 5000, hostPort: 8080, protocol: 'tcp' },
        { containerPort: 53, hostPort: 5353, hostIp: '127.0.0.3', protocol: 'udp' },
      ],
      mounts: [
        { kind: 'bind', source: '/var/data', target: '/data', readOnly: true },
        { kind: 'volume', source: 'cache', target: '/cache' },
      ],
      volumesFrom: [{ container: 'sidecar', readOnly: true }, { container: 'other' }],
      links: [{ container: 'db', alias: 'database' }, { container: 'redis' }],
      networkMode: 'bridge',
      extraHosts: [{ hostname: 'db.internal', ipAddress: '10.0.0.5' }],
      dnsServers: ['10.0.0.2'],
      dnsSearchDomains: ['svc.local'],
      healthCheck: { test: ['CMD-SHELL', 'wget -q -O- localhost:5000/health'], intervalMs: 5000, timeoutMs: 2000, startPeriodMs: 10_000, retries: 3 },
      ulimits: [{ name: 'nofile', soft: 1024, hard: 4096 }],
      privileged: false,
      readonlyRootfs: true,
      capAdd: ['NET_ADMIN'],
      capDrop: ['MKNOD'],
      devices: [{ hostPath: '/dev/fuse', permissions: ['read', 'write'] }],
      init: true,
      sharedMemoryMiB: 64,
      tmpfs: [{ containerPath: '/run', sizeMiB: 16, mountOptions: ['noexec', 'mode=1777'] }],
      sysctls: { 'net.core.somaxconn': '1024' },
      securityOpt: ['no-new-privileges'],
      pidMode: 'host',
      ipcMode: 'none',
      stopTimeoutSeconds: 30,
      stopSignal: 'SIGQUIT',
      interactive: true,
      pseudoTerminal: false,
      disableNetworking: false,
      logging: { driver: 'json-file', options: { 'max-size': '10m' } },
    })
    assert.deepEqual(body, {
      Image: 'app:1',
      Labels: { task: 't1' },
      Env: ['PROVIDER=A', 'EMPTY='],
      Cmd: ['serve', '--port', '5000'],
      Entrypoint: ['/bin/app'],
      WorkingDir: '/srv',
      User: '1000:1000',
      Hostname: 'web',
      ExposedPorts: { '5000/tcp': {}, '53/udp': {} },
      Healthcheck: { Test: ['CMD-SHELL', 'wget -q -O- localhost:5000/health'], Interval: 5e9, Timeout: 2e9, StartPeriod: 10e9, Retries: 3 },
      StopTimeout: 30,
      StopSignal: 'SIGQUIT',
      NetworkDisabled: false,
      OpenStdin: true,
      Tty: false,
      HostConfig: {
        CpuShares: 512,
        Memory: 256 * MiB,
        MemoryReservation: 128 * MiB,
        MemorySwap: 320 * MiB, // memory + maxSwap
        MemorySwappiness: 10,
        PortBindings: {
          '5000/tcp': [
            { HostIp: '127.0.0.2', HostPort: '' }, // empty: the engine picks a free port
            { HostIp: '', HostPort: '8080' },
          ],
          '53/udp': [{ HostIp: '127.0.0.3', HostPort: '5353' }],
        },
        Binds: ['/var/data:/data:ro', 'cache:/cache'],
        VolumesFrom: ['sidecar:ro', 'other:rw'],
        Links: ['db:database', 'redis'],
        NetworkMode: 'bridge',
        ExtraHosts: ['db.internal:10.0.0.5'],
        Dns: ['10.0.0.2'],
        DnsSearch: ['svc.local'],
        Ulimits: [{ Name: 'nofile', Soft: 1024, Hard: 4096 }],
        Privileged: false,
        ReadonlyRootfs: true,
        CapAdd: ['NET_ADMIN'],
        CapDrop: ['MKNOD'],
        Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rw' }],
        Init: true,
        ShmSize: 64 * MiB,
        Tmpfs: { '/run': 'size=16m,noexec,mode=1777' },
        Sysctls: { 'net.core.somaxconn': '1024' },
        SecurityOpt: ['no-new-privileges'],
        PidMode: 'host',
        IpcMode: 'none',
        LogConfig: { Type: 'json-file', Config: { 'max-size': '10m' } },
      },
    })
  })

  it('gives a container no swap unless maxSwap says so', () => {
    const host = toCreateBody({ image: 'x', labels: {}, memoryMiB: 100 })['HostConfig'] as Record<string, unknown>
    assert.equal(host['MemorySwap'], 100 * MiB)
  })
})
