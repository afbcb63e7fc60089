import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { mergeAccessKeys, parseKeysFile } from './keys-file.js'
import { UsageError } from './options.js'

const ACCOUNT = '123456789012'
const READ_ONLY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:List*'], Resource: '*' }] }
const file = (keys: unknown[]) => JSON.stringify({ keys })

describe('parseKeysFile', () => {
  it('reads keys, their users, tags and policies (one document or a list)', () => {
    const set = parseKeysFile(
      file([
        { accessKeyId: 'AKIDREAD', secretAccessKey: 's1', userName: 'reader', tags: { team: 'web' }, policy: READ_ONLY },
        { accessKeyId: 'AKIDTWO', secretAccessKey: 's2', policy: [READ_ONLY, READ_ONLY] },
        { accessKeyId: 'AKIDADMIN', secretAccessKey: 's3' },
      ]),
      ACCOUNT,
    )
    assert.deepEqual([...set.keys], [['AKIDREAD', 's1'], ['AKIDTWO', 's2'], ['AKIDADMIN', 's3']])
    const reader = set.identities.get('AKIDREAD')!
    assert.equal(reader.arn, 'arn:aws:iam::123456789012:user/reader')
    assert.deepEqual(reader.tags, { team: 'web' })
    assert.equal(reader.policies?.length, 1)
    assert.equal(set.identities.get('AKIDTWO')?.userName, 'AKIDTWO', 'no name: the key id')
    assert.equal(set.identities.get('AKIDTWO')?.policies?.length, 2)
    assert.equal(set.identities.get('AKIDADMIN')?.policies, undefined, 'no policy: full access')
  })

  const REFUSED: Array<{ why: string; text: string; message: RegExp }> = [
    { why: 'not JSON', text: '{', message: /is not JSON/ },
    { why: 'no keys list', text: '[]', message: /one member, "keys"/ },
    { why: 'an extra top-level member', text: JSON.stringify({ keys: [], extra: 1 }), message: /one member, "keys"/ },
    { why: 'a misspelt member', text: file([{ accessKeyId: 'A', secretAccessKey: 's', polices: READ_ONLY }]), message: /unknown member 'polices'/ },
    { why: 'no secret', text: file([{ accessKeyId: 'A' }]), message: /secretAccessKey must be/ },
    { why: 'an id with a colon', text: file([{ accessKeyId: 'A:B', secretAccessKey: 's' }]), message: /accessKeyId must be/ },
    { why: 'a key twice', text: file([{ accessKeyId: 'A', secretAccessKey: 's' }, { accessKeyId: 'A', secretAccessKey: 's' }]), message: /given twice/ },
    { why: 'a bad user name', text: file([{ accessKeyId: 'A', secretAccessKey: 's', userName: 'a b' }]), message: /userName must be/ },
    { why: 'a tag that is not a string', text: file([{ accessKeyId: 'A', secretAccessKey: 's', tags: { a: 1 } }]), message: /tags must map/ },
    {
      why: 'a policy Berth would not evaluate, named by where it is',
      text: file([{ accessKeyId: 'A', secretAccessKey: 's', policy: [READ_ONLY, { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }] }] }]),
      message: /^keys\.json keys\[0\] \(A\) policy\[1\] Statement\[0\]: Condition IpAddress: Berth does not evaluate IpAddress/,
    },
  ]
  for (const row of REFUSED) {
    it(`refuses ${row.why}`, () => {
      assert.throws(() => parseKeysFile(row.text, ACCOUNT, 'keys.json'), (e: unknown) => e instanceof UsageError && row.message.test(e.message))
    })
  }

  it('never echoes a secret in a refusal', () => {
    assert.throws(() => parseKeysFile(file([{ accessKeyId: 'A', secretAccessKey: 'SUPERSECRET', userName: '' }]), ACCOUNT), (e: Error) => !e.message.includes('SUPERSECRET'))
  })
})

describe('mergeAccessKeys', () => {
  const fromFile = parseKeysFile(file([{ accessKeyId: 'AKIDREAD', secretAccessKey: 's1', policy: READ_ONLY }]), ACCOUNT)

  it('puts --access-key pairs (full access) and the file’s keys together', () => {
    const set = mergeAccessKeys(new Map([['AKIDADMIN', 'a']]), fromFile)
    assert.deepEqual([...set.keys.keys()], ['AKIDADMIN', 'AKIDREAD'])
    assert.equal(set.identities.has('AKIDADMIN'), false)
    assert.ok(set.identities.get('AKIDREAD')?.policies)
  })

  it('refuses a key given in both with different secrets', () => {
    assert.throws(() => mergeAccessKeys(new Map([['AKIDREAD', 'other']]), fromFile), /different secrets/)
  })
})
