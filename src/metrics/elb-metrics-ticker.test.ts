import assert from 'node:assert/strict'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { newTarget } from '../core/model/target.js'
import { seedTargetGroup } from '../testing/elb-fixtures.js'
import { RecordingMetricStore } from '../testing/recording-metric-store.js'
import { startTestServer, type TestServer } from '../testing/server.js'
import { waitFor } from '../testing/wait.js'

const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/stats/1'
const LB_ADDRESS = '127.0.15.1'

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: LB_ADDRESS, port, path, agent: false }, (res) => {
      res.resume()
      res.on('end', () => resolve(res.statusCode ?? 0))
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * The elb-metrics ticker over the real data plane: requests through a listener to a plain
 * HTTP target become AWS/ApplicationELB sums in the MetricStore, per load balancer and per
 * target group, whatever ticks they fall in.
 */
describe('AWS/ApplicationELB metrics from the data plane', () => {
  let t: TestServer
  let backend: Server
  const metrics = new RecordingMetricStore()

  before(async () => {
    backend = createServer((req, res) => {
      res.statusCode = req.url === '/fail' ? 500 : 200
      res.end('ok')
    })
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    t = await startTestServer({ loadBalancerAddress: LB_ADDRESS, metrics, metricsIntervalMs: 100 })
    await seedTargetGroup(t.store, TG, 'ip')
    await t.store.txn(async (tx) => {
      const g = (await tx.targetGroups.get(TG))!
      await tx.targetGroups.put({ ...g, healthCheck: { ...g.healthCheck, intervalSeconds: 0.2, timeoutSeconds: 0.1, healthyThreshold: 2 } })
      await tx.targets.put(newTarget({ targetGroupArn: TG, id: '127.0.0.1', port: (backend.address() as AddressInfo).port }, Math.floor(Date.now() / 1000)))
    })
  })
  after(async () => {
    await t.close()
    await new Promise((resolve) => backend.close(resolve))
  })

  it('sums requests, status classes and response times under CloudWatch names and dimensions', async () => {
    await waitFor('the target healthy', () => t.store.read((tx) => tx.targets.forTargetGroup(TG)), (r) => r.length === 1 && r[0]?.health.state === 'healthy')
    const listener = await t.store.read(async (tx) => (await tx.listeners.list())[0]!)
    const port = t.dataPlane.listenerAddress(listener.arn)!.port
    const statuses = [await get(port, '/'), await get(port, '/'), await get(port, '/fail')]
    assert.deepEqual(statuses, [200, 200, 500])

    const lb = listener.loadBalancerArn.split(':loadbalancer/')[1]!
    const tg = TG.split(':').pop()!
    const total = (name: string, dims: Record<string, string>) => metrics.of(name, dims).reduce((n, o) => n + o.values.sum, 0)
    await metrics.until(() => (total('RequestCount', { LoadBalancer: lb }) >= 3 && total('RequestCountPerTarget', { TargetGroup: tg }) >= 3 ? true : undefined), 10_000)
    assert.equal(total('RequestCount', { LoadBalancer: lb }), 3)
    assert.equal(total('RequestCount', { LoadBalancer: lb, TargetGroup: tg }), 3)
    assert.equal(total('HTTPCode_Target_2XX_Count', { LoadBalancer: lb }), 2)
    assert.equal(total('HTTPCode_Target_5XX_Count', { LoadBalancer: lb, TargetGroup: tg }), 1)
    assert.equal(total('RequestCountPerTarget', { TargetGroup: tg }), 3, 'one healthy target')
    const times = metrics.of('TargetResponseTime', { LoadBalancer: lb })
    assert.equal(times.reduce((n, o) => n + o.values.sampleCount, 0), 3)
    assert.ok(times.every((o) => o.unit === 'Seconds' && o.values.sum > 0 && o.values.sum < 3))
  })
})
