import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Clock } from '../core/clock.js'
import { AUTO_SCALING_GROUP_ATTRIBUTE } from '../core/model/capacity-provider.js'
import type { Partition } from '../core/config.js'
import { GROUP_MEMBER_ATTRIBUTE, type AutoScalingGroupPool, type GroupState } from '../capacity/pool.js'
import { localInstance, startLocalAgent, type LocalAgentsOptions } from './local-agents.js'
import type { Supervisor } from './supervise/supervisor.js'

/**
 * The ARN of `berth up`'s Auto Scaling group, in AWS's form:
 * `arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>`.
 * The uuid is made from the name, so it is the same every time `berth up` starts.
 */
export function localGroupArn(partition: Partition, name: string): string {
  const h = createHash('sha256').update(`berth-asg:${name}`).digest('hex')
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
  return `arn:aws:autoscaling:${partition.region}:${partition.accountId}:autoScalingGroup:${uuid}:autoScalingGroupName/${name}`
}

export interface LocalGroupOptions extends Omit<LocalAgentsOptions, 'count' | 'serverUrl'> {
  name: string
  /** Instances started with the group (--instances). */
  initial: number
  minSize: number
  maxSize: number
  region: string
  clock: Clock
}

/**
 * `berth up`'s simulated instances as one Auto Scaling group that capacity providers can
 * name: member `n` is simulated instance `n` (its loopback address, zone and data folder),
 * registered with the group's name and its member id as attributes. Managed scaling launches
 * the lowest free instance numbers and terminates by member; a terminated instance's data
 * folder goes with it, so a later launch registers a new container instance, as a new EC2
 * instance would.
 */
export class LocalGroup implements AutoScalingGroupPool {
  readonly #o: LocalGroupOptions
  readonly #members = new Map<number, { supervisor: Supervisor; launchedAt: number }>()
  #serverUrl: string | undefined

  constructor(o: LocalGroupOptions) {
    this.#o = o
  }

  /** Starts the initial instances against the server, once it listens. */
  attach(serverUrl: string): void {
    this.#serverUrl = serverUrl
    for (let i = 0; i < this.#o.initial; i++) this.#start(i)
  }

  group(name: string): GroupState | undefined {
    if (name !== this.#o.name) return undefined
    return {
      name,
      minSize: this.#o.minSize,
      maxSize: this.#o.maxSize,
      instanceCpu: this.#o.cpu,
      instanceMemory: this.#o.memory,
      members: [...this.#members].sort(([a], [b]) => a - b).map(([i, m]) => ({ id: String(i + 1), launchedAt: m.launchedAt })),
    }
  }

  async launch(name: string, count: number): Promise<void> {
    if (name !== this.#o.name || this.#serverUrl === undefined) return
    for (let n = 0; n < count && this.#members.size < this.#o.maxSize; n++) {
      let i = 0
      while (this.#members.has(i)) i++
      this.#start(i)
    }
  }

  async terminate(name: string, members: readonly string[]): Promise<void> {
    if (name !== this.#o.name) return
    for (const id of members) {
      const i = Number(id) - 1
      const m = this.#members.get(i)
      if (!m) continue
      this.#members.delete(i)
      await m.supervisor.stop()
      await rm(join(this.#o.dataDir, localInstance(i, this.#o.region, this.#o.firstIp).dir), { recursive: true, force: true })
    }
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#members.values()].map((m) => m.supervisor.stop()))
    this.#members.clear()
  }

  #start(i: number): void {
    const attributes = { ...this.#customAttributes(), [AUTO_SCALING_GROUP_ATTRIBUTE]: this.#o.name, [GROUP_MEMBER_ATTRIBUTE]: String(i + 1) }
    const supervisor = startLocalAgent({ ...this.#o, serverUrl: this.#serverUrl! }, i, this.#o.region, { ECS_INSTANCE_ATTRIBUTES: JSON.stringify(attributes) })
    this.#members.set(i, { supervisor, launchedAt: this.#o.clock.now() })
  }

  /** ECS_INSTANCE_ATTRIBUTES the operator gave every agent, kept beside the group's. */
  #customAttributes(): Record<string, string> {
    const given = this.#o.env?.['ECS_INSTANCE_ATTRIBUTES'] ?? process.env['ECS_INSTANCE_ATTRIBUTES']
    try {
      return given ? (JSON.parse(given) as Record<string, string>) : {}
    } catch {
      return {}
    }
  }
}
