/**
 * AWS's access-denied text for identity-based policies (IAM User Guide, "Troubleshoot access
 * denied error messages"; the same words in ECS, Logs and ELBv2 answers):
 *   User: <arn> is not authorized to perform: <action> on resource: <arn> because no identity-based policy allows the <action> action
 *   User: <arn> is not authorized to perform: <action> on resource: <arn> with an explicit deny in an identity-based policy
 * ELBv2 leaves out "on resource: *" for actions that name no resource; ECS and Logs keep it.
 */
export function accessDeniedMessage(
  principalArn: string,
  action: string,
  resource: string,
  explicit: boolean,
  options: { omitWildcardResource?: boolean } = {},
): string {
  const on = resource === '*' && options.omitWildcardResource ? '' : ` on resource: ${resource}`
  const why = explicit ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the ${action} action`
  return `User: ${principalArn} is not authorized to perform: ${action}${on} ${why}`
}
