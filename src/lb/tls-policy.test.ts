import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { nodeTlsSettings } from './tls-policy.js'

const KNOWN = ['tls_aes_128_gcm_sha256', 'tls_aes_256_gcm_sha384', 'ecdhe-rsa-aes128-gcm-sha256', 'aes128-sha']

describe('nodeTlsSettings: an ELB security policy as node:tls options', () => {
  const cases: { name: string; protocols: string[]; ciphers: string[]; min: string; max: string; list: string }[] = [
    {
      name: 'TLS 1.3 and 1.2 (TLS13-1-2): no legacy level',
      protocols: ['TLSv1.2', 'TLSv1.3'],
      ciphers: ['TLS_AES_128_GCM_SHA256', 'ECDHE-RSA-AES128-GCM-SHA256'],
      min: 'TLSv1.2',
      max: 'TLSv1.3',
      list: 'TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256',
    },
    { name: 'TLS 1.3 only', protocols: ['TLSv1.3'], ciphers: ['TLS_AES_256_GCM_SHA384'], min: 'TLSv1.3', max: 'TLSv1.3', list: 'TLS_AES_256_GCM_SHA384' },
    {
      name: 'down to TLS 1.0 (2016-08): OpenSSL 3 needs security level 0 for it',
      protocols: ['TLSv1', 'TLSv1.1', 'TLSv1.2'],
      ciphers: ['ECDHE-RSA-AES128-GCM-SHA256', 'AES128-SHA'],
      min: 'TLSv1',
      max: 'TLSv1.2',
      list: 'ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0',
    },
    {
      name: 'ciphers this OpenSSL does not know are left out, the order kept',
      protocols: ['TLSv1.2'],
      ciphers: ['ECDHE-ECDSA-AES128-GCM-SHA256', 'AES128-SHA', 'ECDHE-RSA-AES128-GCM-SHA256'],
      min: 'TLSv1.2',
      max: 'TLSv1.2',
      list: 'AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256',
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const s = nodeTlsSettings({ protocols: c.protocols, ciphers: c.ciphers }, KNOWN)
      assert.deepEqual(s, { minVersion: c.min, maxVersion: c.max, ciphers: c.list, honorCipherOrder: true })
    })
  }
  it('a policy with no known protocol is a programming error', () => {
    assert.throws(() => nodeTlsSettings({ protocols: ['SSLv3'], ciphers: [] }, KNOWN))
  })
})
