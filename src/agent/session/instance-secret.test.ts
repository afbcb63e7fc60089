import assert from 'node:assert/strict'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { hashInstanceSecret } from '../../core/agent-credentials.js'
import { systemClock } from '../../core/clock.js'
import { silentLogger } from '../../core/log.js'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { startAgent } from '../agent.js'
import { resolveAgentConfig } from '../config.js'
import { FakeRuntime } from '../runtime/fake/fake-runtime.js'

/**
 * The agent's end of the instance secret: it keeps what registration issued beside the
 * instance ARN, readable by its owner only, and proves itself with it on every restart.
 */
describe("the agent's instance secret", () => {
  let c: FakeCluster
  before(async () => (c = await startFakeCluster()))
  after(() => c?.close())
  const remembered = (dir: string) => JSON.parse(readFileSync(join(dir, 'instance.json'), 'utf8')) as Record<string, string>
  const hashOf = async (arn: string) => (await c.server.store.read((tx) => tx.containerInstances.get(arn)))?.agentSecretHash

  it('is kept beside the ARN, owner-only, and matches the hash the server keeps', async () => {
    const host = await c.addHost()
    const file = remembered(host.dataDir)
    assert.equal(file['containerInstanceArn'], host.arn)
    assert.equal(await hashOf(host.arn), hashInstanceSecret(file['instanceSecret']!))
    assert.equal(statSync(join(host.dataDir, 'instance.json')).mode & 0o777, 0o600)
  })

  it('re-registers the same instance after a restart, with the same secret', async () => {
    const host = await c.addHost()
    const before = remembered(host.dataDir)
    await host.stop()
    const again = await c.addHost({ dataDir: host.dataDir })
    assert.equal(again.arn, host.arn)
    assert.deepEqual(remembered(host.dataDir), before)
  })

  it('claims its instance when the folder is from before secrets (no secret in it, no hash on the server)', async () => {
    const host = await c.addHost()
    await host.stop()
    const { instanceSecret: _dropped, ...old } = remembered(host.dataDir)
    writeFileSync(join(host.dataDir, 'instance.json'), JSON.stringify(old))
    await c.server.store.txn(async (tx) => {
      const { agentSecretHash: _gone, ...record } = (await tx.containerInstances.get(host.arn))!
      await tx.containerInstances.put(record)
    })
    const again = await c.addHost({ dataDir: host.dataDir })
    assert.equal(again.arn, host.arn, 'the same instance, so its containers are adopted')
    assert.equal(await hashOf(host.arn), hashInstanceSecret(remembered(host.dataDir)['instanceSecret']!))
  })

  it('registers anew when the server no longer takes its secret', async () => {
    const host = await c.addHost()
    await host.stop()
    writeFileSync(join(host.dataDir, 'instance.json'), JSON.stringify({ ...remembered(host.dataDir), instanceSecret: 'not-it' }))
    const again = await c.addHost({ dataDir: host.dataDir })
    assert.notEqual(again.arn, host.arn)
  })
})

describe('an agent without the join token', () => {
  it('refuses to start, saying where the token comes from', async () => {
    const config = resolveAgentConfig({ cpus: 1, memoryMiB: 1024 }, { BERTH_SERVER: 'http://127.0.0.1:1' })
    const runtime = new FakeRuntime({ clock: systemClock })
    await assert.rejects(
      startAgent(config, { runtime, clock: systemClock, logger: silentLogger, createEngine: () => assert.fail('no engine without a token') }),
      /needs the server's join token \(BERTH_JOIN_TOKEN or --join-token\): berth server prints it/,
    )
  })
})
