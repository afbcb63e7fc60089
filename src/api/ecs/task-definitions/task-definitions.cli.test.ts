import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

/** The seed article's task definition, as its readers feed it to the CLI. */
const BOOT_JSON = {
  family: 'boot',
  containerDefinitions: [
    {
      name: 'boot',
      image: 'laszlocph/spring-boot-dummy:exposed',
      cpu: 300,
      memory: 300,
      portMappings: [{ containerPort: 8080, hostPort: 8080 }],
    },
  ],
  volumes: [],
}
const BOOT_ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition/boot:1'

interface CliTaskDefinition {
  taskDefinitionArn: string
  family: string
  revision: number
  status: string
  registeredAt: string
  deregisteredAt?: string
  compatibilities: string[]
  containerDefinitions: { name: string; essential: boolean; portMappings: { containerPort: number; hostPort: number; protocol: string }[] }[]
}
const tdOf = (json: unknown) => (json as { taskDefinition: CliTaskDefinition }).taskDefinition

describe('task definitions through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  let dir: string
  before(async () => {
    t = await startTestServer()
    dir = await mkdtemp(join(tmpdir(), 'berth-td-'))
  })
  after(async () => {
    await t.close()
    await rm(dir, { recursive: true, force: true })
  })
  const cli = (...args: string[]) => awsCli(t.endpoint, ['ecs', ...args])
  const inputFile = async (name: string, body: unknown) => {
    const path = join(dir, name)
    await writeFile(path, JSON.stringify(body))
    return `file://${path}`
  }

  it('registers the seed definition from --cli-input-json and describes it as boot:1', async () => {
    const registered = await cli('register-task-definition', '--cli-input-json', await inputFile('boot.json', BOOT_JSON))
    assert.equal(registered.code, 0, registered.stderr)
    const td = tdOf(registered.json)
    assert.equal(td.taskDefinitionArn, BOOT_ARN)
    assert.equal(td.revision, 1)
    assert.equal(td.status, 'ACTIVE')
    assert.deepEqual(td.compatibilities, ['EXTERNAL', 'EC2'])
    assert.deepEqual(td.containerDefinitions[0]?.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }])
    assert.equal(td.containerDefinitions[0]?.essential, true)
    // The CLI prints timestamps as ISO 8601: the epoch seconds on the wire parsed.
    assert.ok(!Number.isNaN(Date.parse(td.registeredAt)), td.registeredAt)

    const described = await cli('describe-task-definition', '--task-definition', 'boot:1')
    assert.equal(described.code, 0, described.stderr)
    assert.deepEqual(tdOf(described.json), td)
  })

  it('lists definitions and families', async () => {
    const arns = await cli('list-task-definitions')
    assert.equal(arns.code, 0, arns.stderr)
    assert.deepEqual(arns.json, { taskDefinitionArns: [BOOT_ARN] })
    const families = await cli('list-task-definition-families')
    assert.deepEqual(families.json, { families: ['boot'] })
  })

  it('registers with tags given as options and shows them with --include TAGS', async () => {
    const res = await cli(
      'register-task-definition', '--family', 'tagged',
      '--container-definitions', JSON.stringify([{ name: 'a', image: 'busybox', memory: 32 }]),
      '--tags', 'key=team,value=web',
    )
    assert.equal(res.code, 0, res.stderr)
    const described = await cli('describe-task-definition', '--task-definition', 'tagged', '--include', 'TAGS')
    assert.deepEqual((described.json as { tags: unknown }).tags, [{ key: 'team', value: 'web' }])
  })

  it('pages list-task-definitions automatically across nextToken', async () => {
    for (let i = 0; i < 3; i++) {
      await cli('register-task-definition', '--cli-input-json', await inputFile(`p${i}.json`, { ...BOOT_JSON, family: 'paged' }))
    }
    const res = await cli('list-task-definitions', '--family-prefix', 'paged', '--sort', 'DESC', '--page-size', '1')
    assert.deepEqual((res.json as { taskDefinitionArns: string[] }).taskDefinitionArns.map((a) => a.split('/')[1]), [
      'paged:3',
      'paged:2',
      'paged:1',
    ])
  })

  it('deregisters boot:1 and still describes it, INACTIVE', async () => {
    const res = await cli('deregister-task-definition', '--task-definition', 'boot:1')
    assert.equal(res.code, 0, res.stderr)
    const td = tdOf(res.json)
    assert.equal(td.status, 'INACTIVE')
    assert.ok(td.deregisteredAt && !Number.isNaN(Date.parse(td.deregisteredAt)))
    assert.equal(tdOf((await cli('describe-task-definition', '--task-definition', 'boot:1')).json).status, 'INACTIVE')
    const families = await cli('list-task-definition-families', '--status', 'INACTIVE')
    assert.deepEqual(families.json, { families: ['boot'] })
  })

  it('prints ECS errors and exits 254', async () => {
    const missing = await cli('describe-task-definition', '--task-definition', 'nope')
    assert.equal(missing.code, 254)
    assert.match(
      missing.stderr,
      /An error occurred \(ClientException\) when calling the DescribeTaskDefinition operation: Unable to describe task definition\./,
    )
    const refused = await cli(
      'register-task-definition', '--family', 'bad',
      '--container-definitions', JSON.stringify([{ name: 'a', image: 'busybox' }]),
    )
    assert.equal(refused.code, 254)
    assert.match(
      refused.stderr,
      /An error occurred \(ClientException\) when calling the RegisterTaskDefinition operation: Invalid setting for container 'a'\. At least one of 'memory' or 'memoryReservation' must be specified\./,
    )
  })
})
