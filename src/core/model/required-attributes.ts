import type { Attribute, ContainerDefinition, TaskDefinition } from '../aws-model/ecs.types.js'

/**
 * The container-instance attributes a task definition needs, as ECS derives them into
 * `requiresAttributes` at registration. Placement later keeps a task off instances whose agent
 * does not report every one of them.
 *
 * ECS does not publish this mapping. Each rule below is read off real RegisterTaskDefinition /
 * DescribeTaskDefinition responses (inputs and outputs side by side) or, where marked "(doc)",
 * from the minimum Docker Remote API version the ECS model's documentation gives a parameter.
 * A feature with neither kind of evidence adds nothing rather than a guess.
 */
const REMOTE_API = 'com.amazonaws.ecs.capability.docker-remote-api.'
const CAP = 'com.amazonaws.ecs.capability.'
const ECS_CAP = 'ecs.capability.'

type Rule = (td: TaskDefinition, containers: readonly ContainerDefinition[]) => string[]

const any = (cs: readonly ContainerDefinition[], f: (c: ContainerDefinition) => unknown) => cs.some((c) => Boolean(f(c)))
const when = (cond: boolean, ...names: string[]) => (cond ? names : [])

/** A private ECR image: <account>.dkr.ecr.<region>.amazonaws.com[.cn]/repo. public.ecr.aws needs no auth. */
const PRIVATE_ECR = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//
const isPrivateEcr = (c: ContainerDefinition) => PRIVATE_ECR.test(c.image ?? '')
const isSecretsManager = (valueFrom: string) => valueFrom.startsWith('arn:') && valueFrom.split(':')[2] === 'secretsmanager'

const RULES: readonly Rule[] = [
  // Each log driver used names its own attribute (awslogs, awsfirelens, splunk, ...).
  (_, cs) => cs.flatMap((c) => (c.logConfiguration ? [`${CAP}logging-driver.${c.logConfiguration.logDriver}`] : [])),
  // awslogs shipped with the execution role's credentials rather than the instance's.
  (td, cs) => when(Boolean(td.executionRoleArn) && any(cs, (c) => c.logConfiguration?.logDriver === 'awslogs'), `${ECS_CAP}execution-role-awslogs`),
  (td, cs) => when(any(cs, isPrivateEcr), `${CAP}ecr-auth`, ...(td.executionRoleArn ? [`${ECS_CAP}execution-role-ecr-pull`] : [])),
  // Log options (doc: 1.19); "mode"/"max-buffer-size" (non-blocking logging) came with 1.28.
  (_, cs) => when(any(cs, (c) => Object.keys(c.logConfiguration?.options ?? {}).length), `${REMOTE_API}1.19`),
  (_, cs) => when(any(cs, (c) => c.logConfiguration?.options?.['mode'] ?? c.logConfiguration?.options?.['max-buffer-size']), `${REMOTE_API}1.28`),
  (_, cs) => when(any(cs, (c) => c.memoryReservation !== undefined), `${REMOTE_API}1.21`),
  (_, cs) => when(any(cs, (c) => c.privileged), `${CAP}privileged-container`),
  // Observed on every response whose containers set `user`, and on none without it.
  (_, cs) => when(any(cs, (c) => c.user !== undefined), `${REMOTE_API}1.17`),
  // doc: dockerLabels and ulimits need 1.18; initProcessEnabled needs 1.25.
  (_, cs) => when(any(cs, (c) => Object.keys(c.dockerLabels ?? {}).length || c.ulimits?.length), `${REMOTE_API}1.18`),
  (_, cs) => when(any(cs, (c) => c.linuxParameters?.initProcessEnabled), `${REMOTE_API}1.25`),
  (_, cs) => when(any(cs, (c) => c.repositoryCredentials), `${ECS_CAP}private-registry-authentication.secretsmanager`),
  (td) => when(Boolean(td.taskRoleArn), `${CAP}task-iam-role`),
  (_, cs) => secretsAttributes(cs.flatMap((c) => c.secrets ?? []), 'environment-variables'),
  (_, cs) => secretsAttributes(cs.flatMap((c) => c.logConfiguration?.secretOptions ?? []), 'bootstrap.log-driver'),
  (_, cs) => when(any(cs, (c) => c.environmentFiles?.length), `${ECS_CAP}env-files.s3`),
  (_, cs) => when(any(cs, (c) => c.healthCheck), `${ECS_CAP}container-health-check`),
  (_, cs) => when(any(cs, (c) => c.dependsOn?.length), `${ECS_CAP}container-ordering`),
  (_, cs) =>
    cs.flatMap((c) => (c.firelensConfiguration ? [`${ECS_CAP}firelens.${c.firelensConfiguration.type}`] : [])),
  (_, cs) => when(any(cs, (c) => c.firelensConfiguration?.options?.['config-file-type']), `${ECS_CAP}firelens.options.config.file`),
  (td) => when(td.networkMode === 'awsvpc', `${REMOTE_API}1.18`, `${ECS_CAP}task-eni`, `${REMOTE_API}1.29`),
  (td) => when(td.pidMode !== undefined || td.ipcMode !== undefined, `${ECS_CAP}pid-ipc-namespace-sharing`),
  (td) => when(td.proxyConfiguration !== undefined, `${ECS_CAP}aws-appmesh`),
  // Docker volumes need their driver's plugin on the instance ("local" when none is named).
  (td) =>
    (td.volumes ?? []).flatMap((v) =>
      v.dockerVolumeConfiguration ? [`${ECS_CAP}docker-plugin.${v.dockerVolumeConfiguration.driver ?? 'local'}`, `${REMOTE_API}1.25`] : [],
    ),
  (td) => when((td.volumes ?? []).some((v) => v.efsVolumeConfiguration), `${ECS_CAP}efs`),
  (td) =>
    when(
      (td.volumes ?? []).some((v) => v.efsVolumeConfiguration?.authorizationConfig?.iam === 'ENABLED' || v.efsVolumeConfiguration?.authorizationConfig?.accessPointId),
      `${ECS_CAP}efsAuth`,
    ),
]

/** SSM parameters by name or ARN; Secrets Manager only by ARN. */
function secretsAttributes(secrets: readonly { valueFrom: string }[], what: string): string[] {
  return [
    ...when(secrets.some((s) => !isSecretsManager(s.valueFrom)), `${ECS_CAP}secrets.ssm.${what}`),
    ...when(secrets.some((s) => isSecretsManager(s.valueFrom)), `${ECS_CAP}secrets.asm.${what}`),
  ]
}

/** Each attribute once, in rule order. */
export function requiredAttributes(td: TaskDefinition): Attribute[] {
  const containers = td.containerDefinitions ?? []
  const names = new Set(RULES.flatMap((rule) => rule(td, containers)))
  return [...names].map((name) => ({ name }))
}
