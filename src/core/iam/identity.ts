import type { Policy } from './policy.js'

/**
 * Who an access key is, for authorization: an IAM user of Berth's account. The keys file
 * names the user and attaches its policies; a key without a name is the user named by its id.
 */
export interface Identity {
  accessKeyId: string
  userName: string
  /** arn:aws:iam::<account>:user/<name>: the principal in AccessDenied messages and aws:PrincipalArn. */
  arn: string
  /** aws:PrincipalTag/<key>. */
  tags: Readonly<Record<string, string>>
  /**
   * The policies attached to the key. Undefined: none was given, and the key may do
   * everything, as every key could before policies existed (a plain --access-key AKID:SECRET).
   * An empty list denies everything.
   */
  policies: readonly Policy[] | undefined
}

export const userArn = (accountId: string, userName: string): string => `arn:aws:iam::${accountId}:user/${userName}`

/** The condition keys that describe the caller. */
export function principalKeys(identity: Identity): Record<string, string> {
  const out: Record<string, string> = { 'aws:PrincipalArn': identity.arn, 'aws:username': identity.userName }
  for (const [k, v] of Object.entries(identity.tags)) out[`aws:PrincipalTag/${k}`] = v
  return out
}
