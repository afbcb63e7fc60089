import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Clock } from '../core/clock.js'
import type { DataPlaneMetrics } from '../lb/index.js'
import type { MetricStore } from '../metrics/metric-store.js'
import type { Store } from '../state/store.js'
import type { RequestLabels } from './request-labels.js'
import { readStoreFigures, type StoreFigures } from './store-figures.js'
import { latestUtilization } from './utilization.js'

export interface ExporterDeps {
  store: Store
  metrics: MetricStore
  clock: Clock
  /** The load balancers' counters (DataPlane.metrics()). */
  traffic: () => DataPlaneMetrics
}

/**
 * Berth's Prometheus metrics (names in README.md). Two kinds:
 *  - events timed as they happen: API requests and scheduler passes, histograms fed by
 *    `observeRequest` and `observeSchedulerPass`;
 *  - state read at scrape time, in the metrics' collect(): the store's figures from ONE read
 *    transaction shared by every gauge of a scrape (so they agree), the metric store's
 *    utilization, and the load balancers' counters. Nothing is kept in sync by hand: a
 *    deleted service simply is not in the next scrape.
 */
export class PrometheusExporter {
  readonly registry = new Registry()
  readonly #deps: ExporterDeps
  readonly #requests: Histogram<'api' | 'operation'>
  readonly #passes: Histogram
  /** The figures of the scrape in progress: the first collect() reads them, the others share them. */
  #figures: Promise<StoreFigures> | undefined

  constructor(deps: ExporterDeps) {
    this.#deps = deps
    const registers = [this.registry]
    this.#requests = new Histogram({
      name: 'berth_api_request_duration_seconds',
      help: 'Time the AWS APIs took to answer a request, by API and operation (unknown: not an API Berth serves).',
      labelNames: ['api', 'operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    this.#passes = new Histogram({
      name: 'berth_scheduler_pass_duration_seconds',
      help: 'Time one pass of the service scheduler took over the services that needed a look.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    })
    this.#storeGauges(registers)
    this.#utilizationGauges(registers)
    this.#trafficCounters(registers)
  }

  readonly observeRequest = (labels: RequestLabels, seconds: number): void => this.#requests.observe({ ...labels }, seconds)
  readonly observeSchedulerPass = (pass: { ms: number }): void => this.#passes.observe(pass.ms / 1000)

  /** The exposition in the text format; one store read however many gauges ask. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    try {
      const [own, processWide] = await Promise.all([this.registry.metrics(), processRegistry().metrics()])
      return { contentType: this.registry.contentType, body: own + processWide }
    } finally {
      this.#figures = undefined
    }
  }

  #read(): Promise<StoreFigures> {
    this.#figures ??= this.#deps.store.read(readStoreFigures)
    return this.#figures
  }

  #storeGauges(registers: Registry[]): void {
    const read = () => this.#read()
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, f: StoreFigures) => void) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const figures = await read()
          this.reset()
          fill(this, figures)
        },
      })
    gauge('berth_cluster_info', 'Each ACTIVE cluster, 1: a cluster with nothing in it yet is listed too.', ['cluster'], (g, f) => {
      for (const cluster of f.clusters) g.set({ cluster }, 1)
    })
    gauge('berth_tasks', 'Tasks not yet STOPPED, by cluster and lastStatus.', ['cluster', 'last_status'], (g, f) => {
      for (const t of f.tasks) g.set({ cluster: t.cluster, last_status: t.lastStatus }, t.count)
    })
    const service = (name: string, help: string, value: (s: StoreFigures['services'][number]) => number) =>
      gauge(name, help, ['cluster', 'service'], (g, f) => {
        for (const s of f.services) g.set({ cluster: s.cluster, service: s.service }, value(s))
      })
    service('berth_service_desired_tasks', "A service's desired count.", (s) => s.desired)
    service('berth_service_running_tasks', "A service's running count, as DescribeServices reports it.", (s) => s.running)
    service('berth_service_pending_tasks', "A service's pending count, as DescribeServices reports it.", (s) => s.pending)
    const instance = (name: string, help: string, value: (i: StoreFigures['instances'][number]) => number) =>
      gauge(name, help, ['cluster', 'instance'], (g, f) => {
        for (const i of f.instances) g.set({ cluster: i.cluster, instance: i.instance }, value(i))
      })
    const MiB = 1024 * 1024
    instance('berth_container_instance_registered_cpu_units', 'CPU units a container instance registered.', (i) => i.registeredCpu)
    instance('berth_container_instance_remaining_cpu_units', 'CPU units of a container instance no task reserves.', (i) => i.remainingCpu)
    instance('berth_container_instance_registered_memory_bytes', 'Memory a container instance registered.', (i) => i.registeredMemoryMiB * MiB)
    instance('berth_container_instance_remaining_memory_bytes', 'Memory of a container instance no task reserves.', (i) => i.remainingMemoryMiB * MiB)
    instance('berth_container_instance_running_tasks', 'Tasks RUNNING on a container instance.', (i) => i.runningTasks)
    instance('berth_container_instance_pending_tasks', 'Tasks PENDING on a container instance.', (i) => i.pendingTasks)
    instance('berth_container_instance_agent_connected', '1 while the instance\'s agent is connected, else 0.', (i) => (i.agentConnected ? 1 : 0))
  }

  /** AWS/ECS CPUUtilization and MemoryUtilization, the latest 1-minute average, as ratios. */
  #utilizationGauges(registers: Registry[]): void {
    const { metrics, clock } = this.#deps
    const read = () => this.#read()
    for (const [metricName, what] of [
      ['CPUUtilization', 'cpu'],
      ['MemoryUtilization', 'memory'],
    ] as const) {
      new Gauge({
        name: `berth_service_${what}_utilization_ratio`,
        help: `A service's ${what} use over what its tasks reserve (AWS/ECS ${metricName}, the latest 1-minute average, / 100).`,
        labelNames: ['cluster', 'service'],
        registers,
        async collect() {
          const f = await read()
          this.reset()
          const now = clock.now()
          for (const s of f.services) {
            const v = latestUtilization(metrics, metricName, { ClusterName: s.cluster, ServiceName: s.service }, now)
            if (v !== undefined) this.set({ cluster: s.cluster, service: s.service }, v)
          }
        },
      })
      new Gauge({
        name: `berth_cluster_${what}_utilization_ratio`,
        help: `A cluster's ${what} use over what its tasks reserve (AWS/ECS ${metricName} by ClusterName, the latest 1-minute average, / 100).`,
        labelNames: ['cluster'],
        registers,
        async collect() {
          const f = await read()
          this.reset()
          const now = clock.now()
          for (const cluster of f.clusters) {
            const v = latestUtilization(metrics, metricName, { ClusterName: cluster }, now)
            if (v !== undefined) this.set({ cluster }, v)
          }
        },
      })
    }
  }

