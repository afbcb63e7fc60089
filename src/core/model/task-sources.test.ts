import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { ContainerDefinition, TaskDefinition } from '../aws-model/ecs.types.js'
import { efsVolumeProblems } from './efs-volume.js'
import { lookup, parseEnvFile, parseValueFrom, registryAuthOf, resolveTaskSources, type TaskSources } from './task-sources.js'

const SECRET = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf'

describe('parseValueFrom', () => {
  const rows: [string, ReturnType<typeof parseValueFrom>][] = [
    ['plain', { kind: 'ssm', name: 'plain' }],
    ['/prod/db/password', { kind: 'ssm', name: '/prod/db/password' }],
    ['arn:aws:ssm:us-east-1:000000000000:parameter/prod/db/password', { kind: 'ssm', name: '/prod/db/password' }],
    ['arn:aws:ssm:us-east-1:000000000000:parameter/plain', { kind: 'ssm', name: 'plain' }],
    [SECRET, { kind: 'asm', secretArn: SECRET }],
    [`${SECRET}:username::`, { kind: 'asm', secretArn: SECRET, jsonKey: 'username' }],
    [`${SECRET}:username:AWSPREVIOUS:`, { kind: 'asm', secretArn: SECRET, jsonKey: 'username', versionStage: 'AWSPREVIOUS' }],
    [`${SECRET}::AWSCURRENT:`, { kind: 'asm', secretArn: SECRET, versionStage: 'AWSCURRENT' }],
    [`${SECRET}:::0123`, { kind: 'asm', secretArn: SECRET, versionId: '0123' }],
    [`${SECRET}:a:b:c:d`, { error: `${SECRET}:a:b:c:d has more than the json-key, version-stage and version-id fields after the secret ARN` }],
    ['arn:aws:secretsmanager:us-east-1:000000000000:parameter:x', { error: 'arn:aws:secretsmanager:us-east-1:000000000000:parameter:x is not a Secrets Manager secret ARN' }],
    ['arn:aws:ssm:us-east-1:000000000000:document/x', { error: 'arn:aws:ssm:us-east-1:000000000000:document/x is not an SSM parameter ARN' }],
    ['arn:aws:s3:::bucket/key', { error: 'arn:aws:s3:::bucket/key is neither an SSM parameter nor a Secrets Manager secret' }],
    ['', { error: 'valueFrom is empty' }],
  ]
  for (const [input, want] of rows) it(JSON.stringify(input), () => assert.deepEqual(parseValueFrom(input), want))
})

