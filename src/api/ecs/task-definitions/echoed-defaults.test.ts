import { DescribeTaskDefinitionCommand, RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

/**
 * Defaults as ECS echoes them in RegisterTaskDefinition and DescribeTaskDefinition:
 * - networkMode left out stays out (AWS's register-task-definition example answers without
 *   it; bridge is what runs on Linux, not what is written);
 * - an EFS volume's rootDirectory left out comes back as "/" (what ECS writes; AWS documents
 *   "/" as the same as omitting it), one given comes back as given.
 */
const app = { name: 'app', image: 'busybox', memory: 32 }
const efs = (rootDirectory?: string) => ({
  name: 'shared',
  efsVolumeConfiguration: { fileSystemId: 'fs-12345678', ...(rootDirectory !== undefined ? { rootDirectory } : {}) },
})
const ROWS: { why: string; input: Omit<RegisterTaskDefinitionCommandInput, 'family'>; check: (td: Record<string, unknown>) => void }[] = [
  { why: 'networkMode absent stays absent', input: { containerDefinitions: [app] }, check: (td) => assert.equal(td['networkMode'], undefined) },
  { why: 'networkMode bridge given is echoed', input: { containerDefinitions: [app], networkMode: 'bridge' }, check: (td) => assert.equal(td['networkMode'], 'bridge') },
  {
    why: 'EFS rootDirectory absent is echoed as /',
    input: { containerDefinitions: [app], volumes: [efs()] },
    check: (td) => assert.deepEqual(td['volumes'], [{ name: 'shared', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', rootDirectory: '/' } }]),
  },
  {
    why: 'EFS rootDirectory given is echoed as given',
    input: { containerDefinitions: [app], volumes: [efs('/data')] },
    check: (td) => assert.deepEqual(td['volumes'], [efs('/data')]),
  },
]

describe('task definition defaults as ECS echoes them', () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  ROWS.forEach((row, i) => {
    it(`${row.why} (RegisterTaskDefinition and DescribeTaskDefinition, JS SDK)`, async () => {
      const family = `defaults-${i}`
      const registered = await t.ecs.send(new RegisterTaskDefinitionCommand({ family, ...row.input }))
      row.check(registered.taskDefinition as Record<string, unknown>)
      const described = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: family }))
      row.check(described.taskDefinition as Record<string, unknown>)
    })
  })

  it('the aws CLI sees the same defaults', { skip: awsCliMissing }, async () => {
    const res = await awsCli(t.endpoint, [
      'ecs', 'register-task-definition', '--family', 'cli-defaults',
      '--container-definitions', JSON.stringify([app]),
      '--volumes', JSON.stringify([efs()]),
    ])
    assert.equal(res.code, 0, res.stderr)
    const td = (res.json as { taskDefinition: Record<string, unknown> }).taskDefinition
    ROWS[0]!.check(td)
    ROWS[2]!.check(td)
  })
})
