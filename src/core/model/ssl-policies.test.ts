import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_SSL_POLICY, SSL_POLICIES, sslPolicyNamed } from './ssl-policies.js'

// Written out by hand, policy by policy, from the ALB guide's tables and DescribeSSLPolicies'
// answers (aws CLI example; moto's copy of a real response): not derived from the module's
// building blocks, so a slip there shows here.
const L2016 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA', 'ECDHE-ECDSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA',
]
const FS = L2016.slice(0, 12)
const T13 = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']
const T13_12 = [
  ...T13, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
]
const T13_RES = [...T13, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']
const T13_EXT1 = [...T13_12, 'AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256']
const T13_EXT2 = [
  ...T13, 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES128-SHA', 'ECDHE-RSA-AES128-SHA', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384', 'ECDHE-ECDSA-AES256-SHA', 'ECDHE-RSA-AES256-SHA',
  'AES128-GCM-SHA256', 'AES128-SHA256', 'AES128-SHA', 'AES256-GCM-SHA384', 'AES256-SHA256', 'AES256-SHA',
]
const T13_LEGACY = [...T13, ...L2016]
const TLS12_2017 = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES128-SHA256', 'ECDHE-RSA-AES128-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-AES256-SHA384', 'ECDHE-RSA-AES256-SHA384',
  'AES128-GCM-SHA256', 'AES128-SHA256', 'AES256-GCM-SHA384', 'AES256-SHA256',
]

const EXPECTED: [name: string, protocols: string[], ciphers: string[]][] = [
  ['ELBSecurityPolicy-2016-08', ['TLSv1', 'TLSv1.1', 'TLSv1.2'], L2016],
  ['ELBSecurityPolicy-TLS13-1-2-2021-06', ['TLSv1.2', 'TLSv1.3'], T13_12],
  ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06', ['TLSv1.2', 'TLSv1.3'], T13_RES],
  ['ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', ['TLSv1.2', 'TLSv1.3'], T13_EXT1],
  ['ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06', ['TLSv1.2', 'TLSv1.3'], T13_EXT2],
  ['ELBSecurityPolicy-TLS13-1-1-2021-06', ['TLSv1.1', 'TLSv1.2', 'TLSv1.3'], T13_LEGACY],
  ['ELBSecurityPolicy-TLS13-1-0-2021-06', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], T13_LEGACY],
  ['ELBSecurityPolicy-TLS13-1-3-2021-06', ['TLSv1.3'], T13],
  ['ELBSecurityPolicy-TLS-1-2-2017-01', ['TLSv1.2'], TLS12_2017],
  ['ELBSecurityPolicy-TLS-1-1-2017-01', ['TLSv1.1', 'TLSv1.2'], L2016],
  ['ELBSecurityPolicy-TLS-1-2-Ext-2018-06', ['TLSv1.2'], L2016],
  ['ELBSecurityPolicy-FS-2018-06', ['TLSv1', 'TLSv1.1', 'TLSv1.2'], FS],
  ['ELBSecurityPolicy-2015-05', ['TLSv1', 'TLSv1.1', 'TLSv1.2'], L2016],
  ['ELBSecurityPolicy-FS-1-2-Res-2019-08', ['TLSv1.2'], TLS12_2017.slice(0, 8)],
  ['ELBSecurityPolicy-FS-1-1-2019-08', ['TLSv1.1', 'TLSv1.2'], FS],
  ['ELBSecurityPolicy-FS-1-2-2019-08', ['TLSv1.2'], FS],
  ['ELBSecurityPolicy-FS-1-2-Res-2020-10', ['TLSv1.2'], ['ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']],
  ['ELBSecurityPolicy-TLS13-1-0-PQ-2025-09', ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'], T13_LEGACY],
  ['ELBSecurityPolicy-TLS13-1-2-PQ-2025-09', ['TLSv1.2', 'TLSv1.3'], T13_12],
  ['ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', ['TLSv1.2', 'TLSv1.3'], T13_RES],
  ['ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09', ['TLSv1.2', 'TLSv1.3'], T13_EXT1],
  ['ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09', ['TLSv1.2', 'TLSv1.3'], T13_EXT2],
  ['ELBSecurityPolicy-TLS13-1-3-PQ-2025-09', ['TLSv1.3'], T13],
]

describe("ELB's predefined security policies", () => {
  it('are exactly these, in the order DescribeSSLPolicies lists them', () => {
    assert.deepEqual(SSL_POLICIES.map((x) => x.name), EXPECTED.map(([name]) => name))
  })
  for (const [name, protocols, ciphers] of EXPECTED) {
    it(`${name}: ${protocols.join(', ')}; ${ciphers.length} ciphers in priority order`, () => {
      const policy = sslPolicyNamed(name)
      assert.ok(policy, name)
      assert.deepEqual(policy.protocols, protocols)
      assert.deepEqual(policy.ciphers, ciphers)
    })
  }
  it('the API default is ELBSecurityPolicy-2016-08 (the console alone defaults to a TLS 1.3 PQ policy)', () => {
    assert.equal(DEFAULT_SSL_POLICY, 'ELBSecurityPolicy-2016-08')
    assert.ok(sslPolicyNamed(DEFAULT_SSL_POLICY))
  })
  it('FIPS policies and the retired TLS-1-0-2015-04 are not offered', () => {
    for (const name of ['ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', 'ELBSecurityPolicy-TLS-1-0-2015-04', 'ELBSecurityPolicy-TLS13-1-1-PQ-2025-09']) {
      assert.equal(sslPolicyNamed(name), undefined, name)
    }
  })
})
