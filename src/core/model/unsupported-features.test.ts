import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ServiceModel } from '../../api/shapes/model.js'
import { coversPath, leafPaths, memberPaths } from '../../testing/model-paths.js'
import ecsModel from '../aws-model/ecs.json' with { type: 'json' }
import type { ContainerDefinition, TaskDefinition } from '../aws-model/ecs.types.js'
import { describeUnsupportedFeatures, UNSUPPORTED_PATHS, unsupportedTaskDefinitionFeatures } from './unsupported-features.js'

const app = (over: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'app', image: 'nginx', memory: 64, ...over })
const td = (over: Partial<TaskDefinition> = {}): TaskDefinition => ({ family: 'f', containerDefinitions: [app()], ...over })

describe('unsupportedTaskDefinitionFeatures', () => {
  const rows: { why: string; td: TaskDefinition; want: string[] }[] = [
    { why: 'a plain definition runs', td: td(), want: [] },
    {
      why: 'what the agent applies runs: restart policy, health check, Docker volumes, awslogs, executionRoleArn',
      td: td({
        executionRoleArn: 'arn:aws:iam::1:role/x',
        volumes: [{ name: 'v', dockerVolumeConfiguration: { scope: 'task' } }, { name: 'h', host: { sourcePath: '/tmp' } }],
        containerDefinitions: [app({
          restartPolicy: { enabled: true },
          healthCheck: { command: ['CMD', 'true'] },
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' } },
        })],
      }),
      want: [],
    },
    { why: 'empty lists and false ask for nothing', td: td({ enableFaultInjection: false, containerDefinitions: [app({ secrets: [], environmentFiles: [] })] }), want: [] },
    {
      why: 'secrets, environment files and registry credentials are resolved from the task sources (task-sources.ts)',
      td: td({ containerDefinitions: [app({ secrets: [{ name: 'A', valueFrom: 'p' }], environmentFiles: [{ value: 'arn:aws:s3:::b/k.env', type: 's3' }], repositoryCredentials: { credentialsParameter: 'arn' } })] }),
      want: [],
    },
    { why: 'a GPU', td: td({ containerDefinitions: [app({ resourceRequirements: [{ type: 'GPU', value: '1' }] })] }), want: ['containerDefinitions[0].resourceRequirements (app)'] },
    {
      why: 'FireLens: the router and the driver that needs it',
      td: td({ containerDefinitions: [app({ name: 'router', firelensConfiguration: { type: 'fluentbit' } }), app({ logConfiguration: { logDriver: 'awsfirelens' } })] }),
      want: ['containerDefinitions[0].firelensConfiguration (router)', 'containerDefinitions[1].logConfiguration.logDriver (app)'],
    },
    { why: 'log driver secrets', td: td({ containerDefinitions: [app({ logConfiguration: { logDriver: 'splunk', secretOptions: [{ name: 'splunk-token', valueFrom: 'p' }] } })] }), want: ['containerDefinitions[0].logConfiguration.secretOptions (app)'] },
    { why: 'an awslogs multiline pattern is not applied', td: td({ containerDefinitions: [app({ logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-multiline-pattern': '^INFO' } } })] }), want: ['containerDefinitions[0].logConfiguration.options (app)'] },
    { why: 'a port range', td: td({ containerDefinitions: [app({ portMappings: [{ containerPort: 80 }, { containerPortRange: '8000-8010' }] })] }), want: ['containerDefinitions[0].portMappings[1].containerPortRange (app)'] },
    { why: 'gMSA credential specs', td: td({ containerDefinitions: [app({ credentialSpecs: ['credentialspecdomainless:arn'] })] }), want: ['containerDefinitions[0].credentialSpecs (app)'] },
    { why: 'a task role runs (its mapping is checked by requireTaskRole, core/task-roles.ts)', td: td({ taskRoleArn: 'arn:aws:iam::1:role/r' }), want: [] },
    { why: 'App Mesh', td: td({ proxyConfiguration: { containerName: 'envoy' } }), want: ['proxyConfiguration'] },
    { why: 'Elastic Inference', td: td({ inferenceAccelerators: [{ deviceName: 'd', deviceType: 'eia2.medium' }] }), want: ['inferenceAccelerators'] },
    { why: 'fault injection', td: td({ enableFaultInjection: true }), want: ['enableFaultInjection'] },
    { why: 'EFS is mounted', td: td({ volumes: [{ name: 'e', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', transitEncryption: 'ENABLED', authorizationConfig: { iam: 'ENABLED' } } }] }), want: [] },
    {
      why: 'an EFS access point, in definition order after the task members',
      td: td({ enableFaultInjection: true, volumes: [{ name: 'ok' }, { name: 'e', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', authorizationConfig: { accessPointId: 'fsap-1' } } }] }),
      want: ['enableFaultInjection', 'volumes[1].efsVolumeConfiguration.authorizationConfig.accessPointId'],
    },
    { why: 'FSx', td: td({ volumes: [{ name: 'x', fsxWindowsFileServerVolumeConfiguration: { fileSystemId: 'fs', rootDirectory: '/', authorizationConfig: { credentialsParameter: 'c', domain: 'd' } } }] }), want: ['volumes[0].fsxWindowsFileServerVolumeConfiguration'] },
    { why: 'S3 Files', td: td({ volumes: [{ name: 's', s3filesVolumeConfiguration: { fileSystemArn: 'arn' } }] }), want: ['volumes[0].s3filesVolumeConfiguration'] },
    { why: 'an EBS volume configured at launch', td: td({ volumes: [{ name: 'ebs', configuredAtLaunch: true }] }), want: ['volumes[0].configuredAtLaunch'] },
  ]
  for (const row of rows) {
    it(row.why, () => {
      const got = unsupportedTaskDefinitionFeatures(row.td).map((f) => (f.container ? `${f.path} (${f.container})` : f.path))
      assert.deepEqual(got, row.want)
    })
  }

  it('says what, where and why in one message', () => {
    const features = unsupportedTaskDefinitionFeatures(td({ containerDefinitions: [app({ name: 'side' }), app({ credentialSpecs: ['c'] })] }))
    assert.equal(
      describeUnsupportedFeatures(features),
      'Berth cannot run this task definition: containerDefinitions[1].credentialSpecs (container "app") is not supported yet: gMSA credential specs are not applied.',
    )
  })
})

/**
 * Every member of a task definition, a volume and a container definition is applied when a
 * task runs (listed here, with how), has no effect on a task Berth runs, or is refused above.
 * A member a newer model adds fails this until someone decides which.
 */
const APPLIED = {
  // placementConstraints: placement; requiresCompatibilities: checked at registration;
  // executionRoleArn: the agent makes no AWS call that needs it (awslogs ships to Berth);
  // ephemeralStorage and runtimePlatform: Fargate's, ignored on EC2 as ECS ignores them there.
  task: ['family', 'taskRoleArn', 'executionRoleArn', 'networkMode', 'containerDefinitions', 'volumes', 'placementConstraints', 'requiresCompatibilities',
    'cpu', 'memory', 'tags', 'pidMode', 'ipcMode', 'ephemeralStorage', 'runtimePlatform'],
  // efsVolumeConfiguration: engine/efs-volume.ts (but its accessPointId, refused).
  volume: ['name', 'host', 'dockerVolumeConfiguration', 'efsVolumeConfiguration.fileSystemId', 'efsVolumeConfiguration.rootDirectory',
    'efsVolumeConfiguration.transitEncryption', 'efsVolumeConfiguration.transitEncryptionPort', 'efsVolumeConfiguration.authorizationConfig.iam'],
  // portMappings name and appProtocol are Service Connect's; versionConsistency is how a
  // service deployment resolves image tags (services are not implemented yet).
  container: ['name', 'image', 'cpu', 'memory', 'memoryReservation', 'links', 'portMappings[].containerPort', 'portMappings[].hostPort',
    'portMappings[].protocol', 'portMappings[].name', 'portMappings[].appProtocol', 'essential', 'restartPolicy', 'entryPoint', 'command',
    'environment', 'mountPoints', 'volumesFrom', 'linuxParameters', 'dependsOn', 'startTimeout', 'stopTimeout', 'versionConsistency',
    'hostname', 'user', 'workingDirectory', 'disableNetworking', 'privileged', 'readonlyRootFilesystem', 'dnsServers', 'dnsSearchDomains',
    'extraHosts', 'dockerSecurityOptions', 'interactive', 'pseudoTerminal', 'dockerLabels', 'ulimits', 'logConfiguration.logDriver',
    'logConfiguration.options', 'healthCheck', 'systemControls',
    // Resolved by the server from its task sources (core/model/task-sources.ts).
    'secrets', 'environmentFiles', 'repositoryCredentials'],
}

describe('every task definition member is applied or refused where the task runs', () => {
  const model = ecsModel as unknown as ServiceModel
  const cases = [
    { what: 'task', shape: 'RegisterTaskDefinitionRequest', applied: APPLIED.task, refused: UNSUPPORTED_PATHS.task },
    { what: 'volume', shape: 'Volume', applied: APPLIED.volume, refused: UNSUPPORTED_PATHS.volume },
    { what: 'container', shape: 'ContainerDefinition', applied: APPLIED.container, refused: UNSUPPORTED_PATHS.container },
  ]
  for (const c of cases) {
    it(c.what, () => {
      const paths = memberPaths(model, c.shape).filter((p) => c.what !== 'task' || !/^(containerDefinitions|volumes)\[\]/.test(p))
      for (const p of [...c.applied, ...c.refused]) assert.ok(paths.includes(p), `${c.shape} has no member ${p}`)
      const neither = leafPaths(paths).filter((p) => ![...c.applied, ...c.refused].some((x) => coversPath(x, p)))
      assert.deepEqual(neither, [], `${c.shape}: neither applied nor refused where the task runs`)
    })
  }
})
