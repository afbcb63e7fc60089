/**
 * ECS operations of the model that Berth does not implement, each with why: they answer
 * UnsupportedFeatureException naming the operation and the reason, never the wire's generic
 * UnknownOperationException (kept for names that are no ECS operation at all). The model
 * test (not-implemented.test.ts) holds every operation of the model to being implemented or
 * listed here, and no operation to being both.
 */
const DAEMONS =
  'ECS Managed Daemons run on ECS Managed Instances, which Berth does not have; a service with schedulingStrategy DAEMON runs one task on every container instance instead.'
const EXPRESS =
  'Express Mode services provision AWS load balancers, certificates and networking that Berth does not have; create a service (CreateService) behind an ELBv2 load balancer instead.'
const AGENT_ONLY = "it is the ECS agent's own call; Berth's agents report task and container state over the agent channel, not through this API."

export const ECS_NOT_IMPLEMENTED: Readonly<Record<string, string>> = {
  ContinueServiceDeployment: 'it continues a deployment paused at a lifecycle hook, and Berth runs no lifecycle hooks (there is no AWS Lambda to call), so no deployment waits to be continued.',
  CreateDaemon: DAEMONS,
  DeleteDaemon: DAEMONS,
  DeleteDaemonTaskDefinition: DAEMONS,
  DescribeDaemon: DAEMONS,
  DescribeDaemonDeployments: DAEMONS,
  DescribeDaemonRevisions: DAEMONS,
  DescribeDaemonTaskDefinition: DAEMONS,
  ListDaemonDeployments: DAEMONS,
  ListDaemonTaskDefinitions: DAEMONS,
  ListDaemons: DAEMONS,
  RegisterDaemonTaskDefinition: DAEMONS,
  UpdateDaemon: DAEMONS,
  CreateExpressGatewayService: EXPRESS,
  DeleteExpressGatewayService: EXPRESS,
  DescribeExpressGatewayService: EXPRESS,
  UpdateExpressGatewayService: EXPRESS,
  ExecuteCommand: 'ECS Exec needs the SSM agent and AWS Systems Manager Session Manager, which Berth does not have.',
  ListServicesByNamespace: 'Berth has no AWS Cloud Map namespaces (Service Connect and service discovery are not available).',
  SubmitAttachmentStateChanges: AGENT_ONLY,
  SubmitContainerStateChange: AGENT_ONLY,
  SubmitTaskStateChange: AGENT_ONLY,
  UpdateContainerAgent: 'Berth does not update agents through ECS; upgrade the berth agent on the host and restart it (its tasks are adopted).',
}

/** The message of an operation Berth does not implement. */
export const notImplementedMessage = (operation: string, reason: string): string => `Berth does not implement ${operation}: ${reason}`
