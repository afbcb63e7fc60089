import assert from 'node:assert/strict'
import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http'
import { after, before, describe, it } from 'node:test'
import type { ActionConfig, TargetGroupConfig } from './config.js'
import { config, get, startBackend, startPlane, target, targetGroup, tgArn, tgAttributes, type Backend, type Plane } from './test/harness.js'

/** Where requests go: weights, draining, removal, stickiness, and apply's diffing, on real sockets. */

/** A keep-alive GET through `agent`; resolves with status, body and whether the connection was reused. */
function send(agent: Agent, port: number, path = '/', headers: Record<string, string> = {}): Promise<{ status: number; body: string; reused: boolean; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (s: string) => (body += s))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, reused: req.reusedSocket, cookies: res.headers['set-cookie'] ?? [] }))
    })
    req.on('error', reject)
    req.end()
  })
}

const weighted = (weights: Record<string, number>, stickiness?: { enabled: boolean; durationSeconds: number }): ActionConfig => ({
  type: 'forward',
  targetGroups: Object.entries(weights).map(([name, weight]) => ({ arn: tgArn(name), weight })),
  ...(stickiness ? { stickiness } : {}),
})

describe('weighted target groups', () => {
  let blue: Backend
  let green: Backend
  let p: Plane
  let groups: TargetGroupConfig[]
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  before(async () => {
    blue = await startBackend('blue')
    green = await startBackend('green')
    groups = [targetGroup('blue', [target(blue)]), targetGroup('green', [target(green)])]
    p = await startPlane(config(groups, { defaultAction: weighted({ blue: 1, green: 3 }) }), 42)
  })
  after(async () => {
    agent.destroy()
    await p.close()
    await Promise.all([blue.close(), green.close()])
  })

  it('1:3 over 400 requests splits exactly as seed 42 draws it', async () => {
    const counts: Record<string, number> = { blue: 0, green: 0 }
    for (let i = 0; i < 400; i++) counts[(await send(agent, p.port)).body]!++
    // The seeded draws, not a range: any change in how the weights are read moves these.
    assert.deepEqual(counts, { blue: 94, green: 306 })
  })

  it('weight 0 takes nothing; all weights 0 is a 503', async () => {
    await p.apply(config(groups, { defaultAction: weighted({ blue: 0, green: 5 }) }))
    for (let i = 0; i < 20; i++) assert.equal((await send(agent, p.port)).body, 'green')
    await p.apply(config(groups, { defaultAction: weighted({ blue: 0, green: 0 }) }))
    assert.equal((await send(agent, p.port)).status, 503)
  })

  it('target-group stickiness: a client with AWSALBTG keeps its group', async () => {
    await p.apply(config(groups, { defaultAction: weighted({ blue: 1, green: 1 }, { enabled: true, durationSeconds: 3600 }) }))
    const first = await send(agent, p.port)
    const cookie = first.cookies.find((c) => c.startsWith('AWSALBTG='))
    assert.ok(cookie, `AWSALBTG set: ${first.cookies.join(' | ')}`)
    assert.ok(first.cookies.some((c) => /^AWSALBTGCORS=[^;]+; Expires=[^;]+; Path=\/; SameSite=None; Secure$/.test(c)))
    const value = cookie.slice(0, cookie.indexOf(';'))
    for (let i = 0; i < 20; i++) assert.equal((await send(agent, p.port, '/', { cookie: value })).body, first.body)
    // Past the stickiness duration the cookie no longer binds: both groups show up again.
    p.clock.advance(3601_000)
    const seen = new Set<string>()
    for (let i = 0; i < 20; i++) seen.add((await send(agent, p.port, '/', { cookie: value })).body)
    assert.deepEqual([...seen].sort(), ['blue', 'green'])
  })
})

