import { ECSClient, CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { BERTH_BIN, spawnBerth } from '../testing/spawn-berth.js'

const tempDir = () => mkdtempSync(join(tmpdir(), 'berth-security-'))

/** Runs `berth <args>` to its end: for the refusals that stop it before it serves. */
async function runBerth(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env = { ...process.env }
  for (const k of ['BERTH_ACCESS_KEYS', 'BERTH_KEYS_FILE', 'BERTH_ALLOW_OPEN_CREDENTIALS']) delete env[k]
  const child = spawn(process.execPath, [BERTH_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  return { code, stderr }
}

describe('berth server on a network', () => {
  it('refuses open credentials on a non-loopback address, naming the flag that allows it', async () => {
    const res = await runBerth(['server', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir()])
    assert.equal(res.code, 2)
    assert.match(res.stderr, /refusing to serve on --host 0\.0\.0\.0 with open credentials/)
    assert.match(res.stderr, /--allow-open-credentials/)
  })

  it('refuses a keys file with a policy it would not evaluate as IAM does, saying where', async () => {
    const dir = tempDir()
    const file = join(dir, 'keys.json')
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] }
    writeFileSync(file, JSON.stringify({ keys: [{ accessKeyId: 'AKIDA', secretAccessKey: 's', policy }] }))
    const res = await runBerth(['server', '--port', '0', '--data-dir', dir, '--keys-file', file])
    assert.equal(res.code, 2)
    assert.match(res.stderr, /keys\.json keys\[0\] \(AKIDA\) policy Statement\[0\]: Condition IpAddress: Berth does not evaluate IpAddress conditions/)
  })
})

describe('berth server --keys-file', () => {
  it('verifies the file’s keys and applies their policies', async () => {
    const dir = tempDir()
    const file = join(dir, 'keys.json')
    const reader = { accessKeyId: 'AKIDREADER', secretAccessKey: 'reader-secret' }
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ecs:List*', Resource: '*' }] }
    writeFileSync(file, JSON.stringify({ keys: [{ ...reader, userName: 'reader', policy }] }))
    const berth = await spawnBerth('server', dir, ['--keys-file', file])
    const ecs = new ECSClient({ endpoint: berth.endpoint, region: 'us-east-1', credentials: reader, maxAttempts: 1 })
    try {
      assert.deepEqual((await ecs.send(new ListClustersCommand({}))).clusterArns, [])
      await assert.rejects(ecs.send(new CreateClusterCommand({ clusterName: 'x' })), {
        name: 'AccessDeniedException',
        message: /^User: arn:aws:iam::000000000000:user\/reader is not authorized to perform: ecs:CreateCluster on resource: arn:aws:ecs:us-east-1:000000000000:cluster\/x because/,
      })
    } finally {
      ecs.destroy()
      assert.equal(await berth.stop('SIGTERM'), 0)
    }
  })
})
