/**
 * Builders for placement tests and the placement bench (Nomad's mock.Node): a plausible
 * instance or demand with overrides. Never imported by production code.
 */
import type { CandidateInstance, TaskDemand } from './types.js'

export interface MockInstanceOptions extends Partial<CandidateInstance> {
  az?: string
  instanceType?: string
  /** Extra attributes by name (a value of '' is a name-only attribute). */
  extra?: Record<string, string>
}

/** An ACTIVE t3.medium in us-east-1a with a connected agent, nothing running, 2 vCPU, 3955 MiB. */
export function mockInstance(id: string, o: MockInstanceOptions = {}): CandidateInstance {
  const { az = 'us-east-1a', instanceType = 't3.medium', extra = {}, ...overrides } = o
  return {
    arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/default/${id}`,
    id,
    ec2InstanceId: `i-${id}`,
    status: 'ACTIVE',
    agentConnected: true,
    agentVersion: '1.80.0',
    registeredAt: Date.UTC(2024, 0, 1),
    runningTasksCount: 0,
    taskGroups: [],
    attributes: [
      { name: 'ecs.availability-zone', value: az },
      { name: 'ecs.instance-type', value: instanceType },
      { name: 'ecs.os-type', value: 'linux' },
      ...Object.entries(extra).map(([name, value]) => (value === '' ? { name } : { name, value })),
    ],
    remainingCpu: 2048,
    remainingMemory: 3955,
    // The ECS agent's default reserved ports.
    tcpPortsInUse: new Set([22, 2375, 2376, 51678, 51679]),
    udpPortsInUse: new Set(),
    ...overrides,
  }
}

/** A 256-unit, 512 MiB task of service web with no static ports. */
export function mockDemand(o: Partial<TaskDemand> = {}): TaskDemand {
  return { cpu: 256, memory: 512, tcpPorts: [], udpPorts: [], group: 'service:web', ...o }
}

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c']
const TYPES = ['t3.medium', 'm5.large', 'm5.xlarge', 'c5.large']
const GROUPS = ['service:web', 'service:api', 'service:worker', 'family:batch']

/**
 * `n` instances of varied size, load, zone and type, drawn from `random`: about one in twenty
 * draining, one in twenty with its agent disconnected, some with port 80 taken.
 */
export function randomInstances(n: number, random: () => number): CandidateInstance[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  return Array.from({ length: n }, (_, k) => {
    const tasks = Math.floor(random() * 6)
    const taskGroups = Array.from({ length: tasks }, () => pick(GROUPS))
    const cpu = pick([2048, 4096, 8192])
    const memory = pick([3955, 7934, 15852])
    return mockInstance(`ci-${k}`, {
      az: pick(ZONES),
      instanceType: pick(TYPES),
      status: random() < 0.05 ? 'DRAINING' : 'ACTIVE',
      agentConnected: random() >= 0.05,
      runningTasksCount: tasks,
      taskGroups,
      remainingCpu: Math.max(0, cpu - tasks * 256 - Math.floor(random() * 512)),
      remainingMemory: Math.max(0, memory - tasks * 512 - Math.floor(random() * 1024)),
      tcpPortsInUse: new Set(random() < 0.2 ? [22, 80] : [22]),
    })
  })
}
