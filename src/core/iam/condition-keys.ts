/**
 * The condition keys Berth puts in a request's context, and so the only ones a policy may
 * name: a policy using any other is refused when it is loaded, never evaluated as if the key
 * were merely absent. Key names are case-insensitive, as in IAM; they are kept lower-cased.
 *
 * | key                        | type   | values                                                    |
 * |----------------------------|--------|-----------------------------------------------------------|
 * | aws:RequestedRegion        | String | the region Berth serves (the only one a request may name)  |
 * | aws:PrincipalArn           | ARN    | arn:aws:iam::<account>:user/<name> of the access key       |
 * | aws:username               | String | the key's user name                                        |
 * | aws:PrincipalTag/<key>     | String | the key's tags (keys file)                                 |
 * | aws:SecureTransport        | Bool   | false: Berth serves plain HTTP                             |
 * | aws:ResourceTag/<key>      | String | the tags of the resource acted on                          |
 * | aws:RequestTag/<key>       | String | tags the request sets                                      |
 * | aws:TagKeys                | String, multivalued | keys of the tags the request sets or removes  |
 * | ecs:cluster                | ARN    | the cluster the request acts in                            |
 * | ecs:ResourceTag/<key>      | String | ECS's own name for aws:ResourceTag/<key>                   |
 * | ecs:CreateAction           | String | the creating action, on ecs:TagResource at creation        |
 * | cloudwatch:namespace       | String | the namespace PutMetricData puts into                      |
 */
export type KeyType = 'String' | 'ARN' | 'Bool'

export interface KeySpec {
  type: KeyType
  /** Multivalued keys take ForAllValues:/ForAnyValue: operators only. */
  multivalued: boolean
}

const EXACT: Readonly<Record<string, KeySpec>> = {
  'aws:requestedregion': { type: 'String', multivalued: false },
  'aws:principalarn': { type: 'ARN', multivalued: false },
  'aws:username': { type: 'String', multivalued: false },
  'aws:securetransport': { type: 'Bool', multivalued: false },
  'aws:tagkeys': { type: 'String', multivalued: true },
  'ecs:cluster': { type: 'ARN', multivalued: false },
  'ecs:createaction': { type: 'String', multivalued: false },
  'cloudwatch:namespace': { type: 'String', multivalued: false },
}

/** Keys with a tag key after the slash. */
const TAG_PREFIXES = ['aws:principaltag/', 'aws:resourcetag/', 'aws:requesttag/', 'ecs:resourcetag/']

/** The spec of a key a policy names (any case), or undefined when Berth does not supply it. */
export function conditionKeySpec(key: string): KeySpec | undefined {
  const lower = key.toLowerCase()
  if (Object.hasOwn(EXACT, lower)) return EXACT[lower]
  const prefix = TAG_PREFIXES.find((p) => lower.startsWith(p))
  return prefix && lower.length > prefix.length ? { type: 'String', multivalued: false } : undefined
}

/** The keys a policy may use, for the message that refuses another. */
export const SUPPORTED_KEYS =
  'aws:RequestedRegion, aws:PrincipalArn, aws:username, aws:PrincipalTag/<key>, aws:SecureTransport, ' +
  'aws:ResourceTag/<key>, aws:RequestTag/<key>, aws:TagKeys, ecs:cluster, ecs:ResourceTag/<key>, ecs:CreateAction, cloudwatch:namespace'

/** A request's condition context: lower-cased key → its values (one, or several for multivalued keys). */
export type ConditionContext = ReadonlyMap<string, readonly string[]>

/** Builds a context from key/value pairs, lower-casing the keys; undefined values are left out. */
export function conditionContext(entries: Record<string, string | readonly string[] | undefined>): Map<string, readonly string[]> {
  const context = new Map<string, readonly string[]>()
  for (const [key, value] of Object.entries(entries)) {
    if (value === undefined) continue
    const lower = key.toLowerCase()
    // Two tags differing only in case name one key; the first one set wins.
    if (!context.has(lower)) context.set(lower, typeof value === 'string' ? [value] : value)
  }
  return context
}

/** `aws:ResourceTag/<k>` entries for a resource's tags, and ECS's `ecs:ResourceTag/<k>` for an ECS resource. */
export function resourceTagKeys(tags: readonly { key: string; value: string }[], ecs: boolean): Record<string, string> {
  const out: Record<string, string> = {}
  for (const t of tags) {
    out[`aws:ResourceTag/${t.key}`] = t.value
    if (ecs) out[`ecs:ResourceTag/${t.key}`] = t.value
  }
  return out
}
