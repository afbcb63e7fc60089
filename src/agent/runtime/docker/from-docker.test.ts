import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { toObservation, toRuntimeEvent, toStats, toSummary } from './from-docker.js'

/** Trimmed from `GET /containers/{id}/json` on Docker 20.10 (a web container with a failing health check). */
const INSPECT = {
  Id: '5c79f40951ca29de88fff77282ecbe770d581bd7e9e050de935030be38c1d687',
  Created: '2026-11-21T12:24:42.063659341Z',
  Name: '/fervent_boyd',
  Image: 'sha256:b785ba3beb2d341991802dd243ea1e0f3f2bca0a5e24533b18d256afc6c3de66',
  State: {
    Status: 'running', Running: true, OOMKilled: false, Dead: false, Pid: 6872, ExitCode: 0, Error: '',
    StartedAt: '2026-11-21T12:24:42.407643083Z', FinishedAt: '0001-01-01T00:00:00Z',
    Health: { Status: 'unhealthy', FailingStreak: 6, Log: [{ ExitCode: 1, Output: 'first' }, { ExitCode: 1, Output: 'last\n' }] },
  },
  HostConfig: { NetworkMode: 'default', Memory: 67108864, MemoryReservation: 33554432, CpuShares: 256 },
  NetworkSettings: { Ports: { '5000/tcp': [{ HostIp: '127.0.0.2', HostPort: '32774' }], '9000/udp': null }, IPAddress: '172.17.0.2' },
  Config: { Image: 'berth-test/web:latest', Labels: { a: 'b' } },
}

describe('toObservation', () => {
  it('reads a running container: times, health, resolved ports, applied limits', () => {
    assert.deepEqual(toObservation(INSPECT), {
      id: INSPECT.Id,
      name: 'fervent_boyd',
      image: 'berth-test/web:latest',
      imageId: INSPECT.Image,
      labels: { a: 'b' },
      state: 'running',
      oomKilled: false,
      createdAt: Date.parse('2026-11-21T12:24:42.063Z'),
      startedAt: Date.parse('2026-11-21T12:24:42.407Z'),
      health: { status: 'unhealthy', failingStreak: 6, lastOutput: 'last\n' },
      ports: [{ containerPort: 5000, protocol: 'tcp', hostIp: '127.0.0.2', hostPort: 32774 }],
      resources: { memoryMiB: 64, memoryReservationMiB: 32, cpuShares: 256 },
      networkMode: 'bridge',
      ipAddress: '172.17.0.2',
      pid: 6872,
    })
  })

  it('reports the exit code only once the container has stopped', () => {
    const created = toObservation({ ...INSPECT, State: { Status: 'created', ExitCode: 0 } })
    assert.equal(created.exitCode, undefined)
    const exited = toObservation({ ...INSPECT, State: { Status: 'exited', ExitCode: 137, OOMKilled: true, FinishedAt: '2026-11-21T12:25:00Z' } })
    assert.deepEqual([exited.exitCode, exited.oomKilled, exited.finishedAt], [137, true, Date.parse('2026-11-21T12:25:00Z')])
  })

  it('surfaces why a start failed', () => {
    const o = toObservation({ ...INSPECT, State: { Status: 'created', ExitCode: 127, Error: 'exec: "nope": executable file not found in $PATH' } })
    assert.match(o.error ?? '', /executable file not found/)
  })

  it('reads the address and MAC on the container’s network, the default bridge first, then the top-level fields', () => {
    const net = (settings: Record<string, unknown>) => toObservation({ ...INSPECT, NetworkSettings: { Ports: {}, ...settings } })
    const pick = (o: ReturnType<typeof toObservation>) => [o.ipAddress, o.macAddress]
    assert.deepEqual(pick(net({ Networks: { bridge: { IPAddress: '172.17.0.9', MacAddress: '02:42:AC:11:00:09' } }, IPAddress: '172.17.0.9', MacAddress: '02:42:ac:11:00:09' })), ['172.17.0.9', '02:42:ac:11:00:09'])
    assert.deepEqual(pick(net({ Networks: { mine: { IPAddress: '10.1.0.4', MacAddress: '02:42:0a:01:00:04' }, bridge: { IPAddress: '172.17.0.3', MacAddress: '02:42:ac:11:00:03' } } })), ['172.17.0.3', '02:42:ac:11:00:03'])
    assert.deepEqual(pick(net({ Networks: { mine: { IPAddress: '10.1.0.4', MacAddress: '02:42:0a:01:00:04' } } })), ['10.1.0.4', '02:42:0a:01:00:04'], 'API 1.44+ leaves the top-level fields out')
    assert.deepEqual(pick(net({ Networks: { bridge: { IPAddress: '', MacAddress: '' } }, IPAddress: '', MacAddress: '' })), [undefined, undefined], 'a stopped container has none')
    assert.deepEqual(pick(net({ Networks: { host: {} } })), [undefined, undefined])
  })

  it('survives an answer with nothing in it', () => {
    const o = toObservation(null)
    assert.deepEqual([o.id, o.state, o.ports, o.labels, o.resources], ['', 'dead', [], {}, {}])
  })
})

