import assert from 'node:assert/strict'
import { after, describe, it } from 'node:test'
import type { Logger } from '../core/log.js'
import { startFakeCluster, type FakeCluster } from '../testing/fake-cluster.js'

/**
 * Finding 5 of the security review: two agents started on one data folder re-registered the
 * same instance and replaced each other's channel session about 3.5 times a second, forever,
 * with no message. The second must refuse to start instead, and say who holds the folder.
 */
describe('two agents on one data folder', () => {
  let c: FakeCluster | undefined
  const connected: string[] = []
  const logger: Logger = {
    info: (message, fields) => void (message === 'agent connected' && connected.push(String(fields?.['instance']))),
    warn: () => undefined,
    error: () => undefined,
  }
  after(() => c?.close())

  it('the second refuses to start, naming the folder and the holder; the first keeps its session', async () => {
    c = await startFakeCluster({ hosts: 1, server: { logger } })
    const first = c.hosts[0]!
    await assert.rejects(c.addHost({ dataDir: first.dataDir }), (error: Error) => {
      assert.ok(error.message.includes(first.dataDir), error.message)
      assert.ok(error.message.includes(`PID ${process.pid}`), error.message)
      return true
    })
    assert.deepEqual(connected, [first.arn], 'the first agent was never replaced')
    assert.deepEqual(c.server.channel.connected(), [first.arn])
  })

  it('once the holder stopped cleanly, the next agent on the folder starts as the same instance', async () => {
    const first = c!.hosts[0]!
    await first.stop()
    const next = await c!.addHost({ dataDir: first.dataDir })
    assert.equal(next.arn, first.arn)
  })
})