describe('draining and removal', () => {
  let a: Backend
  let b: Backend
  let p: Plane
  const held: ServerResponse[] = []
  const holdStarted: (() => void)[] = []
  const agent = new Agent({ keepAlive: true })
  // a holds /slow open until the test releases it, and tells when it has it; b answers at once.
  const handler = (name: string) => (req: IncomingMessage, res: ServerResponse) => {
    req.resume()
    if (req.url === '/slow' && name === 'a') {
      held.push(res)
      holdStarted.shift()?.()
      return
    }
    res.end(name)
  }
  const group = (aState: 'registered' | 'draining' | 'gone') =>
    targetGroup('web', [...(aState === 'gone' ? [] : [target(a, aState)]), target(b)], { attributes: tgAttributes({ deregistrationDelaySeconds: 300 }) })
  const arn = tgArn('web')
  before(async () => {
    a = await startBackend('a', handler('a'))
    b = await startBackend('b', handler('b'))
    p = await startPlane(config([group('registered')]))
  })
  after(async () => {
    agent.destroy()
    await p.close()
    await Promise.all([a.close(), b.close()])
  })

  it('a draining target finishes its long request while new requests go elsewhere', async () => {
    const started = new Promise<void>((r) => holdStarted.push(r))
    // Round robin starts with the first target: the long request lands on a.
    const long = send(agent, p.port, '/slow')
    await started
    assert.equal(held.length, 1)
    assert.equal(p.plane.inFlight(arn, target(a)), 1)

    await p.apply(config([group('draining')]))
    assert.equal(p.plane.health(arn).find((t) => t.port === a.port)?.health.state, 'draining')
    for (let i = 0; i < 10; i++) assert.equal((await send(agent, p.port)).body, 'b', 'no new request reaches the draining target')
    assert.equal(p.plane.inFlight(arn, target(a)), 1, 'the long request is still going')

    held.shift()!.end('done late')
    const res = await long
    assert.equal(res.status, 200)
    assert.equal(res.body, 'done late')
    assert.equal(p.plane.inFlight(arn, target(a)), 0, 'the control plane may now end the deregistration early')
  })

  it('a target removed while a request is in flight (the delay ran out): that request gets a 502', async () => {
    await p.apply(config([group('registered')]))
    const started = new Promise<void>((r) => holdStarted.push(r))
    // Round robin alternates: within two tries the long request lands on a (b answers at once).
    let long: Promise<{ status: number }> | undefined
    for (let i = 0; i < 2 && !long; i++) {
      const attempt = send(agent, p.port, '/slow')
      if (await Promise.race([started.then(() => true), attempt.then(() => false)])) long = attempt
    }
    assert.ok(long, 'the long request reached a')
    await p.apply(config([group('gone')]))
    assert.equal((await long).status, 502)
    assert.equal(p.plane.health(arn).length, 1)
    for (const r of held.splice(0)) r.destroy()
  })
})

describe('target stickiness (lb_cookie)', () => {
  let a: Backend
  let b: Backend
  let p: Plane
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const sticky = (targets: Backend[]) => targetGroup('web', targets.map((t) => target(t)), { attributes: tgAttributes({ stickiness: { enabled: true, type: 'lb_cookie', durationSeconds: 86400 } }) })
  before(async () => {
    a = await startBackend('a')
    b = await startBackend('b')
    p = await startPlane(config([sticky([a, b])]))
  })
  after(async () => {
    agent.destroy()
    await p.close()
    await Promise.all([a.close(), b.close()])
  })

  it('AWSALB and AWSALBCORS are set on every response and keep the client on its target', async () => {
    const first = await send(agent, p.port)
    assert.equal(first.cookies.length, 2)
    assert.match(first.cookies[0]!, /^AWSALB=[A-Za-z0-9_-]+; Expires=\w{3}, \d{2} \w{3} \d{4} [\d:]{8} GMT; Path=\/$/)
    assert.match(first.cookies[1]!, /^AWSALBCORS=[A-Za-z0-9_-]+; Expires=.+; Path=\/; SameSite=None; Secure$/)
    const cookie = first.cookies[0]!.split(';')[0]!
    const bodies = new Set<string>()
    for (let i = 0; i < 10; i++) {
      const r = await send(agent, p.port, '/', { cookie: `other=1; ${cookie}` })
      bodies.add(r.body)
      assert.equal(r.cookies.length, 2, 'refreshed on every response')
    }
    assert.deepEqual([...bodies], [first.body])
    // Without the cookie, round robin again.
    const plain = new Set([(await send(agent, p.port)).body, (await send(agent, p.port)).body])
    assert.equal(plain.size, 2)
  })

  it('a cookie naming a target that is gone gets a new target and a new cookie', async () => {
    const first = await send(agent, p.port)
    const cookie = first.cookies[0]!.split(';')[0]!
    const other = first.body === 'a' ? b : a
    await p.apply(config([sticky([other])]))
    const r = await send(agent, p.port, '/', { cookie })
    assert.equal(r.body, other.name)
    assert.notEqual(r.cookies[0]!.split(';')[0], cookie)
  })
})

