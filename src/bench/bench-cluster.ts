import type { ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { promisify } from 'node:util'
import type { DockerRuntime } from '../agent/runtime/docker/index.js'
import type { TaskRecord } from '../core/model/task.js'
import type { ReadTx, Store } from '../state/store.js'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages } from '../testing/images.js'
import type { TestServerOptions } from '../testing/server.js'
import { call } from './scenario.js'

/**
 * The whole stack for the agent scenarios: a control plane in the bench process (its store
 * watched directly, so a commit is seen the moment it happens) and one `berth agent` spawned
 * as its own process on the real Docker Engine, as an operator runs it. Every container made
 * here, Berth's or `docker run`'s, carries the cluster's label, and `close()` removes them all.
 */
export interface BenchCluster {
  readonly cluster: TestCluster
  readonly runtime: DockerRuntime
  readonly agent: ChildProcess
  readonly endpoint: string
  readonly store: Store
  /** The label every container of this cluster carries, for `docker run --label`. */
  readonly label: string
  /** A raw JSON 1.1 ECS request; throws unless it answers 200. */
  ecs(operation: string, input: unknown): Promise<unknown>
  /** Force-removes every container with the cluster's label. */
  removeContainers(): Promise<void>
  close(): Promise<void>
}

export const CLUSTER_LABEL = 'com.amazonaws.ecs.cluster'

/**
 * Starts a bench cluster with one spawned agent on `bindIp` (with `agentSettings` in its
 * environment), or says why there is no engine.
 */
export async function startBenchCluster(
  bindIp: string,
  options: { agentSettings?: Record<string, string>; server?: TestServerOptions } = {},
): Promise<BenchCluster | { skip: string }> {
  const engine = await connectTestEngine()
  if (engine.skip !== undefined) return { skip: engine.skip }
  const runtime = engine.runtime
  let cluster: TestCluster | undefined
  try {
    await ensureTestImages(runtime.client)
    cluster = await startTestCluster({ runtime, bindIps: [bindIp], ...(options.server ? { server: options.server } : {}) })
    const agent = await cluster.spawnAgent(bindIp, options.agentSettings)
    const c = cluster
    const removeContainers = async () => {
      const all = await runtime.list({ labels: { [CLUSTER_LABEL]: c.name } })
      await Promise.all(all.map((x) => runtime.remove(x.id, { force: true, volumes: true })))
    }
    return {
      cluster: c,
      runtime,
      agent,
      endpoint: c.server.endpoint,
      get store() {
        return c.server.store
      },
      label: `${CLUSTER_LABEL}=${c.name}`,
      ecs: (operation, input) => call(c.server.endpoint, operation, input),
      removeContainers,
      async close() {
        // close() SIGKILLs the agent, then removes what carries the label.
        await c.close()
        await removeContainers()
        runtime.close()
        rmSync(c.dataDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await cluster?.close().catch(() => undefined)
    runtime.close()
    throw error
  }
}

/**
 * Re-reads the store after every commit until `read` returns something, and returns it
 * with the moment it was seen (performance.now()). No polling interval: the store wakes
 * the watcher on commit.
 */
export async function watchStore<T>(store: Store, what: string, read: (tx: ReadTx) => Promise<T | undefined>, timeoutMs: number): Promise<{ value: T; at: number }> {
  const signal = AbortSignal.timeout(timeoutMs)
  for (;;) {
    const index = store.index()
    const value = await store.read(read)
    if (value !== undefined) return { value, at: performance.now() }
    try {
      await store.watch(index, { signal })
    } catch {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    }
  }
}

/** Waits for a task to reach `status` (by the store), returning the record and when it was seen. */
export const watchTask = (store: Store, arn: string, status: TaskRecord['lastStatus'], timeoutMs = 60_000) =>
  watchStore(store, `task ${arn} ${status}`, async (tx) => {
    const t = await tx.tasks.get(arn)
    return t?.lastStatus === status ? t : undefined
  }, timeoutMs)

/** Waits until no container with the cluster's label is left (the agent removes stopped ones). */
export async function waitNoContainers(c: BenchCluster, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while ((await c.runtime.list({ labels: { [CLUSTER_LABEL]: c.cluster.name } })).length > 0) {
    if (Date.now() > deadline) throw new Error(`containers of ${c.cluster.name} still there after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** RunTask of one task definition; returns the ARNs placed (throws on any failure). */
export async function runTasks(c: BenchCluster, taskDefinition: string, count = 1): Promise<string[]> {
  const out = (await c.ecs('RunTask', { cluster: c.cluster.name, taskDefinition, count })) as { tasks?: { taskArn: string }[]; failures?: unknown[] }
  if (out.failures?.length) throw new Error(`RunTask failed: ${JSON.stringify(out.failures)}`)
  return (out.tasks ?? []).map((t) => t.taskArn)
}

export const docker = (args: readonly string[]) => promisify(execFile)('docker', [...args], { encoding: 'utf8' })
