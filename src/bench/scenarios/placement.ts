import { benchPlacement } from '../placement.js'
import type { Row, Scenario } from '../scenario.js'

/**
 * Placement decisions per second at 1,000 instances (src/bench/placement.ts), pure code in
 * the bench process; each figure there is already the best of three rounds.
 */
export const placement: Scenario = {
  name: 'placement',
  needs: [],
  async run() {
    return (await benchPlacement()).map((r): Row => {
      const target = /^>=\s*([\d.]+)$/.exec(r.target)
      return {
        scenario: r.name,
        metric: 'best of 3 rounds',
        unit: r.unit,
        runs: [r.value],
        ...(target ? { target: { kind: 'at least' as const, value: Number(target[1]) } } : {}),
      }
    })
  },
}