describe('apply is idempotent and keeps what did not change', () => {
  let a: Backend
  let p: Plane
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  before(async () => {
    a = await startBackend('a')
    p = await startPlane(config([targetGroup('web', [target(a)])]))
  })
  after(async () => {
    agent.destroy()
    await p.close()
    await a.close()
  })

  it('the same configuration again: same port, the client connection and the target connection both reused', async () => {
    const port = p.port
    assert.equal((await send(agent, port)).status, 200)
    for (let i = 0; i < 3; i++) await p.apply(config([targetGroup('web', [target(a)])]))
    assert.equal(p.port, port)
    const again = await send(agent, port)
    assert.equal(again.status, 200)
    assert.equal(again.reused, true, 'the client keep-alive connection survived')
    const sockets = new Set(a.seen.map((r) => r.socket))
    assert.equal(sockets.size, 1, 'one pooled connection to the target served both')
  })

  it('a rule change takes effect without a new socket', async () => {
    await p.apply(
      config([targetGroup('web', [target(a)])], { rules: [{ arn: 'r', priority: 1, conditions: [{ field: 'http-header', headerName: 'x-env', values: ['test'] }], action: { type: 'fixed-response', statusCode: 204 } }] }),
    )
    const r = await send(agent, p.port, '/', { 'x-env': 'TEST' })
    assert.equal(r.status, 204)
    assert.equal(r.reused, true)
  })

  it('counts requests and target answers per group and target', async () => {
    const m = p.plane.metrics()
    const g = m.targetGroups[0]!
    assert.equal(g.requests, 2)
    assert.equal(g.target2xx, 2)
    assert.equal(g.responseTime.count, 2)
    assert.equal(g.targets[0]!.requests, 2)
    assert.equal(g.targets[0]!.inFlight, 0)
    assert.equal(m.loadBalancers[0]!.requests, 3)
    assert.equal(m.loadBalancers[0]!.fixedResponses, 1)
  })

  it('a listener moved to another port rebinds; the old port stops answering', async () => {
    const old = p.port
    await p.apply(config([targetGroup('web', [target(a)])], { address: '127.0.0.2' }))
    const res = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.2', port: p.port, path: '/', agent: false }, (r) => {
        r.resume()
        resolve(r.statusCode ?? 0)
      })
      req.on('error', reject)
      req.end()
    })
    assert.equal(res, 200)
    await assert.rejects(get(old, '/'), /ECONNREFUSED/)
  })
})

describe('a listener that cannot bind', () => {
  it('is reported with the reason, leaves the others serving, and is retried on the next apply', async () => {
    const a = await startBackend('a')
    const p = await startPlane(config([targetGroup('web', [target(a)])]))
    try {
      const taken = p.port
      const second = { arn: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/test/0123456789abcdef/0000000000000002', address: '127.0.0.1', port: taken, protocol: 'HTTP' as const, rules: [], defaultAction: weighted({ web: 1 }) }
      const both = config([targetGroup('web', [target(a)])])
      both.loadBalancers[0]!.listeners = [...both.loadBalancers[0]!.listeners.map((l) => ({ ...l, port: taken })), second]
      const result = await p.plane.apply(both)
      assert.equal(result.listeners[0]?.error, undefined)
      assert.match(result.listeners[1]?.error ?? '', /EADDRINUSE/)
      assert.equal((await get(taken, '/')).status, 200)
      // The first listener goes away: the second binds on the next apply.
      both.loadBalancers[0]!.listeners = [second]
      const retried = await p.plane.apply(both)
      assert.equal(retried.listeners[0]?.error, undefined)
      assert.equal(p.plane.listenerAddress(second.arn)?.port, taken)
      assert.equal((await get(taken, '/')).status, 200)
    } finally {
      await p.close()
      await a.close()
    }
  })
})

describe('two listeners swapping ports', () => {
  it('both bind in the same apply, each now answering with its own rules', async () => {
    const a = await startBackend('a')
    const p = await startPlane(config([targetGroup('web', [target(a)])]))
    try {
      const fixed = (body: string) => ({ type: 'fixed-response' as const, statusCode: 200, messageBody: body })
      const two = (x: number, y: number) => {
        const c = config([targetGroup('web', [target(a)])])
        const base = c.loadBalancers[0]!.listeners[0]!
        c.loadBalancers[0]!.listeners = [
          { ...base, arn: 'one', port: x, defaultAction: fixed('one') },
          { ...base, arn: 'two', port: y, defaultAction: fixed('two') },
        ]
        return c
      }
      await p.plane.apply(two(0, 0))
      const x = p.plane.listenerAddress('one')!.port
      const y = p.plane.listenerAddress('two')!.port
      await p.plane.apply(two(x, y)) // the ports as numbers: a new bind key, so both rebind once
      const swapped = await p.plane.apply(two(y, x))
      assert.deepEqual(swapped.listeners.map((l) => l.error), [undefined, undefined])
      assert.equal((await get(y, '/')).body.toString(), 'one')
      assert.equal((await get(x, '/')).body.toString(), 'two')
    } finally {
      await p.close()
      await a.close()
    }
  })
})
