import { EcsErrors } from '../../../core/errors.js'
import type { ReadTx } from '../../../state/store.js'
import type { EcsDeps } from '../deps.js'

/**
 * Finds the resource an ARN names, for the tagging actions. Each taggable kind says how to
 * check that its resource exists; the tags themselves live in one table keyed by ARN.
 */
type Exists = (tx: ReadTx, resource: string, arn: string) => Promise<boolean>

const KINDS: Record<string, Exists> = {
  cluster: async (tx, _resource, arn) => (await tx.clusters.get(arn))?.status === 'ACTIVE',
  'task-definition': async (tx, resource) => {
    const m = /^task-definition\/([^:]+):(\d+)$/.exec(resource)
    return m ? (await tx.taskDefinitions.get(m[1]!, Number(m[2]))) !== undefined : false
  },
  task: async (tx, _resource, arn) => (await tx.tasks.get(arn)) !== undefined,
  // A service by its long ARN (`service/<cluster>/<name>`), until it is INACTIVE.
  service: async (tx, _resource, arn) => {
    const service = await tx.services.get(arn)
    return service !== undefined && service.status !== 'INACTIVE'
  },
  'capacity-provider': async (tx, resource) => (await tx.capacityProviders.get(resource.slice('capacity-provider/'.length)))?.status === 'ACTIVE',
  // A task set (`task-set/<cluster>/<service>/ecs-svc/<digits>`) while its service holds it.
  'task-set': async (tx, resource, arn) => {
    const [, cluster, service] = resource.split('/')
    const found = await tx.services.get(`${arn.slice(0, arn.length - resource.length)}service/${cluster}/${service}`)
    return found !== undefined && found.status !== 'INACTIVE' && (found.taskSets ?? []).some((t) => t.arn === arn)
  },
  'container-instance': async (tx, _resource, arn) => {
    const ci = await tx.containerInstances.get(arn)
    return ci !== undefined && ci.status !== 'INACTIVE'
  },
}

export async function requireTaggable(tx: ReadTx, arn: string, deps: Pick<EcsDeps, 'arns'>): Promise<void> {
  const resource = deps.arns.resourceOf(arn)
  if (resource === undefined) throw EcsErrors.invalidParameter(`The ARN ${arn} is not an ECS resource ARN of this region and account.`)
  const kind = resource.split('/')[0]!
  // Own members only: a client's ARN may name `constructor/x` or `__proto__/x`.
  const exists = Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined
  if (!exists) throw EcsErrors.invalidParameter(`The resource ${arn} does not support tagging.`)
  if (!(await exists(tx, resource, arn))) throw EcsErrors.resourceNotFound('The specified resource could not be found.')
}
