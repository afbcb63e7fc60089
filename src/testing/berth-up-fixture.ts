import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LABELS } from '../agent/engine/index.js'
import type { DockerRuntime } from '../agent/runtime/docker/index.js'
import { spawnBerth, type SpawnedBerth } from './spawn-berth.js'

/**
 * A real `berth up` an e2e file owns: a cluster name and a data folder of its own, made now;
 * `start` runs berth up on them, and `close` (for `after`) stops it and removes its data and
 * every container of the cluster, which berth up leaves running as the ECS agent does.
 */
export interface BerthUpFixture {
  readonly cluster: string
  readonly dataDir: string
  start(extra: readonly string[]): Promise<SpawnedBerth>
  close(): Promise<void>
}

export function berthUpFixture(prefix: string, rt: DockerRuntime | undefined): BerthUpFixture {
  const cluster = `${prefix}-${randomBytes(3).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), `berth-${prefix}-`))
  let berth: SpawnedBerth | undefined
  return {
    cluster,
    dataDir,
    async start(extra) {
      berth = await spawnBerth('up', dataDir, ['--cluster', cluster, ...extra])
      return berth
    },
    async close() {
      if (berth?.child.exitCode === null) await berth.stop()
      for (const c of (await rt?.list({ labels: { [LABELS.cluster]: cluster } })) ?? []) await rt!.remove(c.id, { force: true, volumes: true })
      rt?.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
