import { seedTargetGroup } from '../../../testing/elb-fixtures.js'
import assert from 'node:assert/strict'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { awsCli, awsCliEnv, awsCliMissing, startTestServer, type TestServer } from '../../../testing/server.js'

const ACCOUNT = 'arn:aws:ecs:us-east-1:000000000000'
const TG = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/target01/03f4ca3155c8db4a'

interface CliService {
  serviceArn: string
  status: string
  roleArn?: string
  taskDefinition: string
  loadBalancers: unknown[]
  deploymentConfiguration: { maximumPercent: number; minimumHealthyPercent: number }
  deployments: { id: string; status: string }[]
}

/**
 * The services walk-through of the seed (a blog post's aws CLI session: create-service from a
 * --cli-input-json file with a load balancer, a role name and a deployment configuration;
 * update-service naming the service by its old short ARN), on Debian's aws CLI v2 2.9.19. The
 * cluster has no container instance: no task ever starts, so deleting is immediate.
 */
describe('services through the aws CLI v2', { skip: awsCliMissing }, () => {
  let t: TestServer
  let dir: string
  const cli = (...args: string[]) => awsCli(t.endpoint, ['ecs', ...args])
  const file = (name: string, body: unknown) => {
    const path = join(dir, name)
    writeFileSync(path, JSON.stringify(body))
    return `file://${path}`
  }
  before(async () => {
    t = await startTestServer()
    await seedTargetGroup(t.store, TG)
    dir = mkdtempSync(join(tmpdir(), 'berth-cli-'))
    assert.equal((await cli('create-cluster', '--cluster-name', 'cluster01')).code, 0)
    const task = {
      containerDefinitions: [{ cpu: 300, essential: true, image: 'laszlocph/spring-boot-dummy:exposed', memory: 300, name: 'boot', portMappings: [{ containerPort: 8080, hostPort: 8080 }] }],
      family: 'boot',
      volumes: [],
    }
    for (let i = 0; i < 2; i++) assert.equal((await cli('register-task-definition', '--cli-input-json', file('boot-task.json', task))).code, 0)
  })
  after(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates, describes, lists, updates by short ARN, deletes with --force and waits for services-inactive', async () => {
    const service = {
      cluster: 'cluster01',
      serviceName: 'boot',
      taskDefinition: 'boot:1',
      loadBalancers: [{ targetGroupArn: TG, containerName: 'boot', containerPort: 8080 }],
      desiredCount: 2,
      clientToken: '11yzFkCnk6FD8QBtBIYN8GBSqpOYieIk',
      role: 'ecsServiceRole',
      deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 50 },
    }
    const created = await cli('create-service', '--cli-input-json', file('boot-service.json', service))
    assert.equal(created.code, 0, created.stderr)
    const s = (created.json as { service: CliService }).service
    assert.equal(s.serviceArn, `${ACCOUNT}:service/cluster01/boot`)
    assert.equal(s.roleArn, 'arn:aws:iam::000000000000:role/ecsServiceRole')
    assert.deepEqual(s.loadBalancers, service.loadBalancers)
    assert.equal(s.deploymentConfiguration.maximumPercent, 200)
    assert.equal(s.deploymentConfiguration.minimumHealthyPercent, 50)

    const again = await cli('create-service', '--cli-input-json', file('boot-service.json', service))
    assert.equal(again.code, 0, 'the same request with the same clientToken is idempotent')

    const described = await cli('describe-services', '--cluster', 'cluster01', '--services', 'boot', 'ghost')
    const body = described.json as { services: CliService[]; failures: { arn: string; reason: string }[] }
    assert.equal(body.services[0]?.status, 'ACTIVE')
    assert.deepEqual(body.failures, [{ arn: `${ACCOUNT}:service/cluster01/ghost`, reason: 'MISSING' }])

    const listed = await cli('list-services', '--cluster', 'cluster01')
    assert.deepEqual(listed.json, { serviceArns: [s.serviceArn] })

    const updated = await cli('update-service', '--cluster', 'cluster01', '--service', `${ACCOUNT}:service/boot`, '--task-definition', 'boot:2')
    assert.equal(updated.code, 0, updated.stderr)
    const u = (updated.json as { service: CliService }).service
    assert.equal(u.taskDefinition, `${ACCOUNT}:task-definition/boot:2`)
    assert.deepEqual(u.deployments.map((d) => d.status), ['PRIMARY', 'ACTIVE'])

    const deleted = await cli('delete-service', '--cluster', 'cluster01', '--service', 'boot', '--force')
    assert.equal(deleted.code, 0, deleted.stderr)
    const waited = await cli('wait', 'services-inactive', '--cluster', 'cluster01', '--services', 'boot')
    assert.equal(waited.code, 0, waited.stderr)
  })

  it('prints ECS errors as the CLI does and exits 254', async () => {
    const res = await cli('update-service', '--cluster', 'cluster01', '--service', 'ghost', '--desired-count', '1')
    assert.equal(res.code, 254)
    assert.match(res.stderr, /An error occurred \(ServiceNotFoundException\) when calling the UpdateService operation: Service not found\./)
    const scaled = await cli('create-service', '--cluster', 'cluster01', '--service-name', 'up', '--task-definition', 'boot', '--desired-count', '1')
    assert.equal(scaled.code, 0, scaled.stderr)
    const refused = await cli('delete-service', '--cluster', 'cluster01', '--service', 'up')
    assert.match(refused.stderr, /\(InvalidParameterException\) when calling the DeleteService operation: The service cannot be stopped while it is scaled above 0\./)
  })
})

