import assert from 'node:assert/strict'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { newTarget } from '../../../core/model/target.js'
import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { waitFor } from '../../../testing/wait.js'

const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/ctl/1'
const LB_ADDRESS = '127.0.11.1'

/** GET through a listener; status and body. */
function get(port: number, path = '/'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: LB_ADDRESS, port, path, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/**
 * The load-balancer controller with the real data plane, over records written to the store,
 * and a plain HTTP server as the target (the ECS side is the scheduler's, tested elsewhere):
 * the load balancer turns active, the target's health is recorded, traffic flows, and a
 * deregistered target drains and is removed.
 */
describe('the load-balancer controller', () => {
  let t: TestServer
  let backend: Server
  let backendPort: number
  let listenerPort: number

  before(async () => {
    backend = createServer((_req, res) => res.end('hello from the target'))
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
    backendPort = (backend.address() as AddressInfo).port
    t = await startTestServer({ loadBalancerAddress: LB_ADDRESS })
    await seedTargetGroup(t.store, TG, 'ip')
    // Checks every 0.2 s so that the test waits for health in well under a second.
    await t.store.txn(async (tx) => {
      const g = (await tx.targetGroups.get(TG))!
      await tx.targetGroups.put({ ...g, healthCheck: { ...g.healthCheck, intervalSeconds: 0.2, timeoutSeconds: 0.1, healthyThreshold: 2 } })
    })
  })
  after(async () => {
    await t.close()
    await new Promise((resolve) => backend.close(resolve))
  })

  it('turns the load balancer active once its listener is bound', async () => {
    const lb = await waitFor('the load balancer active', () => t.store.read(async (tx) => (await tx.loadBalancers.list())[0]), (lb) => lb?.state.code === 'active')
    const listener = await t.store.read(async (tx) => (await tx.listeners.forLoadBalancer(lb!.arn))[0]!)
    listenerPort = t.dataPlane.listenerAddress(listener.arn)!.port
    assert.ok(listenerPort > 0)
    assert.equal((await get(listenerPort)).status, 503, 'no target yet: ALB answers 503')
  })

  it('records a registered target healthy after its checks pass, and forwards to it', async () => {
    await t.store.txn((tx) => tx.targets.put(newTarget({ targetGroupArn: TG, id: '127.0.0.1', port: backendPort }, Math.floor(Date.now() / 1000))))
    const healthy = await waitFor('the target healthy', () => t.store.read((tx) => tx.targets.get(TG, '127.0.0.1', backendPort)), (r) => r?.health.state === 'healthy')
    assert.deepEqual(healthy?.health, { state: 'healthy' })
    assert.deepEqual(await get(listenerPort), { status: 200, body: 'hello from the target' })
  })

  it('removes a deregistered target once nothing is in flight, and stops sending it requests', async () => {
    await t.store.txn(async (tx) => {
      const r = (await tx.targets.get(TG, '127.0.0.1', backendPort))!
      await tx.targets.put({ ...r, state: 'draining', drainingSince: Math.floor(Date.now() / 1000) })
    })
    await waitFor('the target removed', () => t.store.read((tx) => tx.targets.get(TG, '127.0.0.1', backendPort)), (r) => r === undefined)
    assert.equal((await get(listenerPort)).status, 503)
  })

  it('marks a load balancer failed, with the reason, while its listener cannot bind', async () => {
    const lb = (await t.store.read((tx) => tx.loadBalancers.list()))[0]!
    const listener = await t.store.read(async (tx) => (await tx.listeners.forLoadBalancer(lb.arn))[0]!)
    // A port something else holds on the listeners' address.
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, LB_ADDRESS, resolve))
    const taken = (blocker.address() as AddressInfo).port
    await t.store.txn((tx) => tx.listeners.put({ ...listener, port: taken }))
    const failed = await waitFor('the load balancer failed', () => t.store.read((tx) => tx.loadBalancers.get(lb.arn)), (r) => r?.state.code === 'failed')
    assert.match(failed?.state.reason ?? '', /could not bind/)
    await t.store.txn((tx) => tx.listeners.put({ ...listener, port: 0 }))
    await waitFor('the load balancer active again', () => t.store.read((tx) => tx.loadBalancers.get(lb.arn)), (r) => r?.state.code === 'active')
    await new Promise((resolve) => blocker.close(resolve))
  })
})
