import type { RefusedMember } from '../../shapes/refused-members.js'

/**
 * Members of CreateService and UpdateService that Berth does not act on, refused by name
 * (InvalidParameterException) by the protocol layer before the operation runs, rather than
 * accepted and dropped (see ../refused-members.ts and api/shapes/refused-members.ts).
 */

/** What both actions refuse, in the order they are checked. */
const SERVICE_MEMBERS: readonly RefusedMember[] = [
  { path: 'serviceRegistries', reason: 'Berth has no AWS Cloud Map to register tasks in.' },
  {
    path: 'serviceConnectConfiguration.enabled',
    reason: 'Berth has no Service Connect.',
    refuses: (v) => v === true,
  },
  { path: 'volumeConfigurations', reason: 'Berth does not attach Amazon EBS volumes to tasks.' },
  { path: 'vpcLatticeConfigurations', reason: 'Berth has no Amazon VPC Lattice.' },
  { path: 'enableExecuteCommand', reason: 'ECS Exec (ExecuteCommand) is not available yet.', refuses: (v) => v === true },
  {
    path: 'deploymentController.type',
    reason: 'Berth has no AWS CodeDeploy: a service is deployed by ECS (Berth itself) or by an EXTERNAL controller through task sets.',
    refuses: (v) => v === 'CODE_DEPLOY',
  },
  {
    path: 'deploymentConfiguration.lifecycleHooks',
    reason:
      'lifecycle hooks call AWS Lambda functions, and Berth has no AWS Lambda to call (PAUSE hooks, and ContinueServiceDeployment, are not built either); BLUE_GREEN, LINEAR and CANARY deployments run their stages without hooks (roll one back with StopServiceDeployment).',
  },
]

export const CREATE_SERVICE_REFUSED: readonly RefusedMember[] = [
  {
    path: 'launchType',
    reason: 'Berth runs services on container instances (launch type EC2) or on its Fargate pool (FARGATE); external and managed instances are not available.',
    refuses: (v) => v !== 'EC2' && v !== 'FARGATE',
  },
  ...SERVICE_MEMBERS,
]

export const UPDATE_SERVICE_REFUSED: readonly RefusedMember[] = SERVICE_MEMBERS
