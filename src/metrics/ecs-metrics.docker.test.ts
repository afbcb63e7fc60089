import { CreateServiceCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../testing/images.js'
import { RecordingMetricStore } from '../testing/recording-metric-store.js'

/**
 * AWS/ECS utilization on real containers: an agent samples Docker's stats every second and
 * ships them; the server's ticker turns them into CPUUtilization per service. A service whose
 * container burns a core shows well above 0 % of its 256 reserved units; an idle one near 0.
 * Instance on 127.0.15.2 (no other test file uses 127.0.15.x); cluster `stats-…`.
 */
const docker = await connectTestEngine()
describe('AWS/ECS metrics from real containers', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  let c: TestCluster
  const metrics = new RecordingMetricStore()

  before(async () => {
    if (docker.skip !== undefined) return
    await ensureTestImages(docker.runtime.client)
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.15.2'], namePrefix: 'stats', server: { metrics, metricsIntervalMs: 1_000 } })
    await c.addAgent('127.0.15.2', { BERTH_STATS_INTERVAL_SECONDS: '1' })
  })
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  async function service(name: string, command: string[]): Promise<void> {
    await c.server.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: `${c.name}-${name}`,
        containerDefinitions: [{ name, image: TEST_IMAGES.busybox, cpu: 256, memory: 32, command, essential: true }],
      }),
    )
    await c.server.ecs.send(new CreateServiceCommand({ cluster: c.name, serviceName: name, taskDefinition: `${c.name}-${name}`, desiredCount: 1 }))
  }

  it('shows a busy service well above 0 % CPU and an idle one near 0', async (t) => {
    await service('burn', ['sh', '-c', 'while :; do :; done'])
    await service('idle', ['sleep', '3600'])
    const latest = (name: string) => metrics.of('CPUUtilization', { ClusterName: c.name, ServiceName: name }).at(-1)?.values
    // Both services sampled at least once: the busy loop is far above its share's 0 %.
    const [burn, idle] = await metrics.until(() => {
      const b = latest('burn')
      const i = latest('idle')
      return b && i && b.sum > 25 ? [b, i] : undefined
    }, 120_000)
    t.diagnostic(`CPUUtilization: burn ${burn.sum.toFixed(1)} %, idle ${idle.sum.toFixed(2)} %`)
    assert.ok(burn.sum > 25, `burn: ${burn.sum} %`)
    assert.ok(idle.sum < 5, `idle: ${idle.sum} %`)
    const memory = metrics.of('MemoryUtilization', { ClusterName: c.name, ServiceName: 'idle' }).at(-1)?.values.sum
    assert.ok(memory !== undefined && memory > 0 && memory < 100, `idle memory: ${memory} % of 32 MiB`)
    const cluster = metrics.of('CPUUtilization', { ClusterName: c.name }).at(-1)?.values.sum
    assert.ok(cluster !== undefined && cluster > 0, `cluster CPU: ${cluster} %`)
    assert.equal(metrics.of('CPUReservation', { ClusterName: c.name }).at(-1)?.values.sum, 25, '512 of 2048 units reserved')
  })
})
