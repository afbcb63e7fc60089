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
  { path: 'overrides.taskRoleArn', reason: 'Berth gives tasks no IAM role credentials.' },
  { path: 'overrides.inferenceAcceleratorOverrides', reason: 'Berth has no Elastic Inference accelerators.' },
  { path: 'overrides.containerOverrides[].environmentFiles', reason: 'Berth does not fetch environment files from Amazon S3.' },
  { path: 'overrides.containerOverrides[].resourceRequirements', reason: 'Berth does not schedule GPUs or inference accelerators.' },
]

export const ECS_REFUSED_MEMBERS: RefusedMembers = {
  CreateTaskSet: [
    { path: 'loadBalancers', reason: "Berth does not register a task set's tasks with load balancers yet." },
    { path: 'serviceRegistries', reason: 'Berth has no AWS Cloud Map to register tasks in.' },
    {
      path: 'capacityProviderStrategy',
      reason: "Berth runs every task set on the cluster's container instances (launch type EC2) and has no capacity providers.",
    },
    { path: 'platformVersion', reason: 'platform versions belong to Fargate, and Berth runs task sets as EC2.' },
    {
      path: 'launchType',
      reason: 'Berth runs task sets on container instances (launch type EC2); Fargate and external instances are not available.',
      refuses: (v) => v !== 'EC2',
    },
  ],
  RegisterContainerInstance: [
    { path: 'instanceIdentityDocumentSignature', reason: 'Berth cannot verify an EC2 instance identity document; send the document alone.' },
    { path: 'platformDevices', reason: 'Berth does not schedule GPUs or other platform devices.' },
  ],
  ListTasks: [{ path: 'daemonName', reason: 'Berth has no daemons (CreateDaemon is not implemented).' }],
  RunTask: [
    {
      path: 'capacityProviderStrategy',
      reason: "Berth runs every task on the cluster's container instances (launch type EC2) and has no capacity providers.",
    },
    { path: 'platformVersion', reason: 'platform versions belong to Fargate, and Berth runs tasks as EC2.' },
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
