import { DescribeServiceDeploymentsCommand, DescribeTasksCommand, ListTasksCommand, type ServiceDeployment } from '@aws-sdk/client-ecs'
import { createServer, type Server } from 'node:http'
import { ManualClock, systemClock } from '../core/clock.js'
import { seedBlueGreenPair, type BlueGreenPair } from './elb-fixtures.js'
import { startFakeCluster, type FakeCluster } from './fake-cluster.js'
import { ManualTimers } from './timers.js'

/**
 * A fake cluster set up for native blue/green deployments, time on a ManualClock: a target
 * group pair (`blue` is the service's targetGroupArn, `green` its alternate) behind one
 * production rule, health checks every 5 s passing after 2, and a plain HTTP server on every
 * RUNNING task's published port so its target passes the real health checks. The scheduler
 * and the load-balancer controller are the real ones.
 */
export interface BlueGreenCluster {
  readonly c: FakeCluster
  readonly pair: BlueGreenPair
  readonly clock: ManualClock
  readonly timers: ManualTimers
  readonly blue: string
  readonly green: string
  /** Serves every RUNNING task of `serviceName` on its published port, as its container would. */
  serveTasks(serviceName: string): Promise<void>
  /** The production rule's forward weights in the store: [blue, green]. */
  productionWeights(): Promise<readonly [number, number]>
  describeServiceDeployment(arn: string): Promise<ServiceDeployment>
  close(): Promise<void>
}

export interface BlueGreenClusterOptions {
  blue: string
  green: string
  /** Each file's own loopback address for its listeners. */
  loadBalancerAddress: string
  /** Each file's own host ports, so that it may run beside other fake-cluster files serving theirs. */
  portRange?: readonly [number, number]
}

export async function startBlueGreenCluster(o: BlueGreenClusterOptions): Promise<BlueGreenCluster> {
  const clock = new ManualClock(Date.now())
  const timers = new ManualTimers(clock)
  const c = await startFakeCluster({
    hosts: 2,
    ...(o.portRange ? { runtime: { clock: systemClock, portRange: [o.portRange[0], o.portRange[1]] as [number, number] } } : {}),
    // Agents never go silent on a clock the test moves by hand.
    server: { clock, timers, agentSilenceTimeoutMs: 24 * 3_600_000, loadBalancerAddress: o.loadBalancerAddress },
  })
  const pair = await seedBlueGreenPair(c.server.store, o.blue, o.green, 'instance', { testListener: false })
  await c.server.store.txn(async (tx) => {
    for (const arn of [o.blue, o.green]) {
      const g = (await tx.targetGroups.get(arn))!
      await tx.targetGroups.put({ ...g, healthCheck: { ...g.healthCheck, intervalSeconds: 5, healthyThreshold: 2 } })
    }
  })
  const backends = new Map<string, Server>()
  return {
    c,
    pair,
    clock,
    timers,
    blue: o.blue,
    green: o.green,
    async serveTasks(serviceName) {
      const { taskArns } = await c.server.ecs.send(new ListTasksCommand({ cluster: c.name, serviceName }))
      if (!taskArns?.length) return
      for (const t of (await c.server.ecs.send(new DescribeTasksCommand({ cluster: c.name, tasks: taskArns }))).tasks!) {
        for (const b of t.containers?.[0]?.networkBindings ?? []) {
          const key = `${b.bindIP}:${b.hostPort}`
          if (backends.has(key)) continue
          const server = createServer((_req, res) => res.end('ok'))
          backends.set(key, server)
          await new Promise<void>((resolve) => server.listen(b.hostPort, b.bindIP, resolve))
        }
      }
    },
    productionWeights: () =>
      c.server.store.read(async (tx) => {
        const forward = (await tx.rules.get(pair.productionRuleArn))!.actions.find((a) => a.type === 'forward')!
        const w = (arn: string) => (forward.type === 'forward' ? (forward.targetGroups.find((g) => g.arn === arn)?.weight ?? 0) : -1)
        return [w(o.blue), w(o.green)] as const
      }),
    describeServiceDeployment: async (arn) => (await c.server.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }))).serviceDeployments![0]!,
    async close() {
      await c.close()
      await Promise.all([...backends.values()].map((s) => new Promise((r) => s.close(r))))
    },
  }
}
