import type { ApiError } from '../../core/errors.js'
import { isSet, valuesAt } from '../../core/member-paths.js'

/**
 * Members the model has and Berth does not act on. A request that sets one is refused with
 * the service's parameter error, naming the member, rather than accepted and the member
 * dropped. Each service lists its own per operation (ecs/refused-members.ts, logs/...); the
 * protocol layer checks them after validation, before the operation runs.
 */
export interface RefusedMember {
  /**
   * Where the member sits in the input: `networkConfiguration`,
   * `overrides.containerOverrides[].environmentFiles` (`[]`: every item of a list).
   */
  path: string
  /** Why, in words the caller can act on. */
  reason: string
  /**
   * Which values are refused. Default: any that is set, where false, [] and {} count as
   * unset (they ask for nothing). Give it when only some values are unsupported
   * (`enableExecuteCommand: true`, a log group class other than STANDARD).
   */
  refuses?: (value: unknown) => boolean
}

/** Refused members by operation name. */
export type RefusedMembers = Readonly<Record<string, readonly RefusedMember[]>>

export interface RefusedHit {
  /** The member as the request set it, indices filled in: `overrides.containerOverrides[1].environmentFiles`. */
  path: string
  value: unknown
  rule: RefusedMember
}

/** The first refused member `input` sets, in table order, or undefined (pure). */
export function findRefusedMember(input: unknown, rules: readonly RefusedMember[]): RefusedHit | undefined {
  for (const rule of rules) {
    for (const { path, value } of valuesAt(input, rule.path)) {
      if ((rule.refuses ?? isSet)(value)) return { path, value, rule }
    }
  }
  return undefined
}

/** Throws `invalid` naming the first refused member `input` sets. */
export function refuseUnsupportedMembers(input: unknown, rules: readonly RefusedMember[] | undefined, invalid: (message: string) => ApiError): void {
  const hit = rules && findRefusedMember(input, rules)
  if (!hit) return
  const shown = hit.rule.refuses && isScalar(hit.value) ? `${hit.path}=${String(hit.value)}` : hit.path
  throw invalid(`Berth does not support ${shown}: ${hit.rule.reason}`)
}

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
