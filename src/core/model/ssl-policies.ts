/**
 * ELB's predefined security policies for HTTPS listeners. Names, protocols and ciphers follow
 * the ALB guide ("Security policies for your Application Load Balancer": TLS, FS and PQ
 * policies); the order of each policy's ciphers (Priority 1 first), the order of its
 * protocols (oldest first) and the order of the policies themselves follow what
 * DescribeSSLPolicies answers (the aws CLI's describe-ssl-policies example, and moto's copy of
 * a real response). Where the guide's table and the API differ, the API wins: the guide lists
 * ECDHE-ECDSA-AES256-SHA before ECDHE-RSA-AES256-SHA everywhere, DescribeSSLPolicies does so
 * only for TLS13-1-2-Ext2-2021-06. There are no custom policies on ALB. Read by
 * DescribeSSLPolicies and CreateListener/ModifyListener (the name must be one of these) and by
 * the load-balancer controller, which turns the listener's policy into the data plane's TLS
 * settings (lb/tls-policy.ts).
 *
 * The `PQ` policies (2025-09) add hybrid post-quantum key exchange (ML-KEM) to the protocols
 * and ciphers of their classical twins; Node's OpenSSL here negotiates the classical groups
 * only, so they behave as the twin does. FIPS and RFC 9151 policies are not listed: Berth's
 * OpenSSL is not a FIPS module. ELBSecurityPolicy-TLS-1-0-2015-04 (DES-CBC3-SHA) is gone from
 * the guide's tables and is not offered.
 */
export interface SslPolicyDefinition {
  name: string
  /** `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`, oldest first as DescribeSSLPolicies lists them. */
  protocols: readonly string[]
  /** OpenSSL names (TLS 1.3 suites as `TLS_…`), in the server's order of preference (Priority 1 first). */
  ciphers: readonly string[]
}

/**
 * The policy of an HTTPS listener created without one through the API, the CLI, CloudFormation
 * or the CDK, and what CreateListener then echoes. (The console's default is newer,
 * ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09; Berth has no console that creates listeners.)
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08'

const TLS13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']
const ECDHE_GCM_128 = ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256']
const ECDHE_CBC_128 = ['ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256']
const ECDHE_SHA1_128 = ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA']
const ECDHE_GCM_256 = ['ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']
const ECDHE_CBC_256 = ['ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384']
/** RSA first: the order DescribeSSLPolicies gives in every policy but TLS13-1-2-Ext2. */
const ECDHE_SHA1_256 = ['ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA']
const RSA_SHA2 = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256']
const RSA_ALL = ['AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA']

/** TLS 1.2 ECDHE: GCM and CBC-SHA2 (the "Res" policies keep GCM only). */
const ECDHE_SHA2 = [...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256]
/** Every ECDHE cipher, SHA1 CBC included: the FS policies' list. */
const ECDHE_ALL = [...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_SHA1_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256, ...ECDHE_SHA1_256]
/** ECDHE then plain RSA: 2016-08's 18 ciphers, shared by many. */
const CLASSIC = [...ECDHE_ALL, ...RSA_ALL]

const V13 = ['TLSv1.3']
const V12 = ['TLSv1.2']
const V11_12 = ['TLSv1.1', 'TLSv1.2']
const V10_12 = ['TLSv1', 'TLSv1.1', 'TLSv1.2']
const V12_13 = ['TLSv1.2', 'TLSv1.3']
const V11_13 = ['TLSv1.1', 'TLSv1.2', 'TLSv1.3']
const V10_13 = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']

const TLS13_1_2 = [...TLS13, ...ECDHE_SHA2]
const TLS13_1_2_RES = [...TLS13, ...ECDHE_GCM_128, ...ECDHE_GCM_256]
const TLS13_1_2_EXT1 = [...TLS13, ...ECDHE_SHA2, ...RSA_SHA2]
/** The one policy whose SHA1 ECDHE AES256 pair comes ECDSA first. */
const TLS13_1_2_EXT2 = [...TLS13, ...ECDHE_GCM_128, ...ECDHE_CBC_128, ...ECDHE_SHA1_128, ...ECDHE_GCM_256, ...ECDHE_CBC_256, 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA', ...RSA_ALL]
const TLS13_LEGACY = [...TLS13, ...CLASSIC]

const p = (name: string, protocols: readonly string[], ciphers: readonly string[]): SslPolicyDefinition => ({ name, protocols, ciphers })

/** In the order DescribeSSLPolicies lists them; the 2025-09 PQ policies, newest, last. */
export const SSL_POLICIES: readonly SslPolicyDefinition[] = [
  p('ELBSecurityPolicy-2016-08', V10_12, CLASSIC),
  p('ELBSecurityPolicy-TLS13-1-2-2021-06', V12_13, TLS13_1_2),
  p('ELBSecurityPolicy-TLS13-1-2-Res-2021-06', V12_13, TLS13_1_2_RES),
  p('ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', V12_13, TLS13_1_2_EXT1),
  p('ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', V12_13, TLS13_1_2_EXT2),
  p('ELBSecurityPolicy-TLS13-1-1-2021-06', V11_13, TLS13_LEGACY),
  p('ELBSecurityPolicy-TLS13-1-0-2021-06', V10_13, TLS13_LEGACY),
  p('ELBSecurityPolicy-TLS13-1-3-2021-06', V13, TLS13),
  p('ELBSecurityPolicy-TLS-1-2-2017-01', V12, [...ECDHE_SHA2, ...RSA_SHA2]),
  p('ELBSecurityPolicy-TLS-1-1-2017-01', V11_12, CLASSIC),
  p('ELBSecurityPolicy-TLS-1-2-Ext-2018-06', V12, CLASSIC),
  p('ELBSecurityPolicy-FS-2018-06', V10_12, ECDHE_ALL),
  p('ELBSecurityPolicy-2015-05', V10_12, CLASSIC),
  p('ELBSecurityPolicy-FS-1-2-Res-2019-08', V12, ECDHE_SHA2),
  p('ELBSecurityPolicy-FS-1-1-2019-08', V11_12, ECDHE_ALL),
  p('ELBSecurityPolicy-FS-1-2-2019-08', V12, ECDHE_ALL),
  p('ELBSecurityPolicy-FS-1-2-Res-2020-10', V12, [...ECDHE_GCM_128, ...ECDHE_GCM_256]),
  p('ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', V10_13, TLS13_LEGACY),
  p('ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', V12_13, TLS13_1_2),
  p('ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', V12_13, TLS13_1_2_RES),
  p('ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09', V12_13, TLS13_1_2_EXT1),
  p('ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09', V12_13, TLS13_1_2_EXT2),
  p('ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', V13, TLS13),
]

const BY_NAME = new Map(SSL_POLICIES.map((policy) => [policy.name, policy]))

export const sslPolicyNamed = (name: string): SslPolicyDefinition | undefined => BY_NAME.get(name)
