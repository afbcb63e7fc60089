import type { Dependency, DependencyView } from './next-state.js'
import type { ContainerState } from './task-state.js'

/**
 * What next-state reads of a container's siblings (pure): the containers it waits for
 * (links, volumesFrom and the holder must exist; links and the holder must run; its
 * `dependsOn` conditions), and the running containers that wait on it (they stop first).
 */
export function dependencyView(c: ContainerState, all: readonly ContainerState[], now: number): DependencyView {
  const dep = (name: string, condition: Dependency['condition']): Dependency[] => {
    const o = all.find((x) => x.plan.name === name)
    if (!o) return []
    return [{ name, condition, known: o.known, started: o.started, exists: o.exists, health: o.health, ...(o.exitCode !== undefined ? { exitCode: o.exitCode } : {}) }]
  }
  const name = c.plan.name
  return {
    dependencies: [
      ...c.plan.needsCreated.flatMap((n) => dep(n, 'CREATED')),
      ...c.plan.needsRunning.flatMap((n) => dep(n, 'START')),
      ...c.plan.dependsOn.flatMap((d) => dep(d.containerName, d.condition)),
    ],
    runningDependents: all
      .filter((o) => o.known === 'RUNNING' && (o.plan.needsRunning.includes(name) || o.plan.dependsOn.some((d) => d.containerName === name)))
      .map((o) => o.plan.name),
    waitedMs: c.createdAt !== undefined ? now - c.createdAt : 0,
    ...(c.plan.startTimeoutMs !== undefined ? { startTimeoutMs: c.plan.startTimeoutMs } : {}),
  }
}
