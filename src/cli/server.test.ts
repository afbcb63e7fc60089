import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { ChannelPeer } from '../testing/channel-peer.js'
import { spawnBerth } from '../testing/spawn-berth.js'

/** Finding 3: `berth server` without --join-token let any WebSocket client join as an agent. */
describe('berth server and its join token', () => {
  it('without --join-token makes one, prints how agents join with it, and refuses a peer without it', async () => {
    const berth = await spawnBerth('server', mkdtempSync(join(tmpdir(), 'berth-server-')))
    try {
      const token = /BERTH_JOIN_TOKEN=(\S+)/.exec(berth.stdout())?.[1]
      assert.ok(token, `no join token printed:\n${berth.stdout()}`)
      assert.match(berth.stdout(), /berth agent --server http:\/\/127\.0\.0\.1:\d+/)
      await assert.rejects(ChannelPeer.connect(berth.endpoint, {}), /HTTP 401/)
      await assert.rejects(ChannelPeer.connect(berth.endpoint, { 'x-berth-join-token': token.slice(1) }), /HTTP 401/)
      const peer = await ChannelPeer.connect(berth.endpoint, { 'x-berth-join-token': token })
      peer.ws.close()
    } finally {
      assert.equal(await berth.stop('SIGTERM'), 0)
    }
  })

  it('with --join-token takes that one and never prints it', async () => {
    const berth = await spawnBerth('server', mkdtempSync(join(tmpdir(), 'berth-server-')), ['--join-token', 'chosen-token-0123456789'])
    try {
      assert.ok(!berth.stdout().includes('chosen-token-0123456789'), berth.stdout())
      await assert.rejects(ChannelPeer.connect(berth.endpoint, { 'x-berth-join-token': 'another-token' }), /HTTP 401/)
      const peer = await ChannelPeer.connect(berth.endpoint, { 'x-berth-join-token': 'chosen-token-0123456789' })
      peer.ws.close()
    } finally {
      assert.equal(await berth.stop('SIGTERM'), 0)
    }
  })
})