/** The python3 on PATH, when it has boto3 (the machine's pyenv has 1.43.11; Debian's python3 has none). */
const botoMissing = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0 ? false : 'python3 with boto3 is not on PATH'

/**
 * The 2025 service-deployment operations are newer than the CLI's model, so a second client
 * drives them: boto3 on botocore 1.43.11, the model Berth's was extracted from.
 */
describe('service deployments through boto3', { skip: botoMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  it('lists and describes service deployments and revisions, and gets ConflictException from StopServiceDeployment', async () => {
    const script = `
import boto3, json, sys
ecs = boto3.client('ecs', endpoint_url=sys.argv[1])
ecs.create_cluster(clusterName='py')
ecs.register_task_definition(family='py', containerDefinitions=[{'name': 'app', 'image': 'busybox', 'memory': 64}])
svc = ecs.create_service(cluster='py', serviceName='app', taskDefinition='py', desiredCount=1)['service']
deps = ecs.list_service_deployments(cluster='py', service='app')['serviceDeployments']
described = ecs.describe_service_deployments(serviceDeploymentArns=[deps[0]['serviceDeploymentArn']])['serviceDeployments'][0]
revision = ecs.describe_service_revisions(serviceRevisionArns=[described['targetServiceRevision']['arn']])['serviceRevisions'][0]
try:
    ecs.stop_service_deployment(serviceDeploymentArn=deps[0]['serviceDeploymentArn'], stopType='ROLLBACK')
    error = None
except ecs.exceptions.ConflictException as e:
    error = e.response['Error']['Code']
print(json.dumps({'current': svc['currentServiceDeployment'], 'listed': deps[0]['serviceDeploymentArn'],
                  'status': described['status'], 'breaker': described['deploymentCircuitBreaker'],
                  'images': revision['containerImages'], 'error': error}))
`
    const { stdout } = await promisify(execFile)('python3', ['-c', script, t.endpoint], { env: awsCliEnv() })
    const out = JSON.parse(stdout) as Record<string, unknown>
    assert.equal(out['listed'], out['current'])
    assert.ok(['PENDING', 'IN_PROGRESS'].includes(out['status'] as string), String(out['status']))
    assert.deepEqual(out['breaker'], { status: 'DISABLED', failureCount: 0, threshold: 3 })
    assert.deepEqual(out['images'], [{ containerName: 'app', image: 'busybox' }])
    assert.equal(out['error'], 'ConflictException')
  })
})
