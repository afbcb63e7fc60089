import type { RefusedMember, RefusedMembers } from '../shapes/refused-members.js'
import { CREATE_SERVICE_REFUSED, UPDATE_SERVICE_REFUSED } from './services/refused-members.js'

/**
 * ECS request members Berth does not act on, refused by name (InvalidParameterException)
 * rather than dropped. What a task definition asks of a running task is checked where the
 * task would run: core/model/unsupported-features.ts. Every other member of the operations
 * Berth implements is acted on; refused-members.test.ts holds each operation to that.
 */
const TASK_LAUNCH: readonly RefusedMember[] = [
  { path: 'volumeConfigurations', reason: 'Berth does not attach Amazon EBS volumes to tasks.' },
  { path: 'enableExecuteCommand', reason: 'ECS Exec (ExecuteCommand) is not available yet.', refuses: (v) => v === true },
  { path: 'referenceId', reason: 'ECS hands it on to EventBridge task events, and Berth emits none.' },
  { path: 'overrides.inferenceAcceleratorOverrides', reason: 'Berth has no Elastic Inference accelerators.' },
  { path: 'overrides.containerOverrides[].environmentFiles', reason: 'Berth does not fetch environment files from Amazon S3.' },
  { path: 'overrides.containerOverrides[].resourceRequirements', reason: 'Berth does not schedule GPUs or inference accelerators.' },
]

/** Managed Instances capacity providers are scoped to a cluster; Berth's are Auto Scaling group ones, account-wide. */
const CLUSTER_SCOPED_PROVIDER: RefusedMember = {
  path: 'cluster',
  reason: 'Berth has Auto Scaling group capacity providers only, which belong to the account, not to a cluster (ECS Managed Instances providers are not available).',
}
const MANAGED_INSTANCES: RefusedMember = {
  path: 'managedInstancesProvider',
  reason: 'Berth has Auto Scaling group capacity providers only; ECS Managed Instances are not available.',
}

export const ECS_REFUSED_MEMBERS: RefusedMembers = {
  CreateCapacityProvider: [CLUSTER_SCOPED_PROVIDER, MANAGED_INSTANCES],
  UpdateCapacityProvider: [CLUSTER_SCOPED_PROVIDER, MANAGED_INSTANCES],
  DeleteCapacityProvider: [CLUSTER_SCOPED_PROVIDER],
  DescribeCapacityProviders: [CLUSTER_SCOPED_PROVIDER],
  CreateTaskSet: [
    {
      path: 'loadBalancers[].advancedConfiguration',
      reason: "blue/green target group pairs belong to services deployed by ECS (strategy BLUE_GREEN); a task set's controller moves traffic between task sets itself.",
    },
    { path: 'serviceRegistries', reason: 'Berth has no AWS Cloud Map to register tasks in.' },
    {
      path: 'launchType',
      reason: 'Berth runs task sets on container instances (EC2) or the Fargate pool (FARGATE); external instances (ECS Anywhere) are not available.',
      refuses: (v) => v !== 'EC2' && v !== 'FARGATE',
    },
  ],
  RegisterContainerInstance: [
    { path: 'instanceIdentityDocumentSignature', reason: 'Berth cannot verify an EC2 instance identity document; send the document alone.' },
    { path: 'platformDevices', reason: 'Berth does not schedule GPUs or other platform devices.' },
  ],
  ListTasks: [{ path: 'daemonName', reason: 'Berth has no daemons (CreateDaemon is not implemented).' }],
  RunTask: [
    ...TASK_LAUNCH,
  ],
  StartTask: TASK_LAUNCH,
  UpdateCluster: [
    {
      path: 'configuration',
      reason: "Berth has no ECS Exec or managed-storage encryption to reconfigure; a cluster keeps the configuration it was created with.",
    },
    { path: 'serviceConnectDefaults', reason: 'Berth has no AWS Cloud Map namespaces for Service Connect.' },
  ],
  // The services API's own table (services/refused-members.ts).
  CreateService: CREATE_SERVICE_REFUSED,
  UpdateService: UPDATE_SERVICE_REFUSED,
}
