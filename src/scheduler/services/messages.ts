/**
 * The service events and task stop reasons the scheduler writes, in ECS's words (API form:
 * names in parentheses). Sources: ECS's "Service event messages" page and events users have
 * posted verbatim; where ECS documents no text, the wording is Berth's and says so.
 */
const svc = (service: string) => `(service ${service})`
const taskIds = (ids: readonly string[]) => ids.map((id) => `(task ${id})`).join(' ')

export const ServiceEvents = {
  started: (service: string, ids: readonly string[]) => `${svc(service)} has started ${ids.length} tasks: ${taskIds(ids)}.`,
  /** Replacements of tasks stopped for failing their health checks. */
  startedReplacingUnhealthy: (service: string, ids: readonly string[], replaced: number) =>
    `${svc(service)} has started ${ids.length} tasks: ${taskIds(ids)}. Amazon ECS replaced ${replaced} tasks due to an unhealthy status.`,
  /** A task started to even out Availability Zones. */
  startedToRebalance: (service: string, zone: string, ids: readonly string[]) =>
    `${svc(service)} has started ${ids.length} tasks in ${zone} to AZ Rebalance: ${taskIds(ids)}.`,
  stoppedRunning: (service: string, ids: readonly string[]) => `${svc(service)} has stopped ${ids.length} running tasks: ${taskIds(ids)}.`,
  stoppedPending: (service: string, count: number) => `${svc(service)} stopped ${count} pending tasks.`,
  failedHealthChecks: (service: string, id: string) => `${svc(service)} (task ${id}) failed container health checks.`,
  /** A target that failed its load balancer's health checks: `(instance i-…)` for instance targets, `(task …)` for ip ones. */
  unhealthyInTargetGroup: (service: string, subject: string, port: number, targetGroupArn: string, description: string) =>
    `${svc(service)} ${subject} (port ${port}) is unhealthy in (target-group ${targetGroupArn}) due to (reason ${description}).`,
  registeredTargets: (service: string, count: number, targetGroupArn: string) => `${svc(service)} registered ${count} targets in (target-group ${targetGroupArn})`,
  deregisteredTargets: (service: string, count: number, targetGroupArn: string) => `${svc(service)} deregistered ${count} targets in (target-group ${targetGroupArn})`,
  beganDraining: (service: string, count: number) => `${svc(service)} has begun draining connections on ${count} tasks.`,
  /**
   * A blue/green, linear or canary service deployment entering a lifecycle stage or a production
   * step: Berth's words (ECS documents no event text per stage that was found).
   */
  lifecycleStage: (service: string, deploymentId: string, stage: string, productionPercent: number, greenTargetGroupArn: string) =>
    `${svc(service)} (deployment ${deploymentId}) entered lifecycle stage ${stage}: ${productionPercent}% of production traffic to (target-group ${greenTargetGroupArn}).`,
  steadyState: (service: string) => `${svc(service)} has reached a steady state.`,
  deploymentCompleted: (service: string, deploymentId: string) => `${svc(service)} (deployment ${deploymentId}) deployment completed.`,
  deploymentFailed: (service: string, deploymentId: string) => `${svc(service)} (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  /** Berth's words after the circuit breaker's: ECS documents no event text for a deployment its alarms failed. */
  deploymentFailedAlarms: (service: string, deploymentId: string, alarmNames: readonly string[]) =>
    `${svc(service)} (deployment ${deploymentId}) deployment failed: alarm(s) in ALARM state: ${alarmNames.join(', ')}.`,
  rollingBack: (service: string, deploymentId: string) => `${svc(service)} rolling back to deployment ${deploymentId}.`,
  /** A Fargate service whose task the pool had no room for: ECS's Fargate wording. */
  capacityUnavailable: (service: string) =>
    `${svc(service)} was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone.`,
  unableToPlace: (service: string, why: string) =>
    `${svc(service)} was unable to place a task because ${why} For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
  /**
   * Keepers beyond the desired count that scale-in protection (UpdateTaskProtection) keeps
   * running. ECS's wording as users report it; the event-messages page searched here does not list it.
   */
  scaleInProtected: (service: string, count: number) => `${svc(service)} was unable to scale in due to (reason ${count} tasks under protection).`,
  throttled: (service: string) => `${svc(service)} is unable to consistently start tasks successfully.`,
  stuckByConfiguration: (service: string) =>
    `${svc(service)} was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.`,
  notAzBalanced: (service: string, counts: readonly [string, number][]) =>
    `${svc(service)} is not AZ balanced with ${zoneList(counts)}. AZ Rebalancing in progress.`,
  azBalanced: (service: string, counts: readonly [string, number][]) => `${svc(service)} is AZ balanced with ${zoneList(counts)}.`,
} as const

/** "3 tasks in us-east-1a, 1 tasks in us-east-1b" (ECS writes commas only, and "1 tasks"). */
const zoneList = (counts: readonly [string, number][]) => counts.map(([zone, n]) => `${n} tasks in ${zone}`).join(', ')

/** Why the scheduler stopped a task (stopCode ServiceSchedulerInitiated). */
export const StopReasons = {
  /** ECS's text for every stop a deployment or a scale-in makes; the id is the task's own deployment. */
  scaling: (deploymentId: string) => `Scaling activity initiated by (deployment ${deploymentId})`,
  failedHealthChecks: 'Task failed container health checks',
  failedElbHealthChecks: (targetGroupArn: string) => `Task failed ELB health checks in (target-group ${targetGroupArn})`,
  /** Berth's words: ECS documents none for a task lost with its instance's agent. */
  instanceLost: (instanceId: string, seconds: number) =>
    `Task stopped by the service scheduler: the agent of its container instance ${instanceId} has been disconnected for more than ${seconds} seconds`,
  /** Berth's words: ECS documents the event, not the task's reason. */
  rebalancing: (zone: string) => `Task stopped by the service scheduler to rebalance Availability Zones (from ${zone})`,
} as const

/** An event's message is not repeated while it is the newest, for this long (ECS: six hours). */
export const EVENT_REPEAT_AFTER_MS = 6 * 60 * 60 * 1000
