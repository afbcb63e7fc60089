import { measure, type Scenario } from '../scenario.js'
import { benchTaskDefinition } from './task-definition.js'

/**
 * RegisterTaskDefinition sustained: every request a new revision of a few families, each a
 * committed (fsynced) write transaction, so this measures the store's write path.
 */
export const registerTaskDefinition: Scenario = {
  name: 'RegisterTaskDefinition',
  needs: ['RegisterTaskDefinition'],
  async run(ctx) {
    const bodies = Array.from({ length: 8 }, (_, i) => JSON.stringify(benchTaskDefinition(`bench-register-${i}`)))
    const m = await measure(ctx, 'RegisterTaskDefinition', (n) => bodies[n % bodies.length]!)
    const scenario = `RegisterTaskDefinition, ${ctx.clients} clients`
    return [
      { scenario, metric: 'sustained', unit: 'req/s', runs: m.perSecond, target: { kind: 'at least', value: 2000 } },
      { scenario, metric: 'p99 server-side', unit: 'ms', runs: m.serverP99 },
      { scenario, metric: 'p50 server-side', unit: 'ms', runs: m.serverP50 },
      { scenario, metric: 'event-loop delay p99', unit: 'ms', runs: m.loopDelayP99 },
    ]
  },
}
