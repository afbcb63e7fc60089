import type { ResolvedContainer } from '../../core/model/task-sources.js'

/**
 * A container's environment with what the server resolved for it, in the ECS agent's order
 * (pure): environment-file variables fill in only names `environment` (and its override) left
 * unset, and secrets are set over everything.
 */
export function withResolvedEnvironment(env: Record<string, string> | undefined, resolved: ResolvedContainer | undefined): Record<string, string> | undefined {
  if (!resolved?.fileEnvironment && !resolved?.secretEnvironment) return env
  const out: Record<string, string> = { ...resolved.fileEnvironment, ...env, ...resolved.secretEnvironment }
  return Object.keys(out).length ? out : undefined
}