  /** The proxy's requests by load balancer, target group, who answered and status class. */
  #trafficCounters(registers: Registry[]): void {
    const { traffic } = this.#deps
    const read = () => this.#read()
    new Counter({
      name: 'berth_lb_requests_total',
      help:
        'Requests the load balancers answered, by load balancer, target group, who answered (target, or load_balancer for the ' +
        "proxy's own errors) and status class. target_group is empty for what no target group owns.",
      labelNames: ['load_balancer', 'target_group', 'answered_by', 'status_class'],
      registers,
      async collect() {
        const f = await read()
        this.reset()
        const t = traffic()
        for (const g of t.targetGroups) {
          const base = { load_balancer: nameOf(f.targetGroupLoadBalancer.get(g.arn)), target_group: nameOf(g.arn) }
          const add = (answered_by: string, status_class: string, n: number) => this.inc({ ...base, answered_by, status_class }, n)
          add('target', '2xx', g.target2xx)
          add('target', '3xx', g.target3xx)
          add('target', '4xx', g.target4xx)
          add('target', '5xx', g.target5xx)
          add('load_balancer', '4xx', g.elb4xx)
          add('load_balancer', '5xx', g.elb5xx)
        }
        for (const lb of t.loadBalancers) {
          const base = { load_balancer: nameOf(lb.arn), target_group: '', answered_by: 'load_balancer' }
          this.inc({ ...base, status_class: '4xx' }, lb.elb4xx)
          this.inc({ ...base, status_class: '5xx' }, lb.elb5xx)
        }
      },
    })
  }
}

let processMetrics: Registry | undefined
/**
 * prom-client's default metrics (RSS, CPU, event loop lag, GC) describe the process, not a
 * control plane: registered once per process, however many control planes a test process
 * composes (each would add an event-loop monitor sampling every 10 ms and a GC observer).
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}

/** `…:loadbalancer/app/<name>/<id>` and `…:targetgroup/<name>/<id>` → `<name>`; undefined → ''. */
export function nameOf(arn: string | undefined): string {
  if (arn === undefined) return ''
  const parts = arn.split('/')
  return parts.length >= 3 ? parts[parts.length - 2]! : arn
}
