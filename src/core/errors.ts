/**
 * Errors a client is meant to see. Each knows its wire code and HTTP status; the protocol
 * layer (api/protocols) is the only place that turns one into a response. Anything thrown
 * that is not an ApiError is a bug: it is logged and answered as a 500 ServerException.
 *
 * Never match on message text: match on `code`.
 */
export class ApiError extends Error {
  /** Members of the error shape beside its message (ECS ConflictException's `resourceIds`). */
  readonly fields: Readonly<Record<string, unknown>> | undefined

  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    options?: { cause?: unknown; fields?: Record<string, unknown> },
  ) {
    super(message, options)
    this.name = code
    this.fields = options?.fields
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError

/** The ECS error shapes Berth raises (a subset of the 25 in the model, same names). */
export type EcsErrorCode =
  | 'ClientException'
  | 'InvalidParameterException'
  | 'ServerException'
  | 'ClusterNotFoundException'
  | 'ClusterContainsContainerInstancesException'
  | 'ClusterContainsServicesException'
  | 'ClusterContainsTasksException'
  | 'ServiceNotFoundException'
  | 'ServiceNotActiveException'
  | 'ServiceDeploymentNotFoundException'
  | 'ConflictException'
  | 'TargetNotFoundException'
  | 'AttributeLimitExceededException'
  | 'ResourceNotFoundException'
  | 'UnsupportedFeatureException'
  | 'LimitExceededException'
  | 'ResourceInUseException'
  | 'ConflictException'
  | 'PlatformUnknownException'
  | 'TaskSetNotFoundException'

const ecs = (code: EcsErrorCode, message: string) => new ApiError(code, message)

/** The one registry of ECS errors, with the messages ECS itself uses where it has one. */
export const EcsErrors = {
  client: (message: string) => ecs('ClientException', message),
  invalidParameter: (message: string) => ecs('InvalidParameterException', message),
  clusterNotFound: () => ecs('ClusterNotFoundException', 'Cluster not found.'),
  clusterContainsInstances: () =>
    ecs(
      'ClusterContainsContainerInstancesException',
      'The Cluster cannot be deleted while Container Instances are active or draining.',
    ),
  clusterContainsServices: () =>
    ecs('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.'),
  clusterContainsTasks: () =>
    ecs('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.'),
  targetNotFound: (target: string) =>
    ecs('TargetNotFoundException', `Could not find target ${target}. Check the target and try again.`),
  attributeLimitExceeded: () =>
    ecs('AttributeLimitExceededException', 'You can apply up to 10 custom attributes per resource.'),
  serviceNotFound: () => ecs('ServiceNotFoundException', 'Service not found.'),
  /** CreateService for a name an ACTIVE or DRAINING service holds, unless it is the same request again. */
  serviceNotIdempotent: () => ecs('InvalidParameterException', 'Creation of service was not idempotent.'),
  /** UpdateService on a DRAINING or INACTIVE service (the text Empire's client matches). */
  serviceNotActive: () => ecs('ServiceNotActiveException', 'Service was not ACTIVE.'),
  /** ECS documents no text; this one says what its model's doc string says. */
  serviceDeploymentNotFound: (arn: string) =>
    ecs('ServiceDeploymentNotFoundException', `The service deployment ${arn} does not exist.`),
  /** The resource is in a state that forbids the request (StopServiceDeployment). */
  conflict: (message: string) => ecs('ConflictException', message),
  resourceNotFound: (message = 'The specified resource could not be found.') => ecs('ResourceNotFoundException', message),
  containerInstanceNotFound: (ref: string) =>
    ecs('InvalidParameterException', `The container instance ${ref} was not found in the cluster.`),
  /** Deregistration is final on ECS: the agent must register as a new instance. */
  containerInstanceInactive: (arn: string) =>
    ecs('ClientException', `The container instance ${arn} is deregistered (INACTIVE); register it as a new instance.`),
  /** The ECS agent recognises this exact text on re-registration and stops retrying. */
  containerInstanceTypeChanged: () => ecs('ClientException', 'Container instance type changes are not supported.'),
  containerInstanceHasTasks: () =>
    ecs(
      'InvalidParameterException',
      'The container instance has tasks that are running or pending. Stop them first, or deregister with force.',
    ),
  unsupported: (message: string) => ecs('UnsupportedFeatureException', message),
  /** A Fargate platformVersion that does not exist (the model's doc string for the error). */
  platformUnknown: () => ecs('PlatformUnknownException', "The specified platform version doesn't exist."),
  /** PutClusterCapacityProviders removing a provider that tasks or services use (ECS's text). */
  capacityProviderInUse: () => ecs('ResourceInUseException', 'The specified capacity provider is in use and cannot be removed.'),
  /** UpdateCapacityProvider / DeleteCapacityProvider for a name no ACTIVE provider has. */
  capacityProviderNotFound: () =>
    ecs('ClientException', 'The specified capacity provider does not exist. Specify a valid name or ARN and try again.'),
  /** A strategy naming a provider the cluster has not associated (ECS's text). */
  capacityProviderNotAssociated: () =>
    ecs(
      'InvalidParameterException',
      'The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.',
    ),
  /** RunTask, CreateService, UpdateService with both (ECS's text). */
  launchTypeAndStrategy: () =>
    ecs('InvalidParameterException', 'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.'),
  /** The words of the API reference's description of TaskSetNotFoundException (ECS's message was not found). */
  taskSetNotFound: () =>
    ecs('TaskSetNotFoundException', "The specified task set wasn't found. You can view your available task sets with DescribeTaskSets."),
  /** The text ECS answers (reported verbatim by users) for a task-set action on a service another controller deploys. */
  notExternal: () =>
    ecs('InvalidParameterException', 'Amazon ECS only supports task set management on services configured to use external deployment controllers.'),
  /** ECS's text for a sixth task set, as users report it. */
  tooManyTaskSets: (count: number) =>
    ecs('InvalidParameterException', `${count} deployments exist on the service. Unable to create new TaskSet since this exceeds the maximum limit.`),
  /** RunTask's clientToken reused with other parameters; `resourceIds` are the tasks the first call started. */
  clientTokenConflict: (taskArns: readonly string[]) =>
    new ApiError(
      'ConflictException',
      'The clientToken is already in use with a different RunTask request. Run RunTask with a new clientToken, or with the original parameters.',
      400,
      { fields: { resourceIds: [...taskArns] } },
    ),
} as const

/**
 * Errors of the wire itself, shared by every JSON and query service: the codes AWS's own
 * front ends use, so SDKs classify them as they would against AWS.
 */
export const WireErrors = {
  /** Unparseable JSON, or a member of the wrong JSON type (AWS front ends answer this). */
  serialization: (message: string) => new ApiError('SerializationException', message),
  unknownOperation: (target: string) =>
    new ApiError('UnknownOperationException', `Berth does not implement the operation ${target}.`),
  missingAction: () => new ApiError('MissingAction', 'The request must contain the parameter Action.'),
  invalidAction: (action: string) =>
    new ApiError('InvalidAction', `The action ${action} is not valid for this web service.`),
  /** A query request whose form names no API Berth serves (ELBv2 is 2015-12-01, CloudWatch 2010-08-01). */
  unknownVersion: (version: string | undefined) =>
    new ApiError(
      'InvalidAction',
      version ? `Berth serves no query API with Version ${version}.` : 'The request must contain the parameter Version.',
    ),
  /** A query-protocol form past Berth's bounds (the code AWS's query front ends give a form they cannot read). */
  malformedQuery: (message: string) => new ApiError('MalformedQueryString', message),
  /** Nothing on the port answers this path (the AWS APIs are POST /). */
  noSuchPath: (method: string, path: string) =>
    new ApiError('NotFound', `Berth serves nothing at ${method} ${path.slice(0, 200)}; the AWS APIs are POST /.`, 404),
  methodNotAllowed: (method: string, path: string) =>
    new ApiError('MethodNotAllowed', `${path.slice(0, 200)} does not answer ${method.slice(0, 20)}.`, 405),
  tooLarge: (limit: number) =>
    new ApiError('SerializationException', `The request body is larger than the ${limit} bytes Berth accepts.`, 413),
  missingAuthentication: () =>
    new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403),
  incompleteSignature: (message: string) => new ApiError('IncompleteSignatureException', message, 403),
  unrecognizedClient: () =>
    new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403),
  invalidSignature: (
    message = 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.',
  ) => new ApiError('InvalidSignatureException', message, 403),
  /** AWS's text, trailing space included (InvalidSignatureException bodies of ECS, EMR, SageMaker, Batch). */
  credentialScopeService: (signingName: string) =>
    new ApiError('InvalidSignatureException', `Credential should be scoped to correct service: '${signingName}'. `, 403),
  /** AWS's text, then where Berth stands: it serves one region, chosen when it starts. */
  credentialScopeRegion: (requested: string, served: string) =>
    new ApiError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${requested}'. ` +
        `This Berth serves ${served}: sign for ${served} (--region ${served}, AWS_DEFAULT_REGION=${served}), ` +
        `or start Berth for ${requested} (berth up --region ${requested}).`,
      403,
    ),
  /**
   * A request the caller's policies do not allow. JSON services answer AccessDeniedException
   * with 400, as ECS and Logs do; query services AccessDenied with 403 (query-protocol.ts).
   */
  accessDenied: (message: string) => new ApiError('AccessDeniedException', message, 400),
  internal: () => new ApiError('ServerException', 'Berth hit an internal error; the request was not applied.', 500),
} as const

