import { call, measure, type Scenario } from '../scenario.js'

/**
 * TagResource sustained: one committed (fsynced) write transaction per request, like
 * RegisterTaskDefinition, on an operation every build has. It measures the store's write
 * path until RegisterTaskDefinition can be measured itself. Keys cycle through 40, under the
 * 50-tag limit, so every request writes.
 */
export const tagResource: Scenario = {
  name: 'TagResource',
  needs: ['CreateCluster', 'TagResource'],
  async run(ctx) {
    const created = (await call(ctx.server.endpoint, 'CreateCluster', { clusterName: 'bench-tags' })) as { cluster: { clusterArn: string } }
    const resourceArn = created.cluster.clusterArn
    const m = await measure(ctx, 'TagResource', (n) => JSON.stringify({ resourceArn, tags: [{ key: `k${n % 40}`, value: String(n) }] }))
    const scenario = `TagResource (write path), ${ctx.clients} clients`
    return [
      { scenario, metric: 'sustained', unit: 'req/s', runs: m.perSecond },
      { scenario, metric: 'p99 server-side', unit: 'ms', runs: m.serverP99 },
      { scenario, metric: 'p50 server-side', unit: 'ms', runs: m.serverP50 },
      { scenario, metric: 'event-loop delay p99', unit: 'ms', runs: m.loopDelayP99 },
    ]
  },
}
