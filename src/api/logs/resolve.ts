import { LogsErrors } from '../../core/errors.js'
import { LOG_GROUP_NAME, isLogStreamName, type LogGroupRecord, type LogStreamRecord, type LogsArns } from '../../core/model/log.js'
import type { ReadTx } from '../../state/store.js'

/**
 * Name checks and lookups shared by the Logs actions. The model's name patterns are unanchored
 * (any string containing one valid character matches), so names are checked whole here.
 */
export function checkGroupName(name: string, member = 'logGroupName'): string {
  if (!LOG_GROUP_NAME.test(name)) {
    throw LogsErrors.validation(name, member, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+')
  }
  return name
}

export function checkStreamName(name: string, member = 'logStreamName'): string {
  if (!isLogStreamName(name)) throw LogsErrors.validation(name, member, 'Member must satisfy regular expression pattern: [^:*]*')
  return name
}

/**
 * The group a request names, by `logGroupName` or `logGroupIdentifier` (a name or a log-group
 * ARN): exactly one of them, as Logs requires.
 */
export function groupNameOf(input: { logGroupName?: string | undefined; logGroupIdentifier?: string | undefined }, arns: LogsArns): string {
  const { logGroupName, logGroupIdentifier } = input
  if (logGroupName !== undefined && logGroupIdentifier !== undefined) {
    throw LogsErrors.invalidParameter('LogGroupName and LogGroupIdentifier are mutually exclusive parameters.')
  }
  if (logGroupName !== undefined) return checkGroupName(logGroupName)
  if (logGroupIdentifier === undefined) throw LogsErrors.invalidParameter('Should provide either logGroupName or logGroupIdentifier.')
  if (logGroupIdentifier.startsWith('arn:')) {
    const name = arns.groupNameOf(logGroupIdentifier)
    if (name === undefined) throw LogsErrors.invalidParameter(`${logGroupIdentifier} is not a log group ARN of this region and account.`)
    return name
  }
  return checkGroupName(logGroupIdentifier, 'logGroupIdentifier')
}

export async function requireGroup(tx: ReadTx, name: string): Promise<LogGroupRecord> {
  const group = await tx.logs.group(name)
  if (!group) throw LogsErrors.groupNotFound()
  return group
}

export async function requireStream(tx: ReadTx, group: LogGroupRecord, name: string): Promise<LogStreamRecord> {
  const stream = await tx.logs.stream(group.id, name)
  if (!stream) throw LogsErrors.streamNotFound()
  return stream
}
