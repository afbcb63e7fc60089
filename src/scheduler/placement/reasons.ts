/**
 * Why a container instance cannot take a task, one name per checker, in checker order: the
 * later a reason comes in this list, the further the instance got through the pipeline, and
 * the closer it came to fitting (see closest.ts).
 */
export const REJECT_REASONS = [
  'instance-not-active',
  'agent-disconnected',
  'missing-attribute',
  'member-of',
  'distinct-instance',
  'insufficient-cpu',
  'insufficient-memory',
  'port-in-use',
  'udp-port-in-use',
] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

/** A zeroed count per reason, the shape of `Unplaced.unplaceable`. */
export function emptyReasonCounts(): Record<RejectReason, number> {
  return Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>
}

/**
 * The `reason` ECS puts in a RunTask/StartTask `Failure` for each rejection.
 *
 * - `RESOURCE:CPU`, `RESOURCE:MEMORY`, `RESOURCE:PORTS`, `AGENT`, `ATTRIBUTE`, `INACTIVE`: the
 *   developer guide's "API failure reasons" page (api_failures_messages), which lists
 *   `RESOURCE:*` with the resource names of `registeredResources` (CPU, MEMORY, PORTS,
 *   PORTS_UDP); `RESOURCE:PORTS_UDP` follows that pattern for the UDP port set.
 * - `MemberOf placement constraint unsatisfied.`: what ECS returns and writes into service
 *   events when no instance matches a memberOf expression (quoted in aws/amazon-ecs-agent
 *   PR #3044 and in service events users have posted); the trailing period is ECS's.
 * - `DistinctInstance placement constraint unsatisfied.`: by analogy with the memberOf string;
 *   no ECS document quotes this one.
 * - `INACTIVE` is documented for an instance that was deregistered; ECS documents no string for
 *   DRAINING or REGISTERING instances (its schedulers skip them), so every non-ACTIVE status
 *   reports INACTIVE.
 */
export const ECS_FAILURE_REASONS: Readonly<Record<RejectReason, string>> = {
  'instance-not-active': 'INACTIVE',
  'agent-disconnected': 'AGENT',
  'missing-attribute': 'ATTRIBUTE',
  'member-of': 'MemberOf placement constraint unsatisfied.',
  'distinct-instance': 'DistinctInstance placement constraint unsatisfied.',
  'insufficient-cpu': 'RESOURCE:CPU',
  'insufficient-memory': 'RESOURCE:MEMORY',
  'port-in-use': 'RESOURCE:PORTS',
  'udp-port-in-use': 'RESOURCE:PORTS_UDP',
}

/**
 * How a service event finishes "The closest matching container-instance <id> ...", in the
 * words of ECS's "Service event messages" page: "has insufficient CPU units available.",
 * "has insufficient memory available.", "is already using a port required by your task.",
 * "is missing an attribute required by your task." and `encountered error "AGENT".`; the
 * other reasons follow the `encountered error "<failure reason>".` form ECS uses for
 * constraints ("... encountered error "MemberOf placement constraint unsatisfied."").
 */
export const CLOSEST_INSTANCE_PHRASES: Readonly<Record<RejectReason, string>> = {
  'instance-not-active': 'encountered error "INACTIVE".',
  'agent-disconnected': 'encountered error "AGENT".',
  'missing-attribute': 'is missing an attribute required by your task.',
  'member-of': 'encountered error "MemberOf placement constraint unsatisfied.".',
  'distinct-instance': 'encountered error "DistinctInstance placement constraint unsatisfied.".',
  'insufficient-cpu': 'has insufficient CPU units available.',
  'insufficient-memory': 'has insufficient memory available.',
  'port-in-use': 'is already using a port required by your task.',
  'udp-port-in-use': 'is already using a port required by your task.',
}
