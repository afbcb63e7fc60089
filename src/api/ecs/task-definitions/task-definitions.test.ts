import {
  DeregisterTaskDefinitionCommand,
  type ListTaskDefinitionFamiliesCommandInput,
  type ListTaskDefinitionsCommandInput,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { ManualClock } from '../../../core/clock.js'
import { startTestServer, type TestServer } from '../../../testing/server.js'
import { rawEcs } from '../../../testing/wire.js'

const ARN = 'arn:aws:ecs:us-east-1:000000000000:task-definition/'

/** The seed article's definition. */
const BOOT: RegisterTaskDefinitionCommandInput = {
  family: 'boot',
  containerDefinitions: [
    { name: 'boot', image: 'laszlocph/spring-boot-dummy:exposed', cpu: 300, memory: 300, portMappings: [{ containerPort: 8080, hostPort: 8080 }] },
  ],
  volumes: [],
}
const simple = (family: string, image = 'nginx:1'): RegisterTaskDefinitionCommandInput => ({
  family,
  containerDefinitions: [{ name: 'app', image, memory: 64 }],
})

describe('task definitions through the JS SDK', () => {
  let t: TestServer
  const clock = new ManualClock()
  const register = (input: RegisterTaskDefinitionCommandInput) => t.ecs.send(new RegisterTaskDefinitionCommand(input))
  const describeTd = (ref: string, include?: 'TAGS'[]) =>
    t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref, ...(include ? { include } : {}) }))
  before(async () => {
    t = await startTestServer({ clock })
  })
  after(() => t.close())

  it('registers the seed definition with every default ECS fills in', async () => {
    const res = await register(BOOT)
    assert.deepEqual(res.taskDefinition, {
      taskDefinitionArn: `${ARN}boot:1`,
      containerDefinitions: [
        {
          name: 'boot',
          image: 'laszlocph/spring-boot-dummy:exposed',
          cpu: 300,
          memory: 300,
          portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
          essential: true,
          environment: [],
          mountPoints: [],
          volumesFrom: [],
        },
      ],
      family: 'boot',
      revision: 1,
      volumes: [],
      status: 'ACTIVE',
      requiresAttributes: [],
      placementConstraints: [],
      compatibilities: ['EXTERNAL', 'EC2'],
      registeredAt: new Date(clock.now()),
      registeredBy: 'arn:aws:iam::000000000000:root',
    })
    assert.equal(res.tags, undefined, 'no tags given, none answered')
    assert.deepEqual((await describeTd('boot:1')).taskDefinition, res.taskDefinition)
  })

  it('numbers revisions 1, 2, 3 per family and never changes a saved one', async () => {
    const r1 = await register(simple('rev', 'nginx:1'))
    clock.advance(1000)
    const r2 = await register(simple('rev', 'nginx:2'))
    const other = await register(simple('rev-other'))
    assert.deepEqual([r1.taskDefinition?.revision, r2.taskDefinition?.revision, other.taskDefinition?.revision], [1, 2, 1])
    const first = await describeTd('rev:1')
    assert.equal(first.taskDefinition?.containerDefinitions?.[0]?.image, 'nginx:1')
    assert.deepEqual(first.taskDefinition, r1.taskDefinition)
    assert.equal((await describeTd('rev')).taskDefinition?.revision, 2, 'plain family = newest ACTIVE')
  })

  it('resolves family, family:revision and the full ARN to the same definition', async () => {
    await register(simple('res'))
    const { taskDefinition } = await register(simple('res', 'nginx:2'))
    for (const ref of ['res', 'res:2', `${ARN}res:2`]) assert.deepEqual((await describeTd(ref)).taskDefinition, taskDefinition, ref)
    assert.equal((await describeTd(`${ARN}res:1`)).taskDefinition?.revision, 1)
  })

  it('answers what ECS answers for definitions it cannot find', async () => {
    for (const ref of ['nope', 'nope:1', 'res:99', `${ARN}nope:1`, 'arn:aws:ecs:eu-west-1:000000000000:task-definition/res:1']) {
      await assert.rejects(describeTd(ref), { name: 'ClientException', message: 'Unable to describe task definition.' }, ref)
    }
    await assert.rejects(describeTd('res:latest'), { name: 'ClientException', message: 'Invalid revision number. Number: latest' })
  })

  it('deregisters one revision: INACTIVE, still describable, family falls back, numbers never reused', async () => {
    await register(simple('dereg'))
    await register(simple('dereg', 'nginx:2'))
    clock.advance(5000)
    const res = await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'dereg:2' }))
    assert.equal(res.taskDefinition?.status, 'INACTIVE')
    assert.deepEqual(res.taskDefinition?.deregisteredAt, new Date(clock.now()))
    assert.equal((await describeTd('dereg:2')).taskDefinition?.status, 'INACTIVE')
    assert.equal((await describeTd('dereg')).taskDefinition?.revision, 1, 'newest still-ACTIVE revision')

    clock.advance(5000)
    const again = await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: `${ARN}dereg:2` }))
    assert.deepEqual(again.taskDefinition, res.taskDefinition, 'deregistering again changes nothing')

    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'dereg:1' }))
    await assert.rejects(describeTd('dereg'), { name: 'ClientException', message: 'Unable to describe task definition.' })
    assert.equal((await register(simple('dereg'))).taskDefinition?.revision, 3)
  })

  it('refuses to deregister without a revision or an unknown one', async () => {
    await register(simple('keep'))
    await assert.rejects(t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'keep' })), { name: 'ClientException' })
    await assert.rejects(t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'keep:9' })), {
      name: 'ClientException',
      message: 'Unable to describe task definition.',
    })
    assert.equal((await describeTd('keep')).taskDefinition?.status, 'ACTIVE')
  })

  it('stores tags with the definition and shows them only when asked', async () => {
    const tags = [{ key: 'team', value: 'web' }, { key: 'env', value: 'prod' }]
    const res = await register({ ...simple('tagged'), tags })
    assert.deepEqual(res.tags, tags)
    const arn = res.taskDefinition!.taskDefinitionArn!
    assert.equal((await describeTd('tagged')).tags, undefined)
    assert.deepEqual((await describeTd('tagged', ['TAGS'])).tags, tags)
    assert.deepEqual((await describeTd('boot:1', ['TAGS'])).tags, [])
    assert.deepEqual((await t.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, tags)
  })

  it('refuses bad tags and stores neither the definition nor its tags', async () => {
    const index = t.store.index()
    await assert.rejects(register({ ...simple('badtags'), tags: [{ key: 'aws:x', value: '1' }] }), { name: 'InvalidParameterException' })
    assert.equal(t.store.index(), index)
    await assert.rejects(describeTd('badtags'), { name: 'ClientException' })
  })

  it('registers a Fargate definition: sizes in canonical units, awsvpc host ports, derived fields', async () => {
    const { taskDefinition: td } = await register({
      family: 'fg',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '1 vCPU',
      memory: '2 GB',
      executionRoleArn: 'arn:aws:iam::000000000000:role/exec',
      containerDefinitions: [
        {
          name: 'web',
          image: '000000000000.dkr.ecr.us-east-1.amazonaws.com/web:1',
          portMappings: [{ containerPort: 80 }],
          healthCheck: { command: ['CMD-SHELL', 'curl -f localhost'] },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/fg', 'awslogs-region': 'us-east-1' } },
        },
      ],
    })
    assert.equal(td?.cpu, '1024')
    assert.equal(td?.memory, '2048')
    assert.equal(td?.networkMode, 'awsvpc')
    assert.deepEqual(td?.requiresCompatibilities, ['FARGATE'])
    assert.deepEqual(td?.compatibilities, ['EC2', 'FARGATE'])
    assert.deepEqual(td?.containerDefinitions?.[0]?.portMappings, [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }])
    const names = td?.requiresAttributes?.map((a) => a.name) ?? []
    for (const n of ['ecs.capability.task-eni', 'ecs.capability.container-health-check', 'com.amazonaws.ecs.capability.ecr-auth', 'ecs.capability.execution-role-awslogs']) {
      assert.ok(names.includes(n), n)
    }
  })

  it('echoes the whole container and volume shapes it was given', async () => {
    const container = {
      name: 'full',
      image: 'busybox',
      cpu: 10,
      memory: 128,
      memoryReservation: 64,
      links: ['other:o'],
      portMappings: [{ containerPort: 53, hostPort: 5353, protocol: 'udp' as const }],
      essential: true,
      entryPoint: ['sh', '-c'],
      command: ['sleep 1'],
      environment: [{ name: 'A', value: '1' }],
      mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: true }],
      volumesFrom: [{ sourceContainer: 'other', readOnly: false }],
      linuxParameters: { capabilities: { add: ['NET_ADMIN'] }, initProcessEnabled: true, tmpfs: [{ containerPath: '/t', size: 64 }] },
      dependsOn: [{ containerName: 'other', condition: 'START' as const }],
      stopTimeout: 10,
      hostname: 'h',
      user: 'nobody',
      workingDirectory: '/w',
      dockerLabels: { a: 'b' },
      ulimits: [{ name: 'nofile' as const, softLimit: 1024, hardLimit: 2048 }],
      healthCheck: { command: ['CMD', 'true'], interval: 10, timeout: 3, retries: 2, startPeriod: 5 },
      systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
    }
    const volumes = [
      { name: 'data', host: { sourcePath: '/srv/data' } },
      { name: 'cache', dockerVolumeConfiguration: { scope: 'shared' as const, autoprovision: true, driver: 'local', labels: { x: 'y' } } },
    ]
    const { taskDefinition: td } = await register({
      family: 'echo',
      containerDefinitions: [container, { name: 'other', image: 'busybox', memory: 32, essential: false }],
      volumes,
      placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }],
      pidMode: 'task',
    })
    assert.deepEqual(td?.containerDefinitions?.[0], container)
    assert.deepEqual(td?.containerDefinitions?.[1], {
      name: 'other', image: 'busybox', cpu: 0, memory: 32, portMappings: [], essential: false, environment: [], mountPoints: [], volumesFrom: [],
    })
    assert.deepEqual(td?.volumes, volumes)
    assert.deepEqual(td?.placementConstraints, [{ type: 'memberOf', expression: 'attribute:ecs.instance-type =~ t3.*' }])
    assert.equal(td?.pidMode, 'task')
    assert.equal(td?.networkMode, undefined, 'ECS leaves networkMode out when it was not given')
  })

  it('drops members its model does not know and nulls, rather than storing them', async () => {
    const body = JSON.stringify({
      family: 'raw',
      // Members newer than any model (a client from the future sends them): ignored, not stored.
      containerDefinitions: [{ name: 'a', image: 'i', memory: 64, hostname: null, memberFrom2030: { enabled: true } }],
      topLevelFrom2030: true,
    })
    const res = await rawEcs(t.router, 'RegisterTaskDefinition', body)
    assert.equal(res.status, 200)
    const td = res.json['taskDefinition'] as Record<string, unknown> & { containerDefinitions: Record<string, unknown>[] }
    assert.equal('topLevelFrom2030' in td, false)
    assert.equal('memberFrom2030' in td.containerDefinitions[0]!, false)
    assert.equal('hostname' in td.containerDefinitions[0]!, false)
  })
})

