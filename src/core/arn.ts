import type { Partition } from './config.js'

/**
 * ECS ARNs in the long format (the only format ECS issues today):
 *   arn:aws:ecs:<region>:<account>:cluster/<name>
 *   arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>
 *   arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>
 *   arn:aws:ecs:<region>:<account>:task/<cluster>/<id>
 *   arn:aws:ecs:<region>:<account>:service/<cluster>/<name>
 *   arn:aws:ecs:<region>:<account>:container/<cluster>/<task-id>/<uuid>
 *   arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>
 *   arn:aws:ecs:<region>:<account>:service-revision/<cluster>/<service>/<digits>
 *   arn:aws:ecs:<region>:<account>:capacity-provider/<name>
 *   arn:aws:ecs:<region>:<account>:task-set/<cluster>/<service>/ecs-svc/<digits>
 */
export class EcsArns {
  readonly #prefix: string
  constructor(readonly partition: Partition) {
    this.#prefix = `arn:aws:ecs:${partition.region}:${partition.accountId}:`
  }
  cluster = (name: string) => `${this.#prefix}cluster/${name}`
  taskDefinition = (family: string, revision: number) => `${this.#prefix}task-definition/${family}:${revision}`
  containerInstance = (cluster: string, id: string) => `${this.#prefix}container-instance/${cluster}/${id}`
  task = (cluster: string, id: string) => `${this.#prefix}task/${cluster}/${id}`
  service = (cluster: string, name: string) => `${this.#prefix}service/${cluster}/${name}`
  container = (cluster: string, taskId: string, uuid: string) => `${this.#prefix}container/${cluster}/${taskId}/${uuid}`
  serviceDeployment = (cluster: string, service: string, id: string) => `${this.#prefix}service-deployment/${cluster}/${service}/${id}`
  capacityProvider = (name: string) => `${this.#prefix}capacity-provider/${name}`
  serviceRevision = (cluster: string, service: string, digits: string) => `${this.#prefix}service-revision/${cluster}/${service}/${digits}`
  /** `id` is the task set's id, `ecs-svc/<digits>`. */
  taskSet = (cluster: string, service: string, id: string) => `${this.#prefix}task-set/${cluster}/${service}/${id}`

  /** The resource part (`cluster/web`) of one of this partition's ECS ARNs, else undefined. */
  resourceOf(arn: string): string | undefined {
    return arn.startsWith(this.#prefix) ? arn.slice(this.#prefix.length) : undefined
  }
}

export interface ParsedArn {
  service: string
  region: string
  accountId: string
  resource: string
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const [, , service = '', region = '', accountId = ''] = parts
  return { service, region, accountId, resource: parts.slice(5).join(':') }
}
