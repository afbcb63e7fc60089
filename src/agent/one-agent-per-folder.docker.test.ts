import assert from 'node:assert/strict'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { startTestCluster, type TestCluster } from '../testing/cluster.js'
import { connectTestEngine } from '../testing/docker.js'
import { waitFor } from '../testing/wait.js'

/**
 * Finding 5 with real processes: a second `berth agent` on the data folder of a running one
 * exits at once, naming the folder and the first one's PID; the first keeps its session.
 * (The test cluster gives each bind address its own folder, so one address twice is one
 * folder twice.) 127.0.6.20.
 */
const docker = await connectTestEngine()
describe('two `berth agent` processes on one data folder', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  let c: TestCluster | undefined
  after(async () => {
    await c?.close()
    if (docker.skip === undefined) docker.runtime.close()
  })

  it('the second exits with a message naming the folder and the holder, the first stays connected', async () => {
    if (docker.skip !== undefined) return
    c = await startTestCluster({ runtime: docker.runtime, bindIps: ['127.0.6.20'] })
    const first: ChildProcess = await c.spawnAgent('127.0.6.20')
    // The agent prints 'channel connected' a moment before the server has its session.
    const connected = await waitFor('the server to have the first session', async () => c!.server.channel.connected(), (arns) => arns.length === 1)
    await assert.rejects(c.spawnAgent('127.0.6.20'), (error: Error) => {
      assert.match(error.message, /berth agent exited \(1\) before connecting/)
      assert.ok(error.message.includes(`the data folder ${join(c!.dataDir, 'agent-127.0.6.20')} is in use by another agent (PID ${first.pid})`), error.message)
      return true
    })
    assert.equal(first.exitCode, null, 'the first agent runs on')
    assert.deepEqual(c.server.channel.connected(), connected)
  })
})
