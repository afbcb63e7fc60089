import { ListClustersCommand, ECSClient, DescribeContainerInstancesCommand, ListContainerInstancesCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { connectTestEngine } from '../testing/docker.js'
import { TEST_CREDENTIALS } from '../testing/server.js'
import { BERTH_BIN, spawnBerth } from '../testing/spawn-berth.js'

const client = (endpoint: string) => new ECSClient({ endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS, maxAttempts: 1 })

describe('berth up', () => {
  it('serves the API with --instances 0, creates its cluster, and stops cleanly on SIGTERM', async () => {
    const berth = await spawnBerth('up', mkdtempSync(join(tmpdir(), 'berth-up-')), ['--instances', '0', '--cluster', 'local'])
    const ecs = client(berth.endpoint)
    const { clusterArns } = await ecs.send(new ListClustersCommand({}))
    assert.deepEqual(clusterArns, ['arn:aws:ecs:us-east-1:000000000000:cluster/local'])
    ecs.destroy()
    assert.equal(await berth.stop('SIGTERM'), 0)
  })

  it('stops with a clear message when local instances have no Docker Engine', async () => {
    const child = spawn(process.execPath, [BERTH_BIN, 'up', '--port', '0', '--data-dir', mkdtempSync(join(tmpdir(), 'berth-up-'))], {
      env: { ...process.env, DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    assert.equal(code, 1)
    assert.match(stderr, /Docker Engine not reachable at unix:\/\/\/nonexistent\/docker.sock/)
    assert.match(stderr, /scripts\/setup-host\.sh/)
  })

  for (const { args, says } of [
    { args: ['--instance-base-ip', '127.0.6'], says: /--instance-base-ip must be an IPv4 address/ },
    { args: ['--instances', '3', '--instance-base-ip', '127.0.6.253'], says: /leaves no room for 3 instance addresses/ },
  ]) {
    it(`refuses ${args.join(' ')} with usage and exit code 2`, async () => {
      const child = spawn(process.execPath, [BERTH_BIN, 'up', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      let stderr = ''
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
      assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 2)
      assert.match(stderr, says)
    })
  }

  it('refuses a bad option with usage and exit code 2', async () => {
    const child = spawn(process.execPath, [BERTH_BIN, 'up', '--instances', 'lots'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    assert.equal(await new Promise((resolve) => child.once('exit', resolve)), 2)
    assert.match(stderr, /--instances must be a whole number/)
  })
})

const docker = await connectTestEngine()
describe('berth up --instances 2', { skip: docker.skip && `no Docker Engine answers: ${docker.skip}` }, () => {
  it('starts two simulated instances on their own addresses and zones, ready once both connected', async () => {
    if (docker.skip === undefined) docker.runtime.close()
    const berth = await spawnBerth('up', mkdtempSync(join(tmpdir(), 'berth-up-')), ['--instances', '2', '--cluster', 'pair', '--instance-memory', '1024'])
    const ecs = client(berth.endpoint)
    try {
      const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({ cluster: 'pair' }))
      const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster: 'pair', containerInstances: containerInstanceArns! }))
      assert.equal(containerInstances?.length, 2)
      assert.ok(containerInstances!.every((ci) => ci.agentConnected))
      assert.deepEqual(
        containerInstances!.map((ci) => ci.attributes?.find((a) => a.name === 'ecs.availability-zone')?.value).sort(),
        ['us-east-1a', 'us-east-1b'],
      )
      assert.ok(containerInstances!.every((ci) => ci.registeredResources?.find((r) => r.name === 'MEMORY')?.integerValue === 1024))
    } finally {
      ecs.destroy()
      assert.equal(await berth.stop('SIGTERM'), 0)
    }
  })
})
