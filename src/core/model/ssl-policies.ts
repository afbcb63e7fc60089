/**
 * ELB's predefined security policies for HTTPS listeners, as the ALB guide's tables
 * ("Security policies for your Application Load Balancer": protocols by policy, ciphers by
 * policy) give them, in the order DescribeSSLPolicies lists each policy's ciphers (priority
 * 1 first). There are no custom policies on ALB. Read by DescribeSSLPolicies and
 * CreateListener/ModifyListener (the name must be one of these) and by the load-balancer
 * controller, which turns the listener's policy into the data plane's TLS settings.
 *
 * The `PQ` policies add hybrid post-quantum key exchange to the same protocols and ciphers as
 * their classical twins (the guide says so); Node's OpenSSL here negotiates the classical
 * groups only, so they behave as the twin does. FIPS policies are not listed: Berth's OpenSSL
 * is not a FIPS module.
 */
export interface SslPolicyDefinition {
  name: string
  /** `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`, newest first as ELB lists them. */
  protocols: readonly string[]
  /** OpenSSL names (TLS 1.3 suites as `TLS_…`), in the server's order of preference. */
  ciphers: readonly string[]
}

/** The default policy of an HTTPS listener created through the API, the CLI or CloudFormation (the console's differs). */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08'

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']
const ECDHE_GCM_128 = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256']
const ECDHE_CBC_128 = ['ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256']
const ECDHE_SHA1_128 = ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA']
const ECDHE_GCM_256 = ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']
const ECDHE_CBC_256 = ['ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384']
const ECDHE_SHA1_256 = ['ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA']
const RSA_TLS12 = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256']

/** ECDHE (GCM, CBC-SHA2, CBC-SHA1) then plain RSA: 2016-08's list, shared by many. */
const CLASSIC = [
  ...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_SHA1_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256, ...ECDHE_SHA1_256,
  'AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA',
]
const TLS12_STRICT = [...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256, ...RSA_TLS12]
const FS = [...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_SHA1_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256, ...ECDHE_SHA1_256]

const V13 = ['TLSv1.3']
const V13_12 = ['TLSv1.3', 'TLSv1.2']
const V12 = ['TLSv1.2']
const V12_11 = ['TLSv1.2', 'TLSv1.1']
const V12_10 = ['TLSv1.2', 'TLSv1.1', 'TLSv1']

const p = (name: string, protocols: readonly string[], ciphers: readonly string[]): SslPolicyDefinition => ({ name, protocols, ciphers })

/** Newest first, as DescribeSSLPolicies lists them. */
export const SSL_POLICIES: readonly SslPolicyDefinition[] = [
  p('ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', V13_12, [...TLS13, ...ECDHE_GCM_128, ...ECDHE_GCM_256]),
  p('ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', V13_12, [...TLS13, ...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256]),
  p('ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', V13, TLS13),
  p('ELBSecurityPolicy-TLS13-1-3-2021-06', V13, TLS13),
  p('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', V13_12, [...TLS13, ...ECDHE_GCM_128, ...ECDHE_GCM_256]),
  p('ELBSecurityPolicy-TLS13-1-2-2021-06', V13_12, [...TLS13, ...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256]),
  p('ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', V13_12, [...TLS13, ...TLS12_STRICT]),
  p('ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', V13_12, [...TLS13, ...CLASSIC]),
  p('ELBSecurityPolicy-TLS13-1-1-2021-06', ['TLSv1.3', ...V12_11], [...TLS13, ...CLASSIC]),
  p('ELBSecurityPolicy-TLS13-1-0-2021-06', ['TLSv1.3', ...V12_10], [...TLS13, ...CLASSIC]),
  p('ELBSecurityPolicy-FS-1-2-Res-2020-10', V12, [...ECDHE_GCM_128, ...ECDHE_GCM_256]),
  p('ELBSecurityPolicy-FS-1-2-Res-2019-08', V12, [...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256]),
  p('ELBSecurityPolicy-FS-1-2-2019-08', V12, FS),
  p('ELBSecurityPolicy-FS-1-1-2019-08', V12_11, FS),
  p('ELBSecurityPolicy-FS-2018-06', V12_10, FS),
  p('ELBSecurityPolicy-TLS-1-2-Ext-2018-06', V12, CLASSIC),
  p('ELBSecurityPolicy-TLS-1-2-2017-01', V12, TLS12_STRICT),
  p('ELBSecurityPolicy-TLS-1-1-2017-01', V12_11, CLASSIC),
  p('ELBSecurityPolicy-2016-08', V12_10, CLASSIC),
  p('ELBSecurityPolicy-2015-05', V12_10, CLASSIC),
]

const BY_NAME = new Map(SSL_POLICIES.map((policy) => [policy.name, policy]))

export const sslPolicyNamed = (name: string): SslPolicyDefinition | undefined => BY_NAME.get(name)
