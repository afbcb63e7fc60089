import type { TaskDefinition } from '../../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../../core/errors.js'
import { checkEc2Launch, checkFargateLaunch, hostCpuArchitecture, type FargateLaunchRequest } from '../../../scheduler/fargate/index.js'

/** Fargate runs no DAEMON services ("Fargate tasks do not support the DAEMON scheduling strategy"). */
export const FARGATE_DAEMON = 'The DAEMON scheduling strategy is not supported with the FARGATE launch type.'

/**
 * Where a service's tasks run, checked against the task definition it will run (CreateService,
 * and UpdateService with the service's launch type): FARGATE goes through Fargate's checks
 * (scheduler/fargate/launch-check.ts) and keeps the platformVersion asked for (LATEST when
 * none), as DescribeServices echoes it; EC2 takes no platformVersion.
 */
export function checkServiceLaunch(
  launchType: 'EC2' | 'FARGATE',
  td: TaskDefinition,
  request: FargateLaunchRequest,
  schedulingStrategy: 'REPLICA' | 'DAEMON',
): { platformVersion?: string } {
  if (launchType === 'EC2') {
    checkEc2Launch(request)
    return {}
  }
  if (schedulingStrategy === 'DAEMON') throw EcsErrors.invalidParameter(FARGATE_DAEMON)
  checkFargateLaunch(td, {}, request, hostCpuArchitecture())
  return { platformVersion: request.platformVersion ?? 'LATEST' }
}
