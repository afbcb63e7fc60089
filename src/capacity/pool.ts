/**
 * The Auto Scaling groups managed scaling may resize: the effect side of managed scaling.
 * `berth up` implements it over its simulated instances (cli/local-group.ts); tests fake it.
 * A member is one instance of the group; its agent registers with the attributes
 * AUTO_SCALING_GROUP_ATTRIBUTE (the group's name) and GROUP_MEMBER_ATTRIBUTE (the member's id),
 * which is how a container instance is known to be that member.
 */
export interface AutoScalingGroupPool {
  /** The group by name, as it is now; undefined for a group this pool does not have. */
  group(name: string): GroupState | undefined
  /** Starts `count` more instances. */
  launch(group: string, count: number): Promise<void>
  /** Stops these instances (their agents end; the controller deregisters them). */
  terminate(group: string, members: readonly string[]): Promise<void>
}

export interface GroupState {
  name: string
  minSize: number
  maxSize: number
  /** What each instance registers: CPU units and MiB. */
  instanceCpu: number
  instanceMemory: number
  members: readonly { id: string; launchedAt: number }[]
}

/** The container instance attribute naming the group member an instance is. */
export const GROUP_MEMBER_ATTRIBUTE = 'berth.auto-scaling-group-member'