describe('toSummary', () => {
  it('reads a row of the container list', () => {
    assert.deepEqual(toSummary({ Id: 'abc', Names: ['/web'], Image: 'app:1', Labels: { x: 'y' }, State: 'exited', Created: 1_700_000_000 }), {
      id: 'abc', name: 'web', image: 'app:1', labels: { x: 'y' }, state: 'exited', createdAt: 1_700_000_000_000,
    })
  })
})

describe('toRuntimeEvent', () => {
  const event = (Action: string, Attributes: Record<string, string> = {}) => ({
    Type: 'container', Action, Actor: { ID: 'abc', Attributes: { name: 'web', image: 'app:1', ...Attributes } }, time: 1_700_000_000, timeNano: 1_700_000_000_123_456_789,
  })
  it('reads die with its exit code, kill with its signal by name, health as a status', () => {
    assert.deepEqual(toRuntimeEvent(event('die', { exitCode: '137' })), { type: 'die', id: 'abc', name: 'web', time: 1_700_000_000_123, exitCode: 137 })
    assert.equal(toRuntimeEvent(event('kill', { signal: '15' }))?.signal, 'SIGTERM')
    assert.equal(toRuntimeEvent(event('health_status: healthy'))?.health, 'healthy')
    assert.equal(toRuntimeEvent(event('health_status: unhealthy'))?.health, 'unhealthy')
  })
  it('drops what the agent does not track', () => {
    assert.equal(toRuntimeEvent(event('exec_create: sh -c true')), undefined)
    assert.equal(toRuntimeEvent(event('attach')), undefined)
    assert.equal(toRuntimeEvent({ ...event('create'), Type: 'network' }), undefined)
  })
})

describe('toStats', () => {
  it('reads cgroup v1 counters; memory used leaves out inactive file cache', () => {
    const s = toStats({
      read: '2026-11-21T12:24:43.460948546Z',
      cpu_stats: { cpu_usage: { total_usage: 108632823, percpu_usage: [1, 2] }, system_cpu_usage: 3191790000000, online_cpus: 2 },
      memory_stats: { usage: 724992, stats: { total_inactive_file: 4096 }, limit: 67108864 },
      networks: { eth0: { rx_bytes: 486, tx_bytes: 10 }, eth1: { rx_bytes: 14, tx_bytes: 0 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'Read', value: 100 }, { op: 'Write', value: 7 }, { op: 'Total', value: 107 }] },
    })
    assert.deepEqual(s, {
      time: Date.parse('2026-11-21T12:24:43.460Z'),
      cpuTotalNs: 108632823,
      systemCpuNs: 3191790000000,
      onlineCpus: 2,
      memoryUsedBytes: 724992 - 4096,
      memoryLimitBytes: 67108864,
      networkRxBytes: 500,
      networkTxBytes: 10,
      blockReadBytes: 100,
      blockWriteBytes: 7,
    })
  })
})
