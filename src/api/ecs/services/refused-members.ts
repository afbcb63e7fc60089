import { EcsErrors } from '../../../core/errors.js'

/**
 * Members of CreateService and UpdateService that Berth does not act on, refused by name
 * (InvalidParameterException) rather than accepted and dropped. The table has the shape of
 * the `models` branch's RefusedMember (api/shapes/refused-members.ts), so that it can move
 * into that mechanism unchanged: a path (`a.b`, `list[].member`), a reason, and which values
 * are refused (by default any that is set, where false, [] and {} ask for nothing).
 */
export interface RefusedMember {
  path: string
  reason: string
  refuses?: (value: unknown) => boolean
}

const ROLLING_ONLY = 'Berth deploys services with rolling updates (strategy ROLLING); blue/green, linear and canary deployments arrive with the load balancer.'

/** What both actions refuse, in the order they are checked. */
const SERVICE_MEMBERS: readonly RefusedMember[] = [
  {
    path: 'capacityProviderStrategy',
    reason: "Berth runs every service task on the cluster's container instances (launch type EC2) and has no capacity providers.",
  },
  { path: 'platformVersion', reason: 'platform versions belong to Fargate, and Berth runs services as EC2.' },
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
    reason: 'Berth deploys services itself (deployment controller ECS); CODE_DEPLOY and EXTERNAL controllers are not available.',
    refuses: (v) => v !== 'ECS',
  },
  { path: 'deploymentConfiguration.strategy', reason: ROLLING_ONLY, refuses: (v) => v !== 'ROLLING' },
  { path: 'deploymentConfiguration.lifecycleHooks', reason: 'lifecycle hooks call AWS Lambda functions, and Berth has no AWS Lambda to call.' },
  { path: 'deploymentConfiguration.linearConfiguration', reason: 'it configures the LINEAR strategy. ' + ROLLING_ONLY },
  { path: 'deploymentConfiguration.canaryConfiguration', reason: 'it configures the CANARY strategy. ' + ROLLING_ONLY },
  {
    path: 'deploymentConfiguration.bakeTimeInMinutes',
    reason: 'the bake time belongs to blue/green, linear and canary deployments; a rolling deployment has none (leave it out or give 0).',
    refuses: (v) => v !== 0,
  },
  {
    path: 'deploymentConfiguration.alarms.enable',
    reason: 'Berth has no CloudWatch alarms to watch yet; give alarms with enable false, or leave them out.',
    refuses: (v) => v === true,
  },
  { path: 'loadBalancers[].advancedConfiguration', reason: 'it configures blue/green deployments, which arrive with the load balancer.' },
]

export const CREATE_SERVICE_REFUSED: readonly RefusedMember[] = [
  {
    path: 'launchType',
    reason: 'Berth runs services on container instances (launch type EC2); Fargate, external and managed instances are not available.',
    refuses: (v) => v !== 'EC2',
  },
  ...SERVICE_MEMBERS,
]

export const UPDATE_SERVICE_REFUSED: readonly RefusedMember[] = SERVICE_MEMBERS

/** Throws InvalidParameterException naming the first refused member `input` sets. */
export function refuseMembers(input: unknown, rules: readonly RefusedMember[]): void {
  for (const rule of rules) {
    for (const { path, value } of valuesAt(input, rule.path)) {
      if (!(rule.refuses ?? isSet)(value)) continue
      const shown = rule.refuses && isScalar(value) ? `${path}=${String(value)}` : path
      throw EcsErrors.invalidParameter(`Berth does not support ${shown}: ${rule.reason}`)
    }
  }
}

/** The values at a path (`a.b`, `list[].c`), with the indices filled in; absent ones left out. */
export function valuesAt(input: unknown, path: string): { path: string; value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: '', value: input }]
  for (const step of path.split('.')) {
    const each = step.endsWith('[]')
    const name = each ? step.slice(0, -2) : step
    const next: { path: string; value: unknown }[] = []
    for (const f of found) {
      if (typeof f.value !== 'object' || f.value === null || !Object.hasOwn(f.value, name)) continue
      const value = (f.value as Record<string, unknown>)[name]
      if (value === undefined) continue
      const at = f.path ? `${f.path}.${name}` : name
      if (!each) next.push({ path: at, value })
      else if (Array.isArray(value)) value.forEach((v, i) => next.push({ path: `${at}[${i}]`, value: v }))
    }
    found = next
  }
  return found
}

const isSet = (v: unknown): boolean => {
  if (v === undefined || v === null || v === false) return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
