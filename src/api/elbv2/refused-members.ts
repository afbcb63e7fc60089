import type { RefusedMember, RefusedMembers } from '../shapes/refused-members.js'

/**
 * ELBv2 request members Berth does not act on, refused by name (ValidationError) rather than
 * dropped. Berth serves application load balancers of instance and ip targets over IPv4, with
 * forward, fixed-response and redirect actions; api/member-ledger.test.ts holds every other
 * member of the operations it implements to being acted on.
 */
const ALB_ONLY = 'Berth serves application load balancers only.'
const NO_AUTH = 'Berth has no identity provider to authenticate requests with; use forward, redirect or fixed-response.'

/** The members of an action that Berth has no use for: authentication and JWT validation. */
const actionRefusals = (at: string): RefusedMember[] => [
  { path: `${at}[].Type`, reason: NO_AUTH, refuses: (v) => typeof v === 'string' && !['forward', 'redirect', 'fixed-response'].includes(v) },
  { path: `${at}[].AuthenticateOidcConfig`, reason: NO_AUTH },
  { path: `${at}[].AuthenticateCognitoConfig`, reason: NO_AUTH },
  { path: `${at}[].JwtValidationConfig`, reason: NO_AUTH },
]

const LISTENER: RefusedMember[] = [
  ...actionRefusals('DefaultActions'),
  { path: 'Certificates[].IsDefault', reason: 'a listener has one certificate, its default; IsDefault is for listener certificate lists.' },
  { path: 'AlpnPolicy', reason: 'ALPN policies are for TLS listeners of network load balancers.' },
  { path: 'MutualAuthentication', reason: 'Berth does not verify client certificates (no trust stores).' },
]

const CONDITIONS: RefusedMember[] = [
  { path: 'Conditions[].RegexValues', reason: 'regular-expression conditions are not supported; use Values with * and ? wildcards.' },
  { path: 'Conditions[].HostHeaderConfig.RegexValues', reason: 'regular-expression conditions are not supported; use Values with * and ? wildcards.' },
  { path: 'Conditions[].PathPatternConfig.RegexValues', reason: 'regular-expression conditions are not supported; use Values with * and ? wildcards.' },
  { path: 'Conditions[].HttpHeaderConfig.RegexValues', reason: 'regular-expression conditions are not supported; use Values with * and ? wildcards.' },
]

const TRANSFORMS: RefusedMember = { path: 'Transforms', reason: 'Berth does not rewrite hosts or URLs.' }
const QUIC: RefusedMember = { path: 'Targets[].QuicServerId', reason: 'QUIC is for network load balancers.' }
const GRPC: RefusedMember = { path: 'Matcher.GrpcCode', reason: 'Berth has no gRPC target groups; use Matcher.HttpCode.' }

export const ELBV2_REFUSED_MEMBERS: RefusedMembers = {
  CreateLoadBalancer: [
    { path: 'Type', reason: ALB_ONLY, refuses: (v) => v !== 'application' },
    { path: 'IpAddressType', reason: 'Berth load balancers are IPv4 only.', refuses: (v) => v !== 'ipv4' },
    { path: 'SubnetMappings[].AllocationId', reason: 'Elastic IP addresses are for network load balancers.' },
    { path: 'SubnetMappings[].PrivateIPv4Address', reason: 'private addresses are for internal network load balancers.' },
    { path: 'SubnetMappings[].IPv6Address', reason: 'Berth load balancers are IPv4 only.' },
    { path: 'SubnetMappings[].SourceNatIpv6Prefix', reason: 'source NAT is for network load balancers.' },
    { path: 'CustomerOwnedIpv4Pool', reason: 'Berth has no Outposts.' },
    { path: 'EnablePrefixForIpv6SourceNat', reason: 'source NAT is for network load balancers.', refuses: (v) => v !== 'off' },
    { path: 'IpamPools', reason: 'Berth has no IPAM pools.' },
  ],
  CreateListener: LISTENER,
  ModifyListener: LISTENER,
  CreateRule: [...CONDITIONS, ...actionRefusals('Actions'), TRANSFORMS],
  ModifyRule: [...CONDITIONS, ...actionRefusals('Actions'), TRANSFORMS, { path: 'ResetTransforms', reason: 'Berth does not rewrite hosts or URLs.' }],
  CreateTargetGroup: [
    { path: 'Protocol', reason: `${ALB_ONLY} Target groups are HTTP or HTTPS.`, refuses: (v) => v !== 'HTTP' && v !== 'HTTPS' },
    { path: 'ProtocolVersion', reason: 'Berth talks HTTP/1.1 to targets.', refuses: (v) => v !== 'HTTP1' },
    { path: 'TargetType', reason: 'Berth targets are instances or IP addresses.', refuses: (v) => v !== 'instance' && v !== 'ip' },
    { path: 'IpAddressType', reason: 'Berth targets are IPv4 only.', refuses: (v) => v !== 'ipv4' },
    { path: 'TargetControlPort', reason: 'target control is for network load balancers.' },
    GRPC,
  ],
  ModifyTargetGroup: [GRPC],
  RegisterTargets: [QUIC],
  DeregisterTargets: [QUIC],
  DescribeTargetHealth: [QUIC, { path: 'Include', reason: 'Berth has no anomaly detection.' }],
}