/** The CloudWatch Logs error shapes Berth raises (same names as the Logs model). */
export type LogsErrorCode =
  | 'InvalidParameterException'
  | 'ResourceNotFoundException'
  | 'ResourceAlreadyExistsException'
  | 'TooManyTagsException'
  | 'InvalidOperationException'
  | 'ServiceUnavailableException'

const logs = (code: LogsErrorCode, message: string) => new ApiError(code, message)

/**
 * The one registry of CloudWatch Logs errors, with the messages Logs itself uses. Logs reports
 * failed constraints in the AWS validation style: "1 validation error detected: Value 'x' at
 * 'logGroupName' failed to satisfy constraint: ...".
 */
export const LogsErrors = {
  invalidParameter: (message: string) => logs('InvalidParameterException', message),
  validation: (value: unknown, member: string, constraint: string) =>
    logs(
      'InvalidParameterException',
      `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`,
    ),
  groupNotFound: () => logs('ResourceNotFoundException', 'The specified log group does not exist.'),
  streamNotFound: () => logs('ResourceNotFoundException', 'The specified log stream does not exist.'),
  groupExists: () => logs('ResourceAlreadyExistsException', 'The specified log group already exists'),
  streamExists: () => logs('ResourceAlreadyExistsException', 'The specified log stream already exists'),
  tooManyTags: () => logs('TooManyTagsException', 'A resource can have no more than 50 tags.'),
  invalidNextToken: () => logs('InvalidParameterException', 'The specified nextToken is invalid.'),
  /** Logs' model gives it no message member and no status; its shapes are server faults. */
  serviceUnavailable: (message: string) => new ApiError('ServiceUnavailableException', message, 500),
} as const

