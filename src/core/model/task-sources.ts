import type { ContainerDefinition, TaskDefinition } from '../aws-model/ecs.types.js'

/**
 * Where a task's `secrets`, `environmentFiles` and `repositoryCredentials` come from. There is
 * no Parameter Store, Secrets Manager or S3 here: the operator names their values in a file
 * the server reads at start (task-sources-file.ts), and the server resolves them when it hands
 * a task to its agent. Values never enter the store. Pure.
 */
export interface TaskSources {
  /** SSM parameter name (`/prod/db/password`, `plain`) → its value. */
  parameters: ReadonlyMap<string, string>
  /** Secrets Manager secret ARN (with its 6-character suffix) → its SecretString. */
  secrets: ReadonlyMap<string, string>
  /** S3 object ARN (`arn:aws:s3:::bucket/key.env`) → the object's text. */
  s3Objects: ReadonlyMap<string, string>
}

export const NO_TASK_SOURCES: TaskSources = { parameters: new Map(), secrets: new Map(), s3Objects: new Map() }

/** One `valueFrom`, as ECS reads it: an SSM parameter (name or ARN) or a Secrets Manager ARN with its optional suffix. */
export type SecretRef =
  | { kind: 'ssm'; name: string }
  | { kind: 'asm'; secretArn: string; jsonKey?: string; versionStage?: string; versionId?: string }

/**
 * `valueFrom` → what it names (pure), or why it names nothing.
 * - `arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>:<version-stage>:<version-id>]`:
 *   the first seven fields are the secret's ARN, the rest optional (empty = absent);
 * - `arn:aws:ssm:<region>:<account>:parameter/<name>`: `parameter/a/b` names `/a/b`, `parameter/a` names `a`;
 * - anything else that is not an ARN: an SSM parameter's name, as given.
 */
export function parseValueFrom(valueFrom: string): SecretRef | { error: string } {
  if (!valueFrom.startsWith('arn:')) return valueFrom.length ? { kind: 'ssm', name: valueFrom } : { error: 'valueFrom is empty' }
  const parts = valueFrom.split(':')
  const service = parts[2]
  if (service === 'secretsmanager') {
    if (parts.length < 7 || parts[5] !== 'secret' || !parts[6]) return { error: `${valueFrom} is not a Secrets Manager secret ARN` }
    if (parts.length > 10) return { error: `${valueFrom} has more than the json-key, version-stage and version-id fields after the secret ARN` }
    const [jsonKey, versionStage, versionId] = parts.slice(7)
    return {
      kind: 'asm',
      secretArn: parts.slice(0, 7).join(':'),
      ...(jsonKey ? { jsonKey } : {}),
      ...(versionStage ? { versionStage } : {}),
      ...(versionId ? { versionId } : {}),
    }
  }
  if (service === 'ssm') {
    const resource = parts.slice(5).join(':')
    if (!resource.startsWith('parameter/') || resource.length === 'parameter/'.length) return { error: `${valueFrom} is not an SSM parameter ARN` }
    const rest = resource.slice('parameter/'.length)
    return { kind: 'ssm', name: rest.includes('/') ? `/${rest}` : rest }
  }
  return { error: `${valueFrom} is neither an SSM parameter nor a Secrets Manager secret` }
}

/**
 * An environment file's text → its variables, as the ECS agent reads one (envfile.go): a line
 * that starts with `#` is a comment; a line with `=` is split at the first one, and kept when
 * both sides are non-empty; every other line is skipped. Nothing is trimmed or unquoted:
 * `A = "b"` sets `A ` to ` "b"`. Within one file a later line wins.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (line.startsWith('#')) continue
    const eq = line.indexOf('=')
    if (eq <= 0 || eq === line.length - 1) continue
    out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}

/** What one container gets from the operator's sources; the agent merges it (agent/engine/resolved-environment.ts). */
export interface ResolvedContainer {
  name: string
  /** Its environment files' variables, merged: the first file that sets a name wins. */
  fileEnvironment?: Record<string, string>
  /** Its secrets, by variable name. */
  secretEnvironment?: Record<string, string>
  /** `repositoryCredentials`: the secret's username and password. */
  registryAuth?: { username: string; password: string }
}

export type Resolution = { ok: true; containers: ResolvedContainer[] } | { ok: false; problems: string[] }

/**
 * Every container's secrets, environment files and registry credentials, looked up in the
 * operator's sources (pure). Each that cannot be resolved is a problem, named.
 */
export function resolveTaskSources(td: TaskDefinition, sources: TaskSources): Resolution {
  const problems: string[] = []
  const containers: ResolvedContainer[] = []
  for (const def of td.containerDefinitions ?? []) {
    const resolved = resolveContainer(def, sources, problems)
    if (resolved) containers.push(resolved)
  }
  return problems.length ? { ok: false, problems } : { ok: true, containers }
}