describe('listing task definitions and families', () => {
  let t: TestServer
  const register = (input: RegisterTaskDefinitionCommandInput) => t.ecs.send(new RegisterTaskDefinitionCommand(input))
  const listArns = async (input: ListTaskDefinitionsCommandInput) =>
    (await t.ecs.send(new ListTaskDefinitionsCommand(input))).taskDefinitionArns
  before(async () => {
    t = await startTestServer()
    for (const family of ['web', 'web', 'web', 'web-api', 'worker', 'gone']) await register(simple(family))
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'web:2' }))
    await t.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: 'gone:1' }))
  })
  after(() => t.close())

  it('lists ACTIVE definitions by family then revision, newest first with DESC', async () => {
    const asc = ['web:1', 'web:3', 'web-api:1', 'worker:1'].map((x) => ARN + x)
    assert.deepEqual(await listArns({}), asc)
    assert.deepEqual(await listArns({ sort: 'DESC' }), [...asc].reverse())
    assert.deepEqual(await listArns({ status: 'INACTIVE' }), [`${ARN}gone:1`, `${ARN}web:2`])
    // Only DeleteTaskDefinitions puts a revision in this state, and none was deleted here.
    assert.deepEqual(await listArns({ status: 'DELETE_IN_PROGRESS' }), [])
  })

  it('matches familyPrefix against the whole family name, as ECS does', async () => {
    assert.deepEqual(await listArns({ familyPrefix: 'web' }), [`${ARN}web:1`, `${ARN}web:3`])
    assert.deepEqual(await listArns({ familyPrefix: 'web', sort: 'DESC' }), [`${ARN}web:3`, `${ARN}web:1`])
    assert.deepEqual(await listArns({ familyPrefix: 'we' }), [])
  })

  it('pages both lists with maxResults and nextToken, in either order', async () => {
    for (const sort of ['ASC', 'DESC'] as const) {
      const all = await listArns({ sort })
      const paged: string[] = []
      let token: string | undefined
      let pages = 0
      do {
        const page = await t.ecs.send(new ListTaskDefinitionsCommand({ sort, maxResults: 2, nextToken: token }))
        assert.ok((page.taskDefinitionArns?.length ?? 0) <= 2)
        paged.push(...(page.taskDefinitionArns ?? []))
        token = page.nextToken
        pages++
      } while (token)
      assert.deepEqual(paged, all)
      assert.equal(pages, 2)
    }
    const first = await t.ecs.send(new ListTaskDefinitionFamiliesCommand({ status: 'ALL', maxResults: 3 }))
    assert.deepEqual(first.families, ['gone', 'web', 'web-api'])
    const second = await t.ecs.send(new ListTaskDefinitionFamiliesCommand({ status: 'ALL', maxResults: 3, nextToken: first.nextToken }))
    assert.deepEqual(second.families, ['worker'])
    assert.equal(second.nextToken, undefined)
  })

  it('lists families by prefix and status: a family is ACTIVE while any revision is', async () => {
    const families = async (input: ListTaskDefinitionFamiliesCommandInput) =>
      (await t.ecs.send(new ListTaskDefinitionFamiliesCommand(input))).families
    assert.deepEqual(await families({}), ['web', 'web-api', 'worker'])
    assert.deepEqual(await families({ familyPrefix: 'web' }), ['web', 'web-api'])
    assert.deepEqual(await families({ familyPrefix: 'w', status: 'INACTIVE' }), [])
    assert.deepEqual(await families({ status: 'INACTIVE' }), ['gone'])
    assert.deepEqual(await families({ status: 'ALL' }), ['gone', 'web', 'web-api', 'worker'])
  })

  it('refuses forged tokens and out-of-range page sizes', async () => {
    await assert.rejects(t.ecs.send(new ListTaskDefinitionsCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new ListTaskDefinitionFamiliesCommand({ nextToken: 'garbage' })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new ListTaskDefinitionsCommand({ maxResults: 0 })), { name: 'InvalidParameterException' })
    await assert.rejects(t.ecs.send(new ListTaskDefinitionFamiliesCommand({ maxResults: 101 })), { name: 'InvalidParameterException' })
  })
})
