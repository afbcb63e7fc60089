import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition, TaskDefinition, TaskOverride } from '../../core/aws-model/ecs.types.js'
import { mockDesiredTask, taskArnOf } from '../../testing/desired-task.js'
import { HOLDER_NAME } from './labels.js'
import { PAUSE_IMAGE } from './pause-image.js'
import type { PlanSettings, TaskPlan } from './plan.js'
import { planTask } from './task-plan.js'

const INSTANCE = 'arn:aws:ecs:us-east-1:000000000000:container-instance/default/1111'
const settings: PlanSettings = { containerInstanceArn: INSTANCE, bindIp: '127.0.0.2', allowPrivileged: false, defaultStopTimeoutMs: 30_000 }
const nameOf = (n: string) => `ecs-web-1-${n.replace(/[^A-Za-z0-9-]/g, '')}-hex`

function plan(containers: ContainerDefinition[], td: Partial<TaskDefinition> = {}, overrides: TaskOverride = {}, s: Partial<PlanSettings> = {}): TaskPlan {
  const r = planTask(mockDesiredTask({ containers, taskDefinition: td, overrides }), { ...settings, ...s }, nameOf)
  if (!r.ok) throw new Error(r.reason)
  return r.plan
}
const refusal = (containers: ContainerDefinition[], td: Partial<TaskDefinition> = {}, s: Partial<PlanSettings> = {}) => {
  const r = planTask(mockDesiredTask({ containers, taskDefinition: td }), { ...settings, ...s }, nameOf)
  return r.ok ? undefined : r.reason
}
const spec = (def: Partial<ContainerDefinition>, td: Partial<TaskDefinition> = {}, overrides: TaskOverride = {}) =>
  plan([{ name: 'app', image: 'app:1', ...def }], td, overrides).containers.find((c) => c.name === 'app')?.spec
const app = (more: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name: 'app', image: 'app:1', ...more })