/** Whether the definition asks for anything resolveTaskSources resolves. */
export const needsTaskSources = (td: TaskDefinition): boolean =>
  (td.containerDefinitions ?? []).some((c) => (c.secrets?.length ?? 0) > 0 || (c.environmentFiles?.length ?? 0) > 0 || c.repositoryCredentials !== undefined)

function resolveContainer(def: ContainerDefinition, sources: TaskSources, problems: string[]): ResolvedContainer | undefined {
  const name = def.name ?? ''
  const out: ResolvedContainer = { name }
  const where = `container ${name}`
  if (def.environmentFiles?.length) {
    const merged: Record<string, string> = {}
    for (const f of def.environmentFiles) {
      if (f.type !== 's3') {
        problems.push(`${where}: environment file type ${String(f.type)} is not s3`)
        continue
      }
      const text = sources.s3Objects.get(f.value)
      if (text === undefined) {
        problems.push(`${where}: environment file ${f.value} is not among the configured S3 objects`)
        continue
      }
      for (const [k, v] of Object.entries(parseEnvFile(text))) if (!Object.hasOwn(merged, k)) merged[k] = v
    }
    out.fileEnvironment = merged
  }
  if (def.secrets?.length) {
    const env: Record<string, string> = {}
    for (const s of def.secrets) {
      const value = lookup(s.valueFrom, sources)
      if (typeof value === 'string') env[s.name] = value
      else problems.push(`${where}: secret ${s.name}: ${value.error}`)
    }
    out.secretEnvironment = env
  }
  if (def.repositoryCredentials) {
    const p = def.repositoryCredentials.credentialsParameter
    const auth = registryAuthOf(p, sources)
    if ('error' in auth) problems.push(`${where}: repositoryCredentials ${auth.error}`)
    else out.registryAuth = auth
  }
  return out.fileEnvironment || out.secretEnvironment || out.registryAuth ? out : undefined
}

/** A secret's value (the whole SecretString, or one JSON key of it), or why there is none. */
export function lookup(valueFrom: string, sources: TaskSources): string | { error: string } {
  const ref = parseValueFrom(valueFrom)
  if ('error' in ref) return ref
  if (ref.kind === 'ssm') {
    const v = sources.parameters.get(ref.name)
    return v ?? { error: `SSM parameter ${ref.name} is not among the configured parameters` }
  }
  const secret = findSecret(ref.secretArn, sources)
  if (secret === undefined) return { error: `Secrets Manager secret ${ref.secretArn} is not among the configured secrets` }
  if (ref.versionId !== undefined || (ref.versionStage !== undefined && ref.versionStage !== 'AWSCURRENT')) {
    return { error: `${valueFrom} names a version (${ref.versionId ?? ref.versionStage}); configured secrets have only their AWSCURRENT value` }
  }
  if (ref.jsonKey === undefined) return secret
  let parsed: unknown
  try {
    parsed = JSON.parse(secret)
  } catch {
    return { error: `secret ${ref.secretArn} is not JSON, so it has no key ${ref.jsonKey}` }
  }
  const v = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>)[ref.jsonKey] : undefined
  if (v === undefined) return { error: `secret ${ref.secretArn} has no JSON key ${ref.jsonKey}` }
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/**
 * The configured secret an ARN names: the ARN as configured, or a partial ARN (without the
 * `-AbCdEf` suffix Secrets Manager adds), which ECS also accepts.
 */
function findSecret(arn: string, sources: TaskSources): string | undefined {
  const exact = sources.secrets.get(arn)
  if (exact !== undefined) return exact
  for (const [configured, value] of sources.secrets) if (/-[A-Za-z0-9]{6}$/.test(configured) && configured.slice(0, -7) === arn) return value
  return undefined
}

/** `repositoryCredentials.credentialsParameter`: a Secrets Manager secret holding {"username", "password"}. */
export function registryAuthOf(credentialsParameter: string, sources: TaskSources): { username: string; password: string } | { error: string } {
  const ref = parseValueFrom(credentialsParameter)
  if ('error' in ref) return ref
  if (ref.kind !== 'asm') return { error: `${credentialsParameter} is not a Secrets Manager secret ARN` }
  const value = lookup(credentialsParameter, sources)
  if (typeof value !== 'string') return value
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    parsed = undefined
  }
  const o = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  if (typeof o['username'] !== 'string' || typeof o['password'] !== 'string') {
    return { error: `secret ${ref.secretArn} does not hold {"username", "password"}` }
  }
  return { username: o['username'], password: o['password'] }
}

/**
 * The stoppedReason of a task whose sources cannot be resolved when it is handed to its
 * agent (the operator's file changed since RunTask), in the words ECS uses.
 */
export const resourceInitializationError = (problems: readonly string[]): string =>
  `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ${problems.join('; ')}`
