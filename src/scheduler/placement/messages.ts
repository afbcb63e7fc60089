import { CLOSEST_INSTANCE_PHRASES, ECS_FAILURE_REASONS } from './reasons.js'
import type { Unplaced } from './types.js'

/**
 * Why a service could not place a task, as ECS words it (the API form: the instance in
 * parentheses, as ECS writes it and its console strips) after "(service <name>) was unable to
 * place a task because ": the closest instance and what it lacks, or that the cluster has no
 * instances at all. The caller adds the service prefix and ECS's closing "For more
 * information, see the Troubleshooting section of the Amazon ECS Developer Guide."
 */
export function describeUnplaced(u: Unplaced): string {
  const lead = 'no container instance met all of its requirements.'
  if (!u.closest) return `${lead} Reason: No Container Instances were found in your cluster.`
  return `${lead} The closest matching (container-instance ${u.closest.instance.id}) ${CLOSEST_INSTANCE_PHRASES[u.closest.reason]}`
}

/** RunTask's `failures` for a task that found no instance: each instance and ECS's reason for it. */
export function toEcsFailures(u: Unplaced): { arn: string; reason: string }[] {
  return u.rejected.map((r) => ({ arn: r.instance.arn, reason: ECS_FAILURE_REASONS[r.reason] }))
}
