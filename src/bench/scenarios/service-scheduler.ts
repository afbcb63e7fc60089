import type { Row, Scenario } from '../scenario.js'
import { benchServiceScheduler } from '../service-scheduler.js'

/**
 * The service scheduler at scale over a store filled as 500 agents and the API would leave it
 * (src/bench/service-scheduler.ts): pure code and SQLite, no Docker.
 */
export const serviceSchedulerScale: Scenario = {
  name: 'service scheduler at scale',
  needs: [],
  async run() {
    return (await benchServiceScheduler()).map((r): Row => {
      const target = /^<\s*([\d.]+)$/.exec(r.target)
      return {
        scenario: r.name,
        metric: 'once',
        unit: r.unit,
        runs: [r.value],
        ...(target ? { target: { kind: 'below' as const, value: Number(target[1]) } } : {}),
      }
    })
  },
}
