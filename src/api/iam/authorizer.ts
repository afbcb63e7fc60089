import { WireErrors } from '../../core/errors.js'
import {
  accessDeniedMessage,
  conditionContext,
  evaluate,
  principalKeys,
  resourceTagKeys,
  type Identity,
  type Policy,
} from '../../core/iam/index.js'
import type { ReadTx, Store } from '../../state/store.js'
import type { Authorize } from '../protocols/json-protocol.js'
import type { AuthorizationCheck, AuthorizationTable } from './authorization-table.js'

export interface AuthorizerOptions<Names, Ref> {
  table: AuthorizationTable<Names, Ref>
  names: Names
  store: Store
  /** The region Berth serves: aws:RequestedRegion (a request for another never gets this far). */
  region: string
  /** The IAM prefix of the service's actions (ecs, logs, elasticloadbalancing). */
  prefix: string
  /** Turns a reference a check could not name as an ARN into one, reading the store. */
  resolve?: (ref: Ref, tx: ReadTx) => Promise<string>
  /** ECS resources also answer `ecs:ResourceTag/<key>`. */
  ecsResourceTags?: boolean
  /** ELBv2 leaves "on resource: *" out of its AccessDenied messages; ECS and Logs keep it. */
  omitWildcardResource?: boolean
}

/**
 * The authorize hook of a service (see JsonServiceSpec.authorize): evaluates the caller's
 * policies for every check the operation's table entry gives, and throws AccessDenied, in
 * AWS's words, for the first one denied. It only reads: a denied request changes nothing.
 * Callers without policies (open mode, or a key given none) are not checked.
 */
export function createAuthorizer<Names, Ref>(o: AuthorizerOptions<Names, Ref>): Authorize {
  return async (operation, input, ctx) => {
    const identity = ctx.caller?.identity
    if (!identity?.policies) return
    const policies = identity.policies
    // An operation missing from the table is authorized as one that names no resource: the
    // ledger test keeps that from happening, and it is never an allow by omission.
    const entry = Object.hasOwn(o.table, operation) ? o.table[operation] : undefined
    const checks: AuthorizationCheck<Ref>[] = entry ? entry(input, o.names) : [{ action: `${o.prefix}:${operation}`, resource: '*' }]
    const withTags = readsResourceTags(policies)
    await o.store.read(async (tx) => {
      for (const check of checks) await authorizeOne(check, tx, identity, policies, withTags)
    })
  }

  async function authorizeOne(check: AuthorizationCheck<Ref>, tx: ReadTx, identity: Identity, policies: readonly Policy[], withTags: boolean): Promise<void> {
    const resource = typeof check.resource === 'string' ? check.resource : await resolveRef(check.resource, tx)
    const tagsOf = check.tagsOf ?? resource
    const tags = withTags && tagsOf !== '*' ? await tx.tags.get(tagsOf) : []
    const context = conditionContext({
      ...check.context,
      'aws:RequestedRegion': o.region,
      'aws:SecureTransport': 'false', // Berth serves plain HTTP
      ...principalKeys(identity),
      ...resourceTagKeys(tags, o.ecsResourceTags ?? false),
    })
    const decision = evaluate(policies, { action: check.action, resource, context })
    if (decision.effect === 'allow') return
    const options = o.omitWildcardResource ? { omitWildcardResource: true } : {}
    throw WireErrors.accessDenied(accessDeniedMessage(identity.arn, check.action, resource, decision.explicit, options))
  }

  function resolveRef(ref: Ref, tx: ReadTx): Promise<string> {
    if (!o.resolve) throw new Error(`the ${o.prefix} authorization table gave a reference and no resolver`)
    return o.resolve(ref, tx)
  }
}

/** Tags are read only for callers whose policies test them: most checks then cost no store read. */
const tagReaders = new WeakMap<readonly Policy[], boolean>()
function readsResourceTags(policies: readonly Policy[]): boolean {
  let reads = tagReaders.get(policies)
  if (reads === undefined) {
    reads = policies.some((p) => p.statements.some((s) => s.conditions.some((c) => /^(aws|ecs):resourcetag\//.test(c.key))))
    tagReaders.set(policies, reads)
  }
  return reads
}
