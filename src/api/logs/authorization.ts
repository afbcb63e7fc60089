import type * as Logs from '../../core/aws-model/logs.types.js'
import type { LogsArns } from '../../core/model/log.js'
import { requestTagKeys, type AuthorizationCheck, type AuthorizationTable, type OperationChecks } from '../iam/index.js'
import { groupNameOf } from './resolve.js'

/**
 * What each CloudWatch Logs operation asks IAM, after AWS's "Actions, resources, and condition
 * keys for Amazon CloudWatch Logs". The resource ARNs are the ones Logs names in its own
 * AccessDenied answers:
 *   group actions by name   arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:
 *   stream actions          arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:<stream>
 *   actions on a resourceArn  that ARN (log-group:<name>)
 *   DescribeLogGroups       * (the reference lists no resource type)
 * so a policy's `log-group:<name>:*` allows them all, as on AWS. A stream's tags are its group's.
 * Creating a group with tags also asks logs:TagResource, as Logs does.
 */
type Check = AuthorizationCheck
type Context = NonNullable<Check['context']>
type Entry<I> = OperationChecks<LogsArns, never, I>

const logs = (action: string) => `logs:${action}`

/** An action on a group, named as the legacy actions name it. */
const onGroup = (action: string, name: string, arns: LogsArns, context: Context = {}): Check => ({
  action: logs(action),
  resource: arns.stream(name, ''),
  tagsOf: arns.group(name),
  context,
})

const onStream = (action: string, group: string, stream: string, arns: LogsArns): Check => ({
  action: logs(action),
  resource: arns.stream(group, stream),
  tagsOf: arns.group(group),
})

/** Logs tags are a map; IAM's tag keys take them as a list. */
const tagList = (tags: Readonly<Record<string, string>> | undefined) => Object.entries(tags ?? {}).map(([key, value]) => ({ key, value }))

const byName =
  (action: string): Entry<{ logGroupName: string }> =>
  (input, arns) => [onGroup(action, input.logGroupName, arns)]

/** Actions that take logGroupName or logGroupIdentifier (a name or an ARN). */
const byIdentifier =
  (action: string): Entry<{ logGroupName?: string | undefined; logGroupIdentifier?: string | undefined }> =>
  (input, arns) => [onGroup(action, groupNameOf(input, arns), arns)]

const onStreamOf =
  (action: string): Entry<{ logGroupName?: string | undefined; logGroupIdentifier?: string | undefined; logStreamName: string }> =>
  (input, arns) => [onStream(action, groupNameOf(input, arns), input.logStreamName, arns)]

/** TagResource & co name the group by ARN; its tags live under the ARN without `:*`. */
const onResourceArn =
  (action: string, context: (input: never) => Context = () => ({})): Entry<{ resourceArn: string }> =>
  (input, arns) => {
    const name = arns.groupNameOf(input.resourceArn)
    return [{ action: logs(action), resource: input.resourceArn, tagsOf: name !== undefined ? arns.group(name) : input.resourceArn, context: context(input as never) }]
  }

const createLogGroup: Entry<Logs.CreateLogGroupRequest> = (input, arns) => {
  const tags = requestTagKeys(tagList(input.tags))
  const checks = [onGroup('CreateLogGroup', input.logGroupName, arns, tags)]
  if (input.tags && Object.keys(input.tags).length > 0) checks.push({ action: logs('TagResource'), resource: arns.group(input.logGroupName), context: tags })
  return checks
}

export const LOGS_AUTHORIZATION: AuthorizationTable<LogsArns> = {
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: byName('DeleteLogGroup'),
  DescribeLogGroups: () => [{ action: logs('DescribeLogGroups'), resource: '*' }],
  PutRetentionPolicy: byName('PutRetentionPolicy'),
  DeleteRetentionPolicy: byName('DeleteRetentionPolicy'),
  CreateLogStream: onStreamOf('CreateLogStream'),
  DeleteLogStream: onStreamOf('DeleteLogStream'),
  DescribeLogStreams: byIdentifier('DescribeLogStreams'),
  PutLogEvents: onStreamOf('PutLogEvents'),
  GetLogEvents: onStreamOf('GetLogEvents'),
  FilterLogEvents: byIdentifier('FilterLogEvents'),
  TagResource: onResourceArn('TagResource', (input: Logs.TagResourceRequest) => requestTagKeys(tagList(input.tags))),
  UntagResource: onResourceArn('UntagResource', (input: Logs.UntagResourceRequest) => ({ 'aws:TagKeys': input.tagKeys })),
  ListTagsForResource: onResourceArn('ListTagsForResource'),
  TagLogGroup: (input: Logs.TagLogGroupRequest, arns) => [onGroup('TagLogGroup', input.logGroupName, arns, requestTagKeys(tagList(input.tags)))],
  UntagLogGroup: (input: Logs.UntagLogGroupRequest, arns) => [onGroup('UntagLogGroup', input.logGroupName, arns, { 'aws:TagKeys': input.tags })],
  ListTagsLogGroup: byName('ListTagsLogGroup'),
}
