import { samplesOf, type Exposition } from '../../prometheus/parse-text.js'

/**
 * What `berth top` shows, read from one scrape of GET /metrics (src/prometheus names the
 * series). Pure: the same exposition always makes the same view. Utilization is a ratio, or
 * undefined when the server has no recent datapoint (shown as `-`, never as 0).
 */
export interface TopView {
  clusters: ClusterRow[]
  instances: InstanceRow[]
  services: ServiceRow[]
}

export interface ClusterRow {
  name: string
  services: number
  instances: number
  runningTasks: number
  pendingTasks: number
  cpu: number | undefined
  memory: number | undefined
}

export interface InstanceRow {
  cluster: string
  id: string
  agentConnected: boolean
  runningTasks: number
  /** Share of the registered CPU and memory that tasks reserve. */
  cpuReserved: number | undefined
  memoryReserved: number | undefined
}

export interface ServiceRow {
  cluster: string
  name: string
  desired: number
  running: number
  pending: number
  cpu: number | undefined
  memory: number | undefined
}

export function topViewOf(e: Exposition): TopView {
  const byKey = (name: string, key: (l: Readonly<Record<string, string>>) => string) =>
    new Map(samplesOf(e, name).map((s) => [key(s.labels), s.value]))
  const svcKey = (l: Readonly<Record<string, string>>) => `${l['cluster']}\u0000${l['service']}`
  const ciKey = (l: Readonly<Record<string, string>>) => `${l['cluster']}\u0000${l['instance']}`
  const cluster = (l: Readonly<Record<string, string>>) => l['cluster'] ?? ''

  const running = byKey('berth_service_running_tasks', svcKey)
  const pending = byKey('berth_service_pending_tasks', svcKey)
  const svcCpu = byKey('berth_service_cpu_utilization_ratio', svcKey)
  const svcMem = byKey('berth_service_memory_utilization_ratio', svcKey)
  const services: ServiceRow[] = samplesOf(e, 'berth_service_desired_tasks').map((s) => {
    const k = svcKey(s.labels)
    return {
      cluster: cluster(s.labels),
      name: s.labels['service'] ?? '',
      desired: s.value,
      running: running.get(k) ?? 0,
      pending: pending.get(k) ?? 0,
      cpu: svcCpu.get(k),
      memory: svcMem.get(k),
    }
  })

  const regCpu = byKey('berth_container_instance_registered_cpu_units', ciKey)
  const remCpu = byKey('berth_container_instance_remaining_cpu_units', ciKey)
  const regMem = byKey('berth_container_instance_registered_memory_bytes', ciKey)
  const remMem = byKey('berth_container_instance_remaining_memory_bytes', ciKey)
  const ciTasks = byKey('berth_container_instance_running_tasks', ciKey)
  const instances: InstanceRow[] = samplesOf(e, 'berth_container_instance_agent_connected').map((s) => {
    const k = ciKey(s.labels)
    return {
      cluster: cluster(s.labels),
      id: s.labels['instance'] ?? '',
      agentConnected: s.value === 1,
      runningTasks: ciTasks.get(k) ?? 0,
      cpuReserved: reserved(regCpu.get(k), remCpu.get(k)),
      memoryReserved: reserved(regMem.get(k), remMem.get(k)),
    }
  })

  const names = new Set([...samplesOf(e, 'berth_cluster_info'), ...samplesOf(e, 'berth_tasks')].map((s) => cluster(s.labels)))
  for (const r of [...services, ...instances]) names.add(r.cluster)
  const cCpu = byKey('berth_cluster_cpu_utilization_ratio', cluster)
  const cMem = byKey('berth_cluster_memory_utilization_ratio', cluster)
  const tasks = (name: string, status: string) => samplesOf(e, 'berth_tasks', { cluster: name, last_status: status }).reduce((n, s) => n + s.value, 0)
  const clusters: ClusterRow[] = [...names].map((name) => ({
    name,
    services: services.filter((s) => s.cluster === name).length,
    instances: instances.filter((i) => i.cluster === name).length,
    runningTasks: tasks(name, 'RUNNING'),
    pendingTasks: tasks(name, 'PENDING') + tasks(name, 'PROVISIONING') + tasks(name, 'ACTIVATING'),
    cpu: cCpu.get(name),
    memory: cMem.get(name),
  }))

  const order = <T>(rows: T[], ...keys: ((r: T) => string)[]) =>
    rows.sort((a, b) => {
      for (const k of keys) {
        const c = k(a).localeCompare(k(b))
        if (c !== 0) return c
      }
      return 0
    })
  return {
    clusters: order(clusters, (c) => c.name),
    instances: order(instances, (i) => i.cluster, (i) => i.id),
    services: order(services, (s) => s.cluster, (s) => s.name),
  }
}

const reserved = (registered: number | undefined, remaining: number | undefined): number | undefined =>
  registered === undefined || remaining === undefined || registered <= 0 ? undefined : (registered - remaining) / registered