describe('container spec: one container definition → ContainerSpec', () => {
  const rows: { why: string; def: Partial<ContainerDefinition>; td?: Partial<TaskDefinition>; overrides?: TaskOverride; want: Record<string, unknown> }[] = [
    { why: 'image, command and entry point as given', def: { command: ['serve'], entryPoint: ['/bin/app'] }, want: { image: 'app:1', cmd: ['serve'], entrypoint: ['/bin/app'] } },
    { why: 'the override command wins', def: { command: ['serve'] }, overrides: { containerOverrides: [{ name: 'app', command: ['migrate'] }] }, want: { cmd: ['migrate'] } },
    {
      why: 'environment merges, the override winning per name',
      def: { environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
      overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'B', value: 'over' }, { name: 'C', value: '3' }] }] },
      want: { env: { AWS_EXECUTION_ENV: 'AWS_ECS_EC2', AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1', A: '1', B: 'over', C: '3' } },
    },
    { why: 'cpu → CPU shares', def: { cpu: 512 }, want: { cpuShares: 512 } },
    { why: 'no cpu → 2 shares, as ECS agents ≥ 1.2.0 pass it', def: {}, want: { cpuShares: 2 } },
    { why: 'cpu 1 → 2 (the kernel minimum)', def: { cpu: 1 }, want: { cpuShares: 2 } },
    { why: 'the override cpu wins', def: { cpu: 256 }, overrides: { containerOverrides: [{ name: 'app', cpu: 1024 }] }, want: { cpuShares: 1024 } },
    { why: 'memory hard, memoryReservation soft', def: { memory: 256, memoryReservation: 128 }, want: { memoryMiB: 256, memoryReservationMiB: 128 } },
    { why: 'override memory values win', def: { memory: 256, memoryReservation: 128 }, overrides: { containerOverrides: [{ name: 'app', memory: 512, memoryReservation: 64 }] }, want: { memoryMiB: 512, memoryReservationMiB: 64 } },
    { why: 'no container memory: the task memory is its hard limit', def: { memoryReservation: 64 }, td: { memory: '1 GB' }, want: { memoryMiB: 1024, memoryReservationMiB: 64 } },
    { why: 'the task memory override counts too', def: {}, td: { memory: '512' }, overrides: { memory: '768' }, want: { memoryMiB: 768 } },
    {
      why: 'ports: static on bindIp, absent or 0 → dynamic, udp kept',
      def: { portMappings: [{ containerPort: 5000, hostPort: 8080 }, { containerPort: 5001 }, { containerPort: 53, hostPort: 0, protocol: 'udp' }] },
      want: {
        networkMode: 'bridge',
        ports: [
          { containerPort: 5000, hostPort: 8080, protocol: 'tcp', hostIp: '127.0.0.2' },
          { containerPort: 5001, hostPort: 0, protocol: 'tcp', hostIp: '127.0.0.2' },
          { containerPort: 53, hostPort: 0, protocol: 'udp', hostIp: '127.0.0.2' },
        ],
      },
    },
    {
      why: 'health check: seconds → ms, ECS defaults (30, 5, 3, 0) filled in',
      def: { healthCheck: { command: ['CMD-SHELL', 'true'] } },
      want: { healthCheck: { test: ['CMD-SHELL', 'true'], intervalMs: 30_000, timeoutMs: 5_000, retries: 3, startPeriodMs: 0 } },
    },
    {
      why: 'health check values given',
      def: { healthCheck: { command: ['CMD', 'x'], interval: 5, timeout: 2, retries: 1, startPeriod: 10 } },
      want: { healthCheck: { test: ['CMD', 'x'], intervalMs: 5_000, timeoutMs: 2_000, retries: 1, startPeriodMs: 10_000 } },
    },
    {
      why: 'process settings',
      def: { user: '1000:1000', workingDirectory: '/srv', hostname: 'web', readonlyRootFilesystem: true, interactive: true, pseudoTerminal: true, disableNetworking: true },
      want: { user: '1000:1000', workingDir: '/srv', hostname: 'web', readonlyRootfs: true, interactive: true, pseudoTerminal: true, disableNetworking: true },
    },
    {
      why: 'linuxParameters: capabilities, devices, init, shm, tmpfs, swap',
      def: {
        linuxParameters: {
          capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] },
          devices: [{ hostPath: '/dev/fuse', permissions: ['read'] }],
          initProcessEnabled: true,
          sharedMemorySize: 64,
          tmpfs: [{ containerPath: '/scratch', size: 8, mountOptions: ['noexec'] }],
          maxSwap: 128,
          swappiness: 10,
        },
      },
      want: {
        capAdd: ['NET_ADMIN'],
        capDrop: ['MKNOD'],
        devices: [{ hostPath: '/dev/fuse', permissions: ['read'] }],
        init: true,
        sharedMemoryMiB: 64,
        tmpfs: [{ containerPath: '/scratch', sizeMiB: 8, mountOptions: ['noexec'] }],
        maxSwapMiB: 128,
        swappiness: 10,
      },
    },
    {
      why: 'DNS, hosts, security options, sysctls, ulimits',
      def: {
        dnsServers: ['10.0.0.2'],
        dnsSearchDomains: ['svc.local'],
        extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
        dockerSecurityOptions: ['no-new-privileges'],
        systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
        ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }],
      },
      want: {
        dnsServers: ['10.0.0.2'],
        dnsSearchDomains: ['svc.local'],
        extraHosts: [{ hostname: 'db', ipAddress: '10.0.0.5' }],
        securityOpt: ['no-new-privileges'],
        sysctls: { 'net.core.somaxconn': '1024' },
        ulimits: [{ name: 'nofile', soft: 1024, hard: 4096 }],
      },
    },
    { why: "the container's stopTimeout, also for the engine's own stops", def: { stopTimeout: 5 }, want: { stopTimeoutSeconds: 5 } },
    { why: "no stopTimeout: the agent's default", def: {}, want: { stopTimeoutSeconds: 30 } },
    { why: 'awslogs: json-file, the agent ships the lines itself', def: { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g' } } }, want: { logging: { driver: 'json-file' } } },
    { why: 'other log drivers pass through', def: { logConfiguration: { logDriver: 'syslog', options: { tag: 'x' } } }, want: { logging: { driver: 'syslog', options: { tag: 'x' } } } },
    { why: 'host network: nothing published', def: { portMappings: [{ containerPort: 80 }] }, td: { networkMode: 'host' }, want: { networkMode: 'host', ports: undefined } },
    { why: 'no network', def: { portMappings: [{ containerPort: 80 }] }, td: { networkMode: 'none' }, want: { networkMode: 'none', ports: undefined } },
    { why: 'pidMode/ipcMode host', def: {}, td: { pidMode: 'host', ipcMode: 'host' }, want: { pidMode: 'host', ipcMode: 'host' } },
    { why: 'the engine name and the image', def: {}, want: { name: 'ecs-web-1-app-hex', image: 'app:1' } },
  ]
  for (const r of rows) {
    it(r.why, () => {
      const got = spec(r.def, r.td, r.overrides) as unknown as Record<string, unknown>
      for (const [k, v] of Object.entries(r.want)) assert.deepEqual(got[k], v, k)
    })
  }

  it("ECS's variables: the compute option and the task's region; a definition's own value wins", () => {
    const envOf = (def: Partial<ContainerDefinition>, launchType?: 'EC2' | 'FARGATE') => {
      const r = planTask({ ...mockDesiredTask({ containers: [app(def)] }), ...(launchType ? { launchType } : {}) }, settings, nameOf)
      assert.ok(r.ok)
      return r.plan.containers.find((c) => c.name === 'app')!.spec.env ?? {}
    }
    assert.deepEqual(envOf({}), { AWS_EXECUTION_ENV: 'AWS_ECS_EC2', AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1' })
    assert.equal(envOf({}, 'FARGATE')['AWS_EXECUTION_ENV'], 'AWS_ECS_FARGATE')
    assert.equal(envOf({ environment: [{ name: 'AWS_REGION', value: 'eu-west-1' }] })['AWS_REGION'], 'eu-west-1')
  })

  it('labels: dockerLabels plus the ECS identity labels, which win', () => {
    const labels = spec({ dockerLabels: { team: 'a', 'com.amazonaws.ecs.cluster': 'spoofed' } })?.labels
    assert.deepEqual(labels, {
      team: 'a',
      'com.amazonaws.ecs.task-arn': taskArnOf('1'),
      'com.amazonaws.ecs.container-name': 'app',
      'com.amazonaws.ecs.cluster': 'default',
      'com.amazonaws.ecs.task-definition-family': 'web',
      'com.amazonaws.ecs.task-definition-version': '1',
      'com.berth.container-instance-arn': INSTANCE,
      'com.berth.essential': 'true',
    })
  })

  it('privileged only where allowed; elsewhere the task cannot start, saying why', () => {
    assert.match(refusal([app({ privileged: true })]) ?? '', /^CannotCreateContainerError: container 'app' asks for privileged mode.*BERTH_ALLOW_PRIVILEGED/)
    assert.equal(plan([app({ privileged: true })], {}, {}, { allowPrivileged: true }).containers[0]?.spec.privileged, true)
  })
})

describe('task plan: siblings, volumes, order', () => {
  it('links (bridge) and volumesFrom name siblings by their engine names, and order the siblings', () => {
    const p = plan([app({ links: ['db:database'], volumesFrom: [{ sourceContainer: 'data', readOnly: true }] }), { name: 'db', image: 'db:1' }, { name: 'data', image: 'data:1', essential: false }])
    const a = p.containers[0]
    assert.deepEqual(a?.spec.links, [{ container: 'ecs-web-1-db-hex', alias: 'database' }])
    assert.deepEqual(a?.spec.volumesFrom, [{ container: 'ecs-web-1-data-hex', readOnly: true }])
    assert.deepEqual([a?.needsCreated, a?.needsRunning], [['data', 'db'], ['db']])
    assert.deepEqual(p.containers.map((c) => c.essential), [true, true, false])
  })

  it('refuses what cannot run: a link outside bridge, an unknown sibling, an unknown volume, EFS nowhere configured', () => {
    assert.match(refusal([app({ links: ['db'] }), { name: 'db', image: 'd' }], { networkMode: 'awsvpc' }) ?? '', /links, which only the bridge network mode supports/)
    assert.match(refusal([app({ links: ['ghost'] })]) ?? '', /links to 'ghost', which is not in the task/)
    assert.match(refusal([app({ dependsOn: [{ containerName: 'ghost', condition: 'START' }] })]) ?? '', /depends on 'ghost'/)
    assert.match(refusal([app({ mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })]) ?? '', /mounts volume 'nope', which the task definition does not define/)
    assert.match(refusal([app({ mountPoints: [{ sourceVolume: 'efs', containerPath: '/x' }] })], { volumes: [{ name: 'efs', efsVolumeConfiguration: { fileSystemId: 'fs-12345678' } }] }) ?? '', /^ResourceInitializationError: .*fs-12345678 is not configured on this container instance/)
  })

  it('volumes: host paths bind; task-scoped and empty volumes are per task; shared ones keep their name', () => {
    const p = plan(
      [app({ mountPoints: ['host', 'scoped', 'empty', 'shared', 'existing'].map((v) => ({ sourceVolume: v, containerPath: `/${v}`, readOnly: v === 'host' })) })],
      {
        volumes: [
          { name: 'host', host: { sourcePath: '/srv/data' } },
          { name: 'scoped', dockerVolumeConfiguration: { scope: 'task', driver: 'local', driverOpts: { type: 'tmpfs', device: 'tmpfs' }, labels: { a: 'b' } } },
          { name: 'empty' },
          { name: 'shared', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
          { name: 'existing', dockerVolumeConfiguration: { scope: 'shared' } },
        ],
      },
    )
    const id = '1'.padStart(32, '0')
    assert.deepEqual(p.containers[0]?.spec.mounts, [
      { kind: 'bind', source: '/srv/data', target: '/host', readOnly: true },
      { kind: 'volume', source: `ecs-web-1-scoped-${id}`, target: '/scoped', readOnly: false },
      { kind: 'volume', source: `ecs-web-1-empty-${id}`, target: '/empty', readOnly: false },
      { kind: 'volume', source: 'shared', target: '/shared', readOnly: false },
      { kind: 'volume', source: 'existing', target: '/existing', readOnly: false },
    ])
    assert.deepEqual(
      p.volumes.map((v) => [v.lifecycle, v.spec.name, v.spec.driver, v.spec.labels['a'], v.spec.labels['com.amazonaws.ecs.task-arn']]),
      [
        ['task', `ecs-web-1-scoped-${id}`, 'local', 'b', taskArnOf('1')],
        ['task', `ecs-web-1-empty-${id}`, undefined, undefined, taskArnOf('1')],
        ['shared-autoprovision', 'shared', undefined, undefined, undefined],
        ['shared-existing', 'existing', undefined, undefined, undefined],
      ],
    )
    assert.deepEqual(p.volumes[0]?.spec.driverOpts, { type: 'tmpfs', device: 'tmpfs' })
  })

  it('dependsOn, startTimeout and stopTimeout carry over in ms', () => {
    const p = plan([app({ dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }], startTimeout: 10, stopTimeout: 3 }), { name: 'init', image: 'i', essential: false }])
    const a = p.containers[0]
    assert.deepEqual([a?.dependsOn, a?.startTimeoutMs, a?.stopTimeoutMs], [[{ containerName: 'init', condition: 'SUCCESS' }], 10_000, 3_000])
    assert.equal(p.containers[1]?.stopTimeoutMs, 30_000)
  })

  it('host networking reports its bindings from the definition', () => {
    const a = plan([app({ portMappings: [{ containerPort: 8080 }] })], { networkMode: 'host' }).containers[0]
    assert.deepEqual(a?.staticBindings, [{ bindIP: '0.0.0.0', containerPort: 8080, hostPort: 8080, protocol: 'tcp' }])
  })

  it('awsvpc: a holder first on the bridge, holding DNS and hostname and publishing nothing; the containers join its network', () => {
    const p = plan(
      [
        app({ portMappings: [{ containerPort: 5000, hostPort: 5000 }], hostname: 'web', dnsServers: ['10.0.0.2'], systemControls: [{ namespace: 'net.ipv4.ip_forward', value: '1' }, { namespace: 'kernel.msgmax', value: '65536' }] }),
        { name: 'side', image: 'side:1', portMappings: [{ containerPort: 9000, protocol: 'udp' }], dnsServers: ['10.0.0.2'] },
      ],
      { networkMode: 'awsvpc' },
    )
    const [holder, a, side] = p.containers
    assert.equal(holder?.name, HOLDER_NAME)
    assert.deepEqual([holder?.internal, holder?.essential, holder?.holdsTaskNetwork, holder?.spec.image, holder?.spec.name, holder?.spec.networkMode], [true, true, true, PAUSE_IMAGE, 'ecs-web-1-internalecspause-hex', 'bridge'])
    assert.equal(holder?.spec.ports, undefined, 'the task\'s address serves its ports: nothing is published on the host')
    assert.deepEqual([holder?.spec.hostname, holder?.spec.dnsServers, holder?.spec.sysctls], ['web', ['10.0.0.2'], { 'net.ipv4.ip_forward': '1' }])
    assert.equal(holder?.spec.labels['com.amazonaws.ecs.container-name'], HOLDER_NAME)
    assert.deepEqual([a?.spec.networkMode, a?.spec.ports, a?.spec.hostname, a?.spec.dnsServers, a?.spec.sysctls], ['container:ecs-web-1-internalecspause-hex', undefined, undefined, undefined, { 'kernel.msgmax': '65536' }])
    assert.deepEqual([a?.needsCreated, a?.needsRunning, a?.staticBindings], [[HOLDER_NAME], [HOLDER_NAME], undefined])
    assert.deepEqual([side?.spec.networkMode, side?.spec.ports], ['container:ecs-web-1-internalecspause-hex', undefined])
  })

  it('pidMode/ipcMode task share the holder’s namespaces, on the bridge network', () => {
    const p = plan([app({ portMappings: [{ containerPort: 80 }] })], { pidMode: 'task', ipcMode: 'task' })
    const [holder, a] = p.containers
    assert.deepEqual([holder?.spec.networkMode, holder?.spec.ipcMode, holder?.spec.ports, holder?.holdsTaskNetwork], ['none', 'shareable', undefined, undefined])
    assert.deepEqual([a?.spec.networkMode, a?.spec.pidMode, a?.spec.ipcMode, a?.spec.ports?.length], ['bridge', 'container:ecs-web-1-internalecspause-hex', 'container:ecs-web-1-internalecspause-hex', 1])
  })
})
