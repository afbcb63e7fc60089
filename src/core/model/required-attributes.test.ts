import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { TaskDefinition } from '../aws-model/ecs.types.js'
import { requiredAttributes } from './required-attributes.js'

/**
 * Each row is a task definition as registered and the requiresAttributes real ECS answered
 * for it (order aside: ECS's own order varies). Sources: DescribeTaskDefinition output
 * published with its input in public write-ups and test fixtures.
 */
const API = 'com.amazonaws.ecs.capability.docker-remote-api.'
const AWSLOGS = { logDriver: 'awslogs' as const, options: { 'awslogs-group': '/ecs/x', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' } }
const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1'
const EXEC_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole'

const ROWS: { why: string; td: TaskDefinition; want: string[] }[] = [
  {
    why: 'a bare bridge definition (the seed article) needs nothing',
    td: { family: 'boot', containerDefinitions: [{ name: 'boot', image: 'laszlocph/spring-boot-dummy:exposed', cpu: 300, memory: 300, portMappings: [{ containerPort: 8080, hostPort: 8080 }] }] },
    want: [],
  },
  {
    why: 'self-hosted GitHub runner (bridge): awslogs, privileged, private registry, SSM secret, soft memory, roles',
    td: {
      family: 'gha',
      executionRoleArn: EXEC_ROLE,
      taskRoleArn: 'arn:aws:iam::123456789012:role/gha-taskrole',
      requiresCompatibilities: ['EC2'],
      volumes: [{ name: 'docker', host: { sourcePath: '/var/run/docker.sock' } }],
      containerDefinitions: [
        {
          name: 'runner-1',
          image: 'myoung34/github-runner:latest',
          memoryReservation: 500,
          privileged: true,
          readonlyRootFilesystem: false,
          repositoryCredentials: { credentialsParameter: 'msyea/docker-hub' },
          secrets: [{ name: 'ACCESS_TOKEN', valueFrom: '/msyea/gha-pat' }],
          mountPoints: [{ containerPath: '/var/run/docker.sock', sourceVolume: 'docker' }],
          logConfiguration: AWSLOGS,
        },
      ],
    },
    want: [
      'com.amazonaws.ecs.capability.logging-driver.awslogs',
      'ecs.capability.execution-role-awslogs',
      `${API}1.19`,
      'com.amazonaws.ecs.capability.privileged-container',
      'ecs.capability.private-registry-authentication.secretsmanager',
      `${API}1.21`,
      'com.amazonaws.ecs.capability.task-iam-role',
      'ecs.capability.secrets.ssm.environment-variables',
    ],
  },
  {
    why: 'Kong on Fargate: public ECR needs no auth; health check; awsvpc',
    td: {
      family: 'pirate-kong',
      executionRoleArn: EXEC_ROLE,
      networkMode: 'awsvpc',
      cpu: '1024',
      memory: '2048',
      containerDefinitions: [
        {
          name: 'pirate-kong',
          image: 'public.ecr.aws/j9v4j3c7/pirate-kong:latest',
          cpu: 0,
          portMappings: [{ name: 'pirate-kong-8000-tcp', containerPort: 8000, hostPort: 8000, protocol: 'tcp', appProtocol: 'http' }],
          logConfiguration: { ...AWSLOGS, options: { ...AWSLOGS.options, 'awslogs-create-group': 'true' }, secretOptions: [] },
          healthCheck: { command: ['CMD-SHELL', 'kong health'], interval: 30, timeout: 5, retries: 3, startPeriod: 120 },
        },
      ],
    },
    want: [
      'com.amazonaws.ecs.capability.logging-driver.awslogs',
      'ecs.capability.execution-role-awslogs',
      `${API}1.19`,
      'ecs.capability.container-health-check',
      `${API}1.18`,
      'ecs.capability.task-eni',
      `${API}1.29`,
    ],
  },
  {
    why: 'private ECR image with non-blocking awslogs (mode, max-buffer-size) on awsvpc',
    td: {
      family: 'server01',
      executionRoleArn: EXEC_ROLE,
      networkMode: 'awsvpc',
      containerDefinitions: [
        { name: 's', image: ECR, cpu: 0, logConfiguration: { ...AWSLOGS, options: { ...AWSLOGS.options, mode: 'non-blocking', 'max-buffer-size': '25m' } } },
      ],
    },
    want: [
      'com.amazonaws.ecs.capability.logging-driver.awslogs',
      'ecs.capability.execution-role-awslogs',
      'com.amazonaws.ecs.capability.ecr-auth',
      `${API}1.19`,
      `${API}1.28`,
      'ecs.capability.execution-role-ecr-pull',
      `${API}1.18`,
      'ecs.capability.task-eni',
      `${API}1.29`,
    ],
  },
  {
    why: 'Nx cloud (bridge): a local Docker volume needs the plugin and API 1.25',
    td: {
      family: 'deploy-nx-cloud',
      requiresCompatibilities: ['EC2'],
      volumes: [{ name: 'data', dockerVolumeConfiguration: { autoprovision: true, scope: 'shared', driver: 'local' } }],
      containerDefinitions: [{ name: 'PrivateCloud', image: 'nrwl/nx-cloud-aio', memory: 1024, logConfiguration: AWSLOGS, mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] }],
    },
    want: ['com.amazonaws.ecs.capability.logging-driver.awslogs', `${API}1.19`, 'ecs.capability.docker-plugin.local', `${API}1.25`],
  },
  {
    why: 'App Mesh (awsvpc, EC2): envoy from ECR, user, health check, dependsOn, pid/ipc modes, proxy',
    td: {
      family: 'ecsorbtest1',
      networkMode: 'awsvpc',
      pidMode: 'task',
      ipcMode: 'host',
      proxyConfiguration: { type: 'APPMESH', containerName: 'envoy', properties: [{ name: 'ProxyIngressPort', value: '15000' }] },
      containerDefinitions: [
        { name: 'sleep', image: 'busybox', cpu: 10, memory: 10, command: ['sleep', '360'], dependsOn: [{ containerName: 'envoy', condition: 'HEALTHY' }] },
        { name: 'envoy', image: ECR, cpu: 10, memory: 10, user: '1337', healthCheck: { command: ['echo test'], interval: 5, timeout: 2, retries: 3, startPeriod: 10 } },
      ],
    },
    want: [
      'com.amazonaws.ecs.capability.ecr-auth',
      'ecs.capability.pid-ipc-namespace-sharing',
      `${API}1.17`,
      'ecs.capability.aws-appmesh',
      'ecs.capability.container-ordering',
      'ecs.capability.container-health-check',
      `${API}1.18`,
      'ecs.capability.task-eni',
      `${API}1.29`,
    ],
  },
  {
    why: 'OpenSearch service: task role, soft memory, empty ulimits add nothing',
    td: {
      family: 'opensearch-rag-services',
      taskRoleArn: 'arn:aws:iam::123456789012:role/ecs_opensearch_rag',
      executionRoleArn: EXEC_ROLE,
      networkMode: 'awsvpc',
      requiresCompatibilities: [],
      containerDefinitions: [
        {
          name: 'opensearch-rag-service',
          image: ECR,
          cpu: 1024,
          memory: 3072,
          memoryReservation: 1024,
          ulimits: [],
          systemControls: [],
          environmentFiles: [],
          logConfiguration: { ...AWSLOGS, options: { ...AWSLOGS.options, mode: 'non-blocking' }, secretOptions: [] },
        },
      ],
    },
    want: [
      'com.amazonaws.ecs.capability.logging-driver.awslogs',
      'ecs.capability.execution-role-awslogs',
      'com.amazonaws.ecs.capability.ecr-auth',
      `${API}1.19`,
      `${API}1.28`,
      `${API}1.21`,
      'com.amazonaws.ecs.capability.task-iam-role',
      'ecs.capability.execution-role-ecr-pull',
      `${API}1.18`,
      'ecs.capability.task-eni',
      `${API}1.29`,
    ],
  },
]

describe('requiredAttributes matches what ECS answered', () => {
  for (const { why, td, want } of ROWS) {
    it(why, () => {
      const got = requiredAttributes(td)
      assert.deepEqual(got.map((a) => a.name).sort(), [...want].sort())
      assert.ok(got.every((a) => Object.keys(a).length === 1), 'ECS lists names only')
    })
  }
})