/**
 * The ELBv2 errors Berth raises. Codes are the model's error codes (the shape name without
 * `Exception`), which the query protocol writes as `<Code>` and clients map back to their
 * exception classes; `ValidationError` is the query front end's own code for malformed input.
 * Messages are AWS's where one was observed (notes/elb-facts.md), else plain statements.
 */
const elb = (code: string, message: string) => new ApiError(code, message)

export const ElbErrors = {
  validation: (message: string) => elb('ValidationError', message),
  invalidConfiguration: (message: string) => elb('InvalidConfigurationRequest', message),
  operationNotPermitted: (message: string) => elb('OperationNotPermitted', message),
  loadBalancerNotFound: () => elb('LoadBalancerNotFound', 'One or more load balancers not found'),
  loadBalancersByNameNotFound: (names: readonly string[]) => elb('LoadBalancerNotFound', `Load balancers '[${names.join(', ')}]' not found`),
  listenerNotFound: () => elb('ListenerNotFound', 'One or more listeners not found'),
  ruleNotFound: () => elb('RuleNotFound', 'One or more rules not found'),
  targetGroupNotFound: (arn?: string) =>
    elb('TargetGroupNotFound', arn !== undefined ? `Target groups '${arn}' not found` : 'One or more target groups not found'),
  duplicateLoadBalancerName: (name: string) =>
    elb('DuplicateLoadBalancerName', `A load balancer with the same name '${name}' exists, but with different settings`),
  duplicateTargetGroupName: (name: string) =>
    elb('DuplicateTargetGroupName', `A target group with the same name '${name}' exists, but with different settings`),
  duplicateListener: (lbArn: string) => elb('DuplicateListener', `A listener already exists on this port for this load balancer '${lbArn}'`),
  priorityInUse: (priority: number) => elb('PriorityInUse', `Priority '${priority}' is currently in use`),
  targetGroupInUse: (arn: string) => elb('ResourceInUse', `Target group '${arn}' is currently in use by a listener or a rule`),
  targetGroupAssociationLimit: (arns: readonly string[]) =>
    elb('TargetGroupAssociationLimit', `The following target groups cannot be associated with more than one load balancer: ${arns.join(', ')}`),
  /** ELB's text, as the aws-load-balancer-controller's logs quote it (kubernetes-sigs/aws-load-balancer-controller#1045). */
  targetGroupInOtherVpc: (targetGroupArn: string, loadBalancerArn: string) =>
    elb('InvalidConfigurationRequest', `Target group '${targetGroupArn}' is in a different VPC than load balancer '${loadBalancerArn}'`),
  /** ELB's text, as ECS's service events quote it ("failed to register targets in (target-group …) with (error …)"). */
  targetsNotInVpc: (vpcId: string, ids: readonly string[]) =>
    elb('InvalidTarget', `The following targets are not in the target group VPC '${vpcId}': ${ids.map((id) => `'${id}'`).join(', ')}`),
  invalidSubnet: (id: string) => elb('InvalidSubnet', `The subnet ID '${id}' is not valid (subnet- and 8 or 17 hex digits)`),
  invalidSecurityGroup: (id: string) => elb('InvalidSecurityGroup', `The security group '${id}' is not valid (sg- and 8 or 17 hex digits)`),
  invalidTarget: (message: string) => elb('InvalidTarget', message),
  certificateNotFound: (message: string) => elb('CertificateNotFound', message),
  sslPolicyNotFound: (name: string) => elb('SSLPolicyNotFound', `SSL policy '${name}' not found`),
  invalidAction: (message: string) => elb('InvalidLoadBalancerAction', message),
  incompatibleProtocols: (message: string) => elb('IncompatibleProtocols', message),
  unsupportedProtocol: (message: string) => elb('UnsupportedProtocol', message),
  duplicateTagKeys: (key: string) => elb('DuplicateTagKeys', `Tag key '${key}' is specified more than once`),
  tooManyTags: () => elb('TooManyTags', 'A resource can have at most 50 tags'),
  tooManyLoadBalancers: (limit: number) => elb('TooManyLoadBalancers', `The quota of ${limit} load balancers per region is reached`),
  tooManyListeners: (limit: number) => elb('TooManyListeners', `A load balancer can have at most ${limit} listeners`),
  tooManyRules: (limit: number) => elb('TooManyRules', `A load balancer can have at most ${limit} rules, not counting default rules`),
  tooManyTargetGroups: (limit: number) => elb('TooManyTargetGroups', `The quota of ${limit} target groups per region is reached`),
  tooManyTargets: (limit: number) => elb('TooManyTargets', `A target group can have at most ${limit} targets`),
  tooManyActions: () => elb('TooManyActions', 'A rule can have only one action of type forward, redirect or fixed-response'),
} as const

/**
 * The Application Auto Scaling errors Berth raises (the model's shapes; bodies carry `Message`).
 * Messages are AWS's where known.
 */
const aas = (code: string, message: string) => new ApiError(code, message)

export const ScalingErrors = {
  validation: (message: string) => aas('ValidationException', message),
  objectNotFound: (message: string) => aas('ObjectNotFoundException', message),
  limitExceeded: (message: string) => aas('LimitExceededException', message),
  invalidNextToken: () => aas('InvalidNextTokenException', 'Invalid token'),
  resourceNotFound: (arn: string) =>
    new ApiError('ResourceNotFoundException', `No scalable target found for ${arn}`, 400, { fields: { ResourceName: arn } }),
  tooManyTags: (arn: string) =>
    new ApiError('TooManyTagsException', 'A scalable target can have at most 50 tags.', 400, { fields: { ResourceName: arn } }),
} as const
