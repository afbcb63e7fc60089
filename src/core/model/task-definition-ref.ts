import type { EcsArns } from '../arn.js'

/**
 * How requests name a task definition: `family` (its newest ACTIVE revision), `family:revision`,
 * or the full ARN `arn:aws:ecs:<region>:<account>:task-definition/family:revision`.
 */
export type TaskDefinitionRef =
  | { kind: 'family'; family: string }
  | { kind: 'revision'; family: string; revision: number }
  /** `family:<not a number>`: ECS names the bad revision in its error. */
  | { kind: 'bad-revision'; family: string; revision: string }
  /** An ARN of another region, account or resource type: nothing Berth could hold. */
  | { kind: 'unknown' }

const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/
const REVISION = /^[1-9]\d{0,9}$/

export function parseTaskDefinitionRef(ref: string, arns: Pick<EcsArns, 'resourceOf'>): TaskDefinitionRef {
  let name = ref
  if (ref.startsWith('arn:')) {
    const resource = arns.resourceOf(ref)
    if (!resource?.startsWith('task-definition/')) return { kind: 'unknown' }
    name = resource.slice('task-definition/'.length)
  }
  const colon = name.lastIndexOf(':')
  const family = colon < 0 ? name : name.slice(0, colon)
  if (!FAMILY.test(family)) return { kind: 'unknown' }
  if (colon < 0) return { kind: 'family', family }
  const revision = name.slice(colon + 1)
  if (!REVISION.test(revision) || Number(revision) > 2 ** 31 - 1) return { kind: 'bad-revision', family, revision }
  return { kind: 'revision', family, revision: Number(revision) }
}
