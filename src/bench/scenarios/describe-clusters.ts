import { call, measure, type Scenario } from '../scenario.js'

/** DescribeClusters of one cluster with tags, the call every `aws ecs` script starts with. */
export const describeClusters: Scenario = {
  name: 'DescribeClusters',
  needs: ['CreateCluster', 'DescribeClusters'],
  async run(ctx) {
    await call(ctx.server.endpoint, 'CreateCluster', { clusterName: 'bench', tags: [{ key: 'team', value: 'bench' }] })
    const body = JSON.stringify({ clusters: ['bench'], include: ['TAGS'] })
    const m = await measure(ctx, 'DescribeClusters', () => body)
    const scenario = `DescribeClusters, ${ctx.clients} clients`
    return [
      { scenario, metric: 'p99 server-side', unit: 'ms', runs: m.serverP99, target: { kind: 'below', value: 5 } },
      { scenario, metric: 'p50 server-side', unit: 'ms', runs: m.serverP50 },
      { scenario, metric: 'event-loop delay p99', unit: 'ms', runs: m.loopDelayP99 },
      { scenario, metric: 'p99 client-side', unit: 'ms', runs: m.clientP99 },
      { scenario, metric: 'p50 client-side', unit: 'ms', runs: m.clientP50 },
      { scenario, metric: 'throughput', unit: 'req/s', runs: m.perSecond },
    ]
  },
}
