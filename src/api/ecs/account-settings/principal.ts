import type { Partition } from '../../../core/config.js'
import { EcsErrors } from '../../../core/errors.js'
import type { OperationContext } from '../../protocols/json-protocol.js'

/** The account's root user: the principal whose settings are the account default. */
export const rootPrincipal = (partition: Partition) => `arn:aws:iam::${partition.accountId}:root`

/** An IAM user or role of the account, or its root. */
const PRINCIPAL = /^arn:aws:iam::(\d{12}):(root|user\/[\w+=,.@/-]{1,512}|role\/[\w+=,.@/-]{1,512})$/

/**
 * The principal a setting is about: the one named (an IAM user, role or root ARN of this
 * account), else the caller (its keys-file user; root for a plain key or in open mode).
 */
export function principalOf(given: string | undefined, partition: Partition, ctx: OperationContext | undefined): string {
  if (given === undefined) return ctx?.caller?.identity?.arn ?? rootPrincipal(partition)
  const match = PRINCIPAL.exec(given)
  if (!match) throw EcsErrors.invalidParameter(`principalArn ${given} is not the ARN of an IAM user, role or root user.`)
  if (match[1] !== partition.accountId) throw EcsErrors.invalidParameter(`principalArn ${given} is not in account ${partition.accountId}.`)
  return given
}
