/**
 * RunTask → RUNNING on the agent's side (DESIGN.md, "Performance"): from `setDesired` with a
 * new one-container web task to the engine's RUNNING report, against `docker run -d` of the
 * same image with the same port publishing, and against the bare create + start the engine's
 * runtime makes. The image is local (pull behavior prefer-cached), so no registry is timed.
 *
 * Each figure is the median of ROUNDS interleaved runs, each from no running container.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { DesiredTask, TaskReport } from '../core/agent-protocol.js'
import { createTaskEngine } from '../agent/engine/task-engine.js'
import { instanceFilter } from '../agent/engine/labels.js'
import { DockerRuntime } from '../agent/runtime/docker/docker-runtime.js'
import { mockDesiredTask } from '../testing/desired-task.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import type { BenchResult } from './placement.js'

const ROUNDS = 10

export async function benchTaskStart(): Promise<BenchResult[]> {
  const rt = new DockerRuntime()
  await ensureTestImages(rt.client)
  const run = randomBytes(4).toString('hex')
  const instance = `arn:aws:ecs:us-east-1:000000000000:container-instance/bench/${run.padStart(32, '0')}`
  const labels = { 'berth.bench.run': run }
  try {
    const engine = createTaskEngine({ runtime: rt, containerInstanceArn: instance, cluster: 'bench', bindIp: '127.0.0.2', pullBehavior: 'prefer-cached', taskCleanupDelayMs: 0 })
    const running = new Map<string, () => void>()
    engine.onReport((r: TaskReport) => r.knownStatus === 'RUNNING' && running.get(r.taskArn)?.())
    await engine.start()
    const removeAll = async (filter: Record<string, string>) => {
      for (const c of await rt.list({ labels: filter })) await rt.remove(c.id, { force: true })
    }
    const engineMs: number[] = []
    const cliMs: number[] = []
    const apiMs: number[] = []
    // Interleaved, each from an empty instance: running containers make the next start slower.
    for (let i = 0; i < ROUNDS; i++) {
      const t: DesiredTask = mockDesiredTask({ id: `${run}${i}`, family: 'bench', containers: [{ name: 'web', image: TEST_IMAGES.web, portMappings: [{ containerPort: 5000 }] }] })
      let t0 = performance.now()
      await new Promise<void>((resolve) => {
        running.set(t.taskArn, resolve)
        engine.setDesired([t])
      })
      engineMs.push(performance.now() - t0)
      engine.setDesired([])
      while ((await rt.list({ labels: instanceFilter(instance) })).length) await new Promise((r) => setTimeout(r, 20))

      t0 = performance.now()
      const r = spawnSync('docker', ['run', '-d', '--label', `berth.bench.run=${run}`, '-p', '127.0.0.2::5000', TEST_IMAGES.web], { encoding: 'utf8' })
      cliMs.push(performance.now() - t0)
      if (r.status !== 0) throw new Error(`docker run failed: ${r.stderr}`)
      await removeAll(labels)

      t0 = performance.now()
      const id = await rt.create({ image: TEST_IMAGES.web, labels, ports: [{ containerPort: 5000, hostPort: 0, hostIp: '127.0.0.2', protocol: 'tcp' }] })
      await rt.start(id)
      apiMs.push(performance.now() - t0)
      await removeAll(labels)
    }
    await engine.stop()
    return [
      { name: 'task start: setDesired → RUNNING report (engine, 1 container)', value: median(engineMs), unit: 'ms', target: '<= docker run -d + 50 ms' },
      { name: 'task start: docker run -d (CLI)', value: median(cliMs), unit: 'ms', target: 'reference' },
      { name: 'task start: create + start (runtime API)', value: median(apiMs), unit: 'ms', target: 'reference' },
    ]
  } finally {
    for (const filter of [instanceFilter(instance), labels]) for (const c of await rt.list({ labels: filter })) await rt.remove(c.id, { force: true })
    rt.close()
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round((s[Math.floor(s.length / 2)] ?? 0) * 10) / 10
}
