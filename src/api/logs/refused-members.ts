import type { RefusedMembers } from '../shapes/refused-members.js'

/**
 * CloudWatch Logs request members Berth does not act on, refused by name
 * (InvalidParameterException) rather than dropped. Every other member of the operations
 * Berth implements is acted on; api/refused-members.test.ts holds each operation to that.
 */
export const LOGS_REFUSED_MEMBERS: RefusedMembers = {
  CreateLogGroup: [
    // Every group Berth keeps is STANDARD, and DescribeLogGroups says so.
    { path: 'logGroupClass', reason: 'Berth keeps every log group in the STANDARD class.', refuses: (v) => v !== 'STANDARD' },
    { path: 'deletionProtectionEnabled', reason: 'Berth has no deletion protection for log groups.', refuses: (v) => v === true },
  ],
  DescribeLogGroups: [
    { path: 'logGroupIdentifiers', reason: 'name the groups with logGroupNamePrefix or logGroupNamePattern instead.' },
  ],
  PutLogEvents: [{ path: 'entity', reason: 'Berth does not keep the entity (service, environment) that log events come from.' }],
}
