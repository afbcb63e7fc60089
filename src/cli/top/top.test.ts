import { CreateServiceCommand, DescribeServicesCommand, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { execFile } from 'node:child_process'
import assert from 'node:assert/strict'
import { promisify } from 'node:util'
import { after, before, describe, it } from 'node:test'
import { startFakeCluster, type FakeCluster } from '../../testing/fake-cluster.js'
import { BERTH_BIN } from '../../testing/spawn-berth.js'
import { waitFor } from '../../testing/wait.js'

// The real `berth top --once` as a user runs it, against a running server with fake hosts.
describe('berth top --once', () => {
  let c: FakeCluster
  before(async () => {
    c = await startFakeCluster({ hosts: 1 })
    await c.server.ecs.send(new RegisterTaskDefinitionCommand({ family: 'app', containerDefinitions: [{ name: 'app', image: 'idle', memory: 64 }] }))
    for (const [serviceName, desiredCount] of [['shop', 2], ['mailer', 1]] as const) {
      await c.server.ecs.send(new CreateServiceCommand({ cluster: c.name, serviceName, taskDefinition: 'app', desiredCount }))
    }
    await waitFor(
      'both services at their desired count',
      async () => (await c.server.ecs.send(new DescribeServicesCommand({ cluster: c.name, services: ['shop', 'mailer'] }))).services!,
      (s) => s.every((x) => x.runningCount === x.desiredCount),
    )
  })
  after(() => c?.close())

  it('prints one frame listing the services with their desired and running counts, and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [BERTH_BIN, 'top', '--once', '--endpoint', c.server.endpoint], {
      env: { PATH: process.env['PATH'] ?? '' },
    })
    assert.doesNotMatch(stdout, /\x1b\[/, 'no terminal control codes in --once output')
    const row = (name: string) => stdout.split('\n').find((l) => l.startsWith(`${name} `))?.trim().split(/\s+/)
    // SERVICE CLUSTER DESIRED RUNNING PENDING CPU MEMORY
    assert.deepEqual(row('shop'), ['shop', c.name, '2', '2', '0', '-', '-'], stdout)
    assert.deepEqual(row('mailer'), ['mailer', c.name, '1', '1', '0', '-', '-'], stdout)
    assert.deepEqual(row(c.name)?.slice(0, 5), [c.name, '2', '1', '3', '0'], 'the cluster: 2 services, 1 instance, 3 tasks running')
  })

  it('exits 1 saying why when the server cannot be read', async () => {
    const run = promisify(execFile)(process.execPath, [BERTH_BIN, 'top', '--once', '--endpoint', 'http://127.0.0.1:1'], { env: { PATH: '' } })
    await assert.rejects(run, (e: { code?: number; stderr?: string }) => e.code === 1 && /berth top: .*fetch failed/.test(e.stderr ?? ''))
  })
})
