import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ecsObservations, reservedForMetrics, type ClusterUsage, type TaskUsage } from './ecs-utilization.js'
import { metricKey } from './metric-store.js'

const T = Date.UTC(2026, 0, 1)
const inst = (cpu: number, memoryMiB: number, status: 'ACTIVE' | 'DRAINING' | 'INACTIVE' = 'ACTIVE') => ({ status, cpu, memoryMiB })
const task = (serviceName: string | undefined, reserved: [number, number], used?: [number, number]): TaskUsage => ({
  serviceName,
  reserved: { cpu: reserved[0], memoryMiB: reserved[1] },
  used: used ? { cpu: used[0], memoryMiB: used[1] } : undefined,
})

/** The observations as `name{dims} = avg [min..max]`, sorted, for rows that read like the arithmetic. */
function figures(c: ClusterUsage): Record<string, string> {
  const out: Record<string, string> = {}
  for (const o of ecsObservations(c, T)) {
    const dims = o.metric.dimensions.map((d) => d.value).join('/')
    const v = o.values
    const r = (n: number) => Math.round(n * 100) / 100
    out[`${o.metric.metricName}{${dims}}`] = v.minimum === v.maximum ? `${r(v.sum)}` : `${r(v.sum)} [${r(v.minimum)}..${r(v.maximum)}]`
  }
  return out
}

describe('ecsObservations', () => {
  const rows: { why: string; cluster: Omit<ClusterUsage, 'clusterName'>; want: Record<string, string> }[] = [
    {
      why: "ECS's worked example: one task of 512 units / 1024 MiB using 512 units and 256 MiB is 100 % CPU, 25 % memory of its service",
      cluster: { instances: [inst(2048, 4096)], tasks: [task('web', [512, 1024], [512, 256])] },
      want: {
        'CPUReservation{c}': '25',
        'CPUUtilization{c}': '25',
        'MemoryReservation{c}': '25',
        'MemoryUtilization{c}': '6.25',
        'CPUUtilization{c/web}': '100',
        'MemoryUtilization{c/web}': '25',
      },
    },
    {
      why: 'two tasks, one busy one idle: the service average is used over reserved; minimum and maximum are the tasks',
      cluster: { instances: [inst(1024, 1024)], tasks: [task('web', [256, 128], [256, 64]), task('web', [256, 128], [0, 32])] },
      want: {
        'CPUReservation{c}': '50',
        'CPUUtilization{c}': '25',
        'MemoryReservation{c}': '25',
        'MemoryUtilization{c}': '9.38',
        'CPUUtilization{c/web}': '50 [0..100]',
        'MemoryUtilization{c/web}': '37.5 [25..50]',
      },
    },
    {
      why: 'a task may use more than it reserves (cpu is a share, not a cap): over 100 %',
      cluster: { instances: [inst(2048, 2048)], tasks: [task('hot', [128, 256], [1024, 16])] },
      want: {
        'CPUReservation{c}': '6.25',
        'CPUUtilization{c}': '50',
        'MemoryReservation{c}': '12.5',
        'MemoryUtilization{c}': '0.78',
        'CPUUtilization{c/hot}': '800',
        'MemoryUtilization{c/hot}': '6.25',
      },
    },
    {
      why: 'only ACTIVE and DRAINING instances register resources; a task without a sample counts for reservation only',
      cluster: {
        instances: [inst(1024, 1024), inst(1024, 1024, 'DRAINING'), inst(4096, 4096, 'INACTIVE')],
        tasks: [task('web', [512, 512], [256, 256]), task('web', [512, 512])],
      },
      want: {
        'CPUReservation{c}': '50',
        'CPUUtilization{c}': '12.5',
        'MemoryReservation{c}': '50',
        'MemoryUtilization{c}': '12.5',
        'CPUUtilization{c/web}': '50',
        'MemoryUtilization{c/web}': '50',
      },
    },
    {
      why: 'tasks outside services count for the cluster only; no sample anywhere: reservation but no utilization',
      cluster: { instances: [inst(1024, 1024)], tasks: [task(undefined, [256, 256])] },
      want: { 'CPUReservation{c}': '25', 'MemoryReservation{c}': '25' },
    },
    {
      why: 'a service whose tasks reserve no CPU (container cpu 0) has no CPU utilization point, memory still',
      cluster: { instances: [inst(1024, 1024)], tasks: [task('free', [0, 128], [300, 64])] },
      want: {
        'CPUReservation{c}': '0',
        'CPUUtilization{c}': '29.3',
        'MemoryReservation{c}': '12.5',
        'MemoryUtilization{c}': '6.25',
        'MemoryUtilization{c/free}': '50',
      },
    },
    { why: 'no registered instance: no cluster point (no division by zero)', cluster: { instances: [], tasks: [task('web', [256, 256], [10, 10])] }, want: { 'CPUUtilization{c/web}': '3.91', 'MemoryUtilization{c/web}': '3.91' } },
    { why: 'an empty cluster with an instance: 0 % reserved, no utilization', cluster: { instances: [inst(1024, 2048)], tasks: [] }, want: { 'CPUReservation{c}': '0', 'MemoryReservation{c}': '0' } },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(figures({ clusterName: 'c', ...r.cluster }), r.want))

  it('puts Percent observations with CloudWatch dimensions sorted by name, at the given time and resolution', () => {
    const [o] = ecsObservations({ clusterName: 'c', instances: [], tasks: [task('web', [256, 256], [128, 128])] }, T, 1)
    assert.ok(o)
    assert.equal(o.unit, 'Percent')
    assert.equal(o.timestamp, T)
    assert.equal(o.storageResolution, 1)
    assert.equal(metricKey(o.metric), JSON.stringify(['AWS/ECS', 'CPUUtilization', [['ClusterName', 'c'], ['ServiceName', 'web']]]))
  })
})

describe('reservedForMetrics', () => {
  const c = (cpu?: number, memory?: number, memoryReservation?: number) => ({
    name: 'x', containerArn: 'a', image: 'i', essential: true, lastStatus: 'RUNNING' as const, networkBindings: [],
    ...(cpu !== undefined ? { cpu } : {}), ...(memory !== undefined ? { memory } : {}), ...(memoryReservation !== undefined ? { memoryReservation } : {}),
  })
  const rows = [
    { why: 'task-level cpu and memory win', task: { cpu: '1 vCPU', memory: '2 GB', containers: [c(10, 10)] }, want: { cpu: 1024, memoryMiB: 2048 } },
    { why: 'else the containers add up; the soft limit wins over the hard one', task: { containers: [c(128, 512, 256), c(64, 128)] }, want: { cpu: 192, memoryMiB: 384 } },
    { why: 'containers without cpu reserve none', task: { containers: [c(undefined, 64)] }, want: { cpu: 0, memoryMiB: 64 } },
  ]
  for (const r of rows) it(r.why, () => assert.deepEqual(reservedForMetrics(r.task), r.want))
})
