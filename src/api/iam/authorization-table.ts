/**
 * What an operation asks to do, as IAM sees it: one check per action × resource, computed
 * purely from the validated input. Each service keeps one table of these, by operation
 * (ecs/authorization.ts, logs/authorization.ts), after AWS's "Actions, resources, and
 * condition keys" for it. A request is allowed only when every one of its checks is.
 */
export interface AuthorizationCheck<Ref = never> {
  /** `ecs:RunTask`: the IAM action, in AWS's case (messages show it as written here). */
  action: string
  /**
   * The resource's ARN; `*` for actions that name none (ListClusters); or a reference the
   * service resolves against the store when the ARN needs it (a task definition named by family).
   */
  resource: string | Ref
  /** The ARN whose tags are this resource's `aws:ResourceTag/*` (a log stream's group); default: the resource. */
  tagsOf?: string
  /** The condition keys the request itself supplies: ecs:cluster, aws:RequestTag/*, aws:TagKeys, ... */
  context?: Readonly<Record<string, string | readonly string[] | undefined>>
}

/** One operation's entry: its checks from its validated input and the service's ARN builders. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OperationChecks<Names, Ref = never, I = any> = (input: I, names: Names) => AuthorizationCheck<Ref>[]

export type AuthorizationTable<Names, Ref = never> = Readonly<Record<string, OperationChecks<Names, Ref>>>

/** `aws:RequestTag/<key>` and `aws:TagKeys` for tags a request sets (or, keys only, removes). */
export function requestTagKeys(tags: ReadonlyArray<{ key?: string | undefined; value?: string | undefined }> | undefined): Record<string, string | readonly string[]> {
  const keyed = (tags ?? []).filter((t): t is { key: string; value?: string | undefined } => t.key !== undefined)
  if (keyed.length === 0) return {}
  const out: Record<string, string | readonly string[]> = { 'aws:TagKeys': keyed.map((t) => t.key) }
  for (const t of keyed) if (t.value !== undefined) out[`aws:RequestTag/${t.key}`] = t.value
  return out
}
