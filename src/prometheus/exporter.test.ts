import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import { systemClock } from '../core/clock.js'
import type { DataPlaneMetrics } from '../lb/index.js'
import { TrafficCounters, LoadBalancerCounters } from '../lb/counters.js'
import { SqliteStore } from '../state/sqlite/sqlite-store.js'
import { seedTargetGroup } from '../testing/elb-fixtures.js'
import { testMetricStore } from '../testing/metric-stores.js'
import { startTestServer } from '../testing/server.js'
import { PrometheusExporter } from './exporter.js'
import { parseExposition, samplesOf } from './parse-text.js'

const LB = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/front/0123456789abcdef'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/fedcba9876543210'

describe("the load balancers' requests", () => {
  const store = new SqliteStore({ path: ':memory:' })
  after(() => store.close())

  it('are counted by target group, who answered and status class, from the data plane\'s counters at scrape time', async () => {
    await seedTargetGroup(store, TG) // a load balancer web-lb whose listener forwards to the group
    const group = new TrafficCounters()
    for (const status of [200, 200, 204, 301, 404, 503]) group.targetResponded(status, 3)
    group.elbResponded(502)
    const lb = new LoadBalancerCounters()
    lb.elbResponded(404)
    let traffic: DataPlaneMetrics = {
      loadBalancers: [{ arn: LB, ...lb.snapshot() }],
      targetGroups: [{ arn: TG, healthyTargets: 1, unhealthyTargets: 0, targets: [], ...group.snapshot() }],
    }
    const exporter = new PrometheusExporter({ store, metrics: testMetricStore(systemClock), clock: systemClock, traffic: () => traffic })
    const read = async () => samplesOf(parseExposition((await exporter.scrape()).body), 'berth_lb_requests_total')
    const value = (samples: Awaited<ReturnType<typeof read>>, labels: Record<string, string>) =>
      samples.find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value
    let samples = await read()
    const target = { load_balancer: 'web-lb', target_group: 'web', answered_by: 'target' }
    assert.equal(value(samples, { ...target, status_class: '2xx' }), 3)
    assert.equal(value(samples, { ...target, status_class: '3xx' }), 1)
    assert.equal(value(samples, { ...target, status_class: '4xx' }), 1)
    assert.equal(value(samples, { ...target, status_class: '5xx' }), 1)
    assert.equal(value(samples, { load_balancer: 'web-lb', target_group: 'web', answered_by: 'load_balancer', status_class: '5xx' }), 1)
    assert.equal(value(samples, { load_balancer: 'front', target_group: '', answered_by: 'load_balancer', status_class: '4xx' }), 1)

    group.targetResponded(200, 1)
    traffic = { ...traffic, targetGroups: [{ ...traffic.targetGroups[0]!, ...group.snapshot() }] }
    samples = await read()
    assert.equal(value(samples, { ...target, status_class: '2xx' }), 4, 'read again at the next scrape, not accumulated twice')
  })
})

describe('GET /metrics on a server with access keys', () => {
  const keys = new Map([['AKIDPROM', 'prom-secret']])

  it('refuses a scrape without credentials (401 with a Basic challenge) and serves one with a key pair', async () => {
    const server = await startTestServer({ auth: { mode: 'verify', keys } })
    try {
      const refused = await fetch(`${server.endpoint}/metrics`)
      assert.equal(refused.status, 401)
      assert.match(refused.headers.get('www-authenticate') ?? '', /^Basic realm="berth"/)
      assert.doesNotMatch(await refused.text(), /berth_/)
      const authorization = `Basic ${Buffer.from('AKIDPROM:prom-secret').toString('base64')}`
      const served = await fetch(`${server.endpoint}/metrics`, { headers: { authorization } })
      assert.equal(served.status, 200)
      assert.ok(parseExposition(await served.text()).types.has('berth_tasks'))
    } finally {
      await server.close()
    }
  })
})
