import { getCiphers, type SecureVersion } from 'node:tls'

/** A listener's security policy as the data plane needs it: ELB's protocol and cipher names. */
export interface TlsPolicyConfig {
  /** ELB's names: `TLSv1`, `TLSv1.1`, `TLSv1.2`, `TLSv1.3`. */
  protocols: readonly string[]
  /** OpenSSL names in the server's order of preference; TLS 1.3 suites as `TLS_…`. */
  ciphers: readonly string[]
}

/** What node:tls takes for a policy (tls.createSecureContext's options). */
export interface NodeTlsSettings {
  minVersion: SecureVersion
  maxVersion: SecureVersion
  /** One OpenSSL list: TLS 1.2-and-older ciphers and TLS 1.3 suites together, as Node accepts. */
  ciphers: string
  /** ELB picks the first of its own ciphers the client offers (server order). */
  honorCipherOrder: true
}

const ORDER: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']

/**
 * Node's TLS settings for an ELB policy: the lowest and highest protocol it lists (ELB's
 * policies are contiguous ranges) and its ciphers that this OpenSSL knows, in the policy's
 * order. A policy reaching below TLS 1.2 gets `@SECLEVEL=0`: OpenSSL 3 refuses TLS 1.0/1.1
 * at its default security level, which would make such a policy behave as TLS 1.2-only.
 * `known` is the lower-case name list node:tls reports (injected for the table test).
 */
export function nodeTlsSettings(policy: TlsPolicyConfig, known: readonly string[] = getCiphers()): NodeTlsSettings {
  const versions = ORDER.filter((v) => policy.protocols.includes(v))
  if (versions.length === 0) throw new Error(`a security policy with no protocol Berth knows: ${policy.protocols.join(', ')}`)
  const have = new Set(known.map((c) => c.toLowerCase()))
  const ciphers = policy.ciphers.filter((c) => have.has(c.toLowerCase()))
  const minVersion = versions[0]!
  const legacy = minVersion === 'TLSv1' || minVersion === 'TLSv1.1'
  return {
    minVersion,
    maxVersion: versions[versions.length - 1]!,
    ciphers: [...ciphers, ...(legacy ? ['@SECLEVEL=0'] : [])].join(':'),
    honorCipherOrder: true,
  }
}
