import { call, measure, type Scenario } from '../scenario.js'
import { benchTaskDefinition } from './task-definition.js'

/** DescribeTaskDefinition by family (the latest ACTIVE revision), as `aws ecs run-task` resolves it. */
export const describeTaskDefinition: Scenario = {
  name: 'DescribeTaskDefinition',
  needs: ['RegisterTaskDefinition', 'DescribeTaskDefinition'],
  async run(ctx) {
    for (let i = 0; i < 3; i++) await call(ctx.server.endpoint, 'RegisterTaskDefinition', benchTaskDefinition('bench-describe'))
    const body = JSON.stringify({ taskDefinition: 'bench-describe' })
    const m = await measure(ctx, 'DescribeTaskDefinition', () => body)
    const scenario = `DescribeTaskDefinition, ${ctx.clients} clients`
    return [
      { scenario, metric: 'p99 server-side', unit: 'ms', runs: m.serverP99, target: { kind: 'below', value: 5 } },
      { scenario, metric: 'p50 server-side', unit: 'ms', runs: m.serverP50 },
      { scenario, metric: 'event-loop delay p99', unit: 'ms', runs: m.loopDelayP99 },
      { scenario, metric: 'p99 client-side', unit: 'ms', runs: m.clientP99 },
      { scenario, metric: 'throughput', unit: 'req/s', runs: m.perSecond },
    ]
  },
}