describe('parseEnvFile (the ECS agent rules)', () => {
  const rows: [string, string, Record<string, string>][] = [
    ['one per line', 'A=1\nB=2\n', { A: '1', B: '2' }],
    ['split at the first =', 'URL=a=b=c', { URL: 'a=b=c' }],
    ['# at the start is a comment', '# A=1\nB=2', { B: '2' }],
    ['# elsewhere is part of the value', 'A=1 # not a comment', { A: '1 # not a comment' }],
    ['an indented # is not a comment, and nothing is trimmed', ' # x=1\nA = 2', { ' # x': '1', 'A ': ' 2' }],
    ['quotes are kept', 'A="quoted"\nB=\'single\'', { A: '"quoted"', B: "'single'" }],
    ['an empty key or value skips the line', '=1\nA=\nB=2', { B: '2' }],
    ['a line without = is skipped', 'export\nA=1', { A: '1' }],
    ['a later line wins within a file', 'A=1\nA=2', { A: '2' }],
    ['CRLF line ends', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
  ]
  for (const [why, text, want] of rows) it(why, () => assert.deepEqual(parseEnvFile(text), want))
})

const sources: TaskSources = {
  parameters: new Map([['/prod/db/password', 'pw'], ['plain', 'p']]),
  secrets: new Map([[SECRET, '{"username":"u","password":"s3cret","port":5432}'], ['arn:aws:secretsmanager:us-east-1:000000000000:secret:token-XyZ123', 'raw-token']]),
  s3Objects: new Map([['arn:aws:s3:::b/one.env', 'A=from-one\nB=from-one'], ['arn:aws:s3:::b/two.env', 'B=from-two\nC=from-two']]),
}

describe('lookup', () => {
  const rows: [string, ReturnType<typeof lookup>][] = [
    ['/prod/db/password', 'pw'],
    ['arn:aws:ssm:us-east-1:000000000000:parameter/plain', 'p'],
    ['/missing', { error: 'SSM parameter /missing is not among the configured parameters' }],
    [SECRET, '{"username":"u","password":"s3cret","port":5432}'],
    [`${SECRET}:password::`, 's3cret'],
    [`${SECRET}:port::`, '5432'],
    [`${SECRET}:password:AWSCURRENT:`, 's3cret'],
    [`${SECRET}:nope::`, { error: `secret ${SECRET} has no JSON key nope` }],
    [`${SECRET}:password:AWSPREVIOUS:`, { error: `${SECRET}:password:AWSPREVIOUS: names a version (AWSPREVIOUS); configured secrets have only their AWSCURRENT value` }],
    ['arn:aws:secretsmanager:us-east-1:000000000000:secret:token', 'raw-token'],
    ['arn:aws:secretsmanager:us-east-1:000000000000:secret:token:k::', { error: 'secret arn:aws:secretsmanager:us-east-1:000000000000:secret:token is not JSON, so it has no key k' }],
    ['arn:aws:secretsmanager:us-east-1:000000000000:secret:other-AbCdEf', { error: 'Secrets Manager secret arn:aws:secretsmanager:us-east-1:000000000000:secret:other-AbCdEf is not among the configured secrets' }],
  ]
  for (const [valueFrom, want] of rows) it(valueFrom, () => assert.deepEqual(lookup(valueFrom, sources), want))

  it('registry credentials need a Secrets Manager secret with username and password', () => {
    assert.deepEqual(registryAuthOf(SECRET, sources), { username: 'u', password: 's3cret' })
    assert.deepEqual(registryAuthOf('/prod/db/password', sources), { error: '/prod/db/password is not a Secrets Manager secret ARN' })
    assert.deepEqual(registryAuthOf('arn:aws:secretsmanager:us-east-1:000000000000:secret:token-XyZ123', sources), {
      error: 'secret arn:aws:secretsmanager:us-east-1:000000000000:secret:token-XyZ123 does not hold {"username", "password"}',
    })
  })
})

describe('resolveTaskSources', () => {
  const app = (over: Partial<ContainerDefinition>): ContainerDefinition => ({ name: 'app', image: 'busybox', ...over })
  const td = (...containerDefinitions: ContainerDefinition[]): TaskDefinition => ({ family: 'f', containerDefinitions })

  it('merges environment files top down (the first file that sets a name wins), with secrets and credentials', () => {
    const got = resolveTaskSources(
      td(
        app({
          environmentFiles: [{ value: 'arn:aws:s3:::b/one.env', type: 's3' }, { value: 'arn:aws:s3:::b/two.env', type: 's3' }],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: `${SECRET}:password::` }, { name: 'P', valueFrom: 'plain' }],
          repositoryCredentials: { credentialsParameter: SECRET },
        }),
        app({ name: 'plain' }),
      ),
      sources,
    )
    assert.deepEqual(got, {
      ok: true,
      containers: [{
        name: 'app',
        fileEnvironment: { A: 'from-one', B: 'from-one', C: 'from-two' },
        secretEnvironment: { DB_PASSWORD: 's3cret', P: 'p' },
        registryAuth: { username: 'u', password: 's3cret' },
      }],
    })
  })

  it('names every problem', () => {
    const got = resolveTaskSources(
      td(app({ environmentFiles: [{ value: 'arn:aws:s3:::b/none.env', type: 's3' }], secrets: [{ name: 'X', valueFrom: '/nope' }], repositoryCredentials: { credentialsParameter: 'x' } })),
      sources,
    )
    assert.deepEqual(got, {
      ok: false,
      problems: [
        'container app: environment file arn:aws:s3:::b/none.env is not among the configured S3 objects',
        'container app: secret X: SSM parameter /nope is not among the configured parameters',
        'container app: repositoryCredentials x is not a Secrets Manager secret ARN',
      ],
    })
  })
})

describe('efsVolumeProblems', () => {
  const rows: [string, object, string[]][] = [
    ['a plain file system', { fileSystemId: 'fs-12345678' }, []],
    ['an ARN and a root directory', { fileSystemId: 'arn:aws:elasticfilesystem:us-east-1:000000000000:file-system/fs-0123456789abcdef0', rootDirectory: '/data/wp' }, []],
    ['IAM with transit encryption', { fileSystemId: 'fs-12345678', transitEncryption: 'ENABLED', transitEncryptionPort: 2049, authorizationConfig: { iam: 'ENABLED' } }, []],
    ['not an id', { fileSystemId: 'my-fs' }, ['Volume v: fileSystemId my-fs is not an EFS file system id (fs-0123456789abcdef0).']],
    ['climbing out', { fileSystemId: 'fs-12345678', rootDirectory: '/a/../../etc' }, ["Volume v: rootDirectory /a/../../etc may not contain '..'."]],
    ['IAM without transit encryption', { fileSystemId: 'fs-12345678', authorizationConfig: { iam: 'ENABLED' } }, ['Volume v: Transit encryption must be enabled when IAM authorization is used.']],
    ['a port without encryption', { fileSystemId: 'fs-12345678', transitEncryptionPort: 2999 }, ['Volume v: transitEncryptionPort is only used when transitEncryption is ENABLED.']],
  ]
  for (const [why, efs, want] of rows) {
    it(why, () => assert.deepEqual(efsVolumeProblems({ family: 'f', containerDefinitions: [], volumes: [{ name: 'v', efsVolumeConfiguration: efs as never }] }), want))
  }
})
