import { EcsErrors } from '../errors.js'
import type { TaskDefinition } from '../aws-model/ecs.types.js'
import { isSet, valuesAt } from '../member-paths.js'
import { efsVolumeProblems } from './efs-volume.js'
import { NO_TASK_SOURCES, resolveTaskSources, type TaskSources } from './task-sources.js'

/**
 * What a task definition asks of a running task that Berth's agent does not apply. A task
 * definition is stored and described back whole; these are refused where a task would run
 * (RunTask, StartTask, and the service scheduler to come), so nothing a definition asks for
 * is silently left out of a running task. Pure.
 *
 * Each rule is a member path (`[]`: every item of a list) and why. A rule with `when`
 * refuses only the values it matches; without, any value that is set (not false, [] or {}).
 * member-coverage in unsupported-features.test.ts holds every member of a container
 * definition, a volume and a task definition to being applied or listed here.
 */
interface Rule {
  path: string
  reason: string
  when?: (value: unknown) => boolean
}

const TASK_RULES: readonly Rule[] = [
  { path: 'proxyConfiguration', reason: 'the App Mesh proxy is not configured' },
  { path: 'inferenceAccelerators', reason: 'there are no Elastic Inference accelerators' },
  { path: 'enableFaultInjection', reason: 'there are no fault injection endpoints', when: (v) => v === true },
]

const VOLUME_RULES: readonly Rule[] = [
  { path: 'efsVolumeConfiguration.authorizationConfig.accessPointId', reason: 'there is no Amazon EFS API to say what an access point exposes: name the directory in rootDirectory instead' },
  { path: 'fsxWindowsFileServerVolumeConfiguration', reason: 'the agent cannot mount FSx for Windows File Server' },
  { path: 's3filesVolumeConfiguration', reason: 'the agent cannot mount Amazon S3 Files' },
  { path: 'configuredAtLaunch', reason: 'no Amazon EBS volume is attached at launch', when: (v) => v === true },
]

/** awslogs options the log shipper does not apply: it ships every line as its own event. */
const UNSHIPPED_AWSLOGS_OPTIONS = ['awslogs-multiline-pattern', 'awslogs-datetime-format']

const CONTAINER_RULES: readonly Rule[] = [
  { path: 'resourceRequirements', reason: 'GPUs and inference accelerators are not scheduled' },
  { path: 'firelensConfiguration', reason: 'there is no FireLens log router' },
  { path: 'logConfiguration.logDriver', reason: 'there is no FireLens log router', when: (v) => v === 'awsfirelens' },
  { path: 'logConfiguration.secretOptions', reason: 'log driver secrets are not fetched' },
  {
    path: 'logConfiguration.options',
    reason: `${UNSHIPPED_AWSLOGS_OPTIONS.join(' and ')} are not applied: every line is shipped as its own event`,
    when: (v) => UNSHIPPED_AWSLOGS_OPTIONS.some((o) => typeof v === 'object' && v !== null && Object.hasOwn(v, o)),
  },
  { path: 'credentialSpecs', reason: 'gMSA credential specs are not applied' },
  { path: 'portMappings[].containerPortRange', reason: 'port ranges are not published' },
]

export interface UnsupportedFeature {
  /** The member as the definition sets it: `containerDefinitions[1].secrets`, `volumes[0].efsVolumeConfiguration`. */
  path: string
  /** The container whose definition sets it. */
  container?: string
  reason: string
}

/** The rules' paths, for the test that holds every member to being applied or refused. */
export const UNSUPPORTED_PATHS = {
  task: TASK_RULES.map((r) => r.path),
  volume: VOLUME_RULES.map((r) => r.path),
  container: CONTAINER_RULES.map((r) => r.path),
} as const

/** Everything `td` asks of a running task that Berth cannot give: the task's, then each volume's, then each container's. */
export function unsupportedTaskDefinitionFeatures(td: TaskDefinition): UnsupportedFeature[] {
  const found = match(td, TASK_RULES, '')
  ;(td.volumes ?? []).forEach((v, i) => found.push(...match(v, VOLUME_RULES, `volumes[${i}].`)))
  ;(td.containerDefinitions ?? []).forEach((c, i) => {
    for (const f of match(c, CONTAINER_RULES, `containerDefinitions[${i}].`)) found.push({ ...f, ...(c.name !== undefined ? { container: c.name } : {}) })
  })
  return found
}

/** The refusal's words: `Berth cannot run this task definition: containerDefinitions[1].secrets (container "app") ...`. */
export function describeUnsupportedFeatures(features: readonly UnsupportedFeature[]): string {
  const each = features.map((f) => `${f.path}${f.container !== undefined ? ` (container "${f.container}")` : ''} is not supported yet: ${f.reason}`)
  return `Berth cannot run this task definition: ${each.join('; ')}.`
}

function match(value: unknown, rules: readonly Rule[], prefix: string): UnsupportedFeature[] {
  return rules.flatMap((r) => valuesAt(value, r.path).filter((v) => (r.when ?? isSet)(v.value)).map((v) => ({ path: prefix + v.path, reason: r.reason })))
}

/**
 * Refuses a task definition that asks a running task for what the agent does not apply
 * (an EFS access point, ...), naming each member, before any task is placed:
 * RunTask, StartTask, CreateService and UpdateService call it. Then its EFS volumes must be
 * mountable as ECS checks them, and its secrets, environment files and registry credentials
 * must be among what the operator configured (`sources`; none when absent): a task that would
 * fail to start on ECS for want of them is refused here instead, naming each.
 */
export function requireRunnable(td: TaskDefinition, sources: TaskSources | undefined): void {
  const unsupported = unsupportedTaskDefinitionFeatures(td)
  if (unsupported.length) throw EcsErrors.client(describeUnsupportedFeatures(unsupported))
  const efs = efsVolumeProblems(td)
  if (efs.length) throw EcsErrors.invalidParameter(efs.join(' '))
  const resolved = resolveTaskSources(td, sources ?? NO_TASK_SOURCES)
  if (!resolved.ok) {
    throw EcsErrors.client(`Berth cannot run this task definition: ${resolved.problems.join('; ')}. The server resolves them from its task sources file (--task-sources).`)
  }
}
