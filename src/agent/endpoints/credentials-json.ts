import type { TaskRoleCredentials } from '../../core/agent-protocol.js'

/**
 * How long the served credentials say they last. The operator's keys are static, so this only
 * paces the SDKs: they fetch again shortly before it (and each answer moves it on).
 */
export const CREDENTIALS_LIFETIME_MS = 6 * 60 * 60 * 1000

/**
 * `GET /v2/credentials/<id>`: the ECS agent's IAMRoleCredentials JSON, which the SDKs' container
 * credential providers parse (pure). Token is always present ("" for long-term keys): the
 * providers read it unconditionally. Expiration is RFC 3339 to the second, as the ECS agent sends it.
 */
export function credentialsJson(c: TaskRoleCredentials, nowMs: number): Record<string, string> {
  return {
    RoleArn: c.roleArn,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    Token: c.sessionToken ?? '',
    Expiration: new Date(nowMs + CREDENTIALS_LIFETIME_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  }
}

/** The ECS agent's error body for credentials requests: 400 for a missing or unknown id. */
export const credentialsError = (code: 'NoIdInRequest' | 'InvalidIdInRequest', message: string) => ({ code, message })
