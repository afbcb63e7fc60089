import { connectTestEngine } from '../../testing/docker.js'
import type { Scenario } from '../scenario.js'
import { benchTaskStart } from '../task-start.js'

/**
 * RunTask → RUNNING on the agent's side against `docker run -d` (src/bench/task-start.ts);
 * each figure there is already a median of 10 interleaved runs. Needs a Docker Engine.
 */
export const taskStart: Scenario = {
  name: 'task start',
  needs: [],
  async run(ctx) {
    const engine = await connectTestEngine()
    if (engine.skip !== undefined) {
      ctx.note(`task start: skipped, no Docker Engine (${engine.skip})`)
      return []
    }
    engine.runtime.close()
    const results = await benchTaskStart()
    // Its target is relative: the engine within 50 ms of the plain `docker run -d`.
    const cli = results.find((r) => r.name.includes('docker run -d'))?.value
    return results.map((r) => {
      const relative = /^<= docker run -d \+ (\d+) ms$/.exec(r.target)
      return {
        scenario: r.name,
        metric: 'median of 10',
        unit: r.unit,
        runs: [r.value],
        ...(relative && cli !== undefined ? { target: { kind: 'below' as const, value: cli + Number(relative[1]) } } : {}),
      }
    })
  },
}
