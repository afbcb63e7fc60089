import { DockerRuntime } from '../agent/runtime/docker/docker-runtime.js'

/**
 * The engine tests run against, or why they skip. Docker tests run whenever an engine
 * answers; with none they skip with the reason, unless CI (or BERTH_REQUIRE_DOCKER) says
 * one must be there, in which case they fail. BERTH_SKIP_DOCKER=1 skips them on purpose.
 */
export async function connectTestEngine(): Promise<{ runtime: DockerRuntime; skip?: undefined } | { skip: string }> {
  if (process.env['BERTH_SKIP_DOCKER']) return { skip: 'BERTH_SKIP_DOCKER is set' }
  const runtime = new DockerRuntime()
  try {
    await runtime.ping()
    return { runtime }
  } catch (e) {
    runtime.close()
    const reason = e instanceof Error ? e.message : String(e)
    if (process.env['CI'] || process.env['BERTH_REQUIRE_DOCKER']) throw new Error(`Docker tests must run here (CI or BERTH_REQUIRE_DOCKER): ${reason}`)
    return { skip: reason }
  }
}
