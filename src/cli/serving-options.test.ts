import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parse, SERVER_OPTIONS, UsageError } from './options.js'
import { readServing } from './serving-options.js'

const read = (argv: string[], command: 'server' | 'up' = 'server') => readServing(parse(argv, SERVER_OPTIONS), command)

describe('readServing (berth server and berth up alike)', () => {
  it('keeps the operator\'s join token and never calls it made', () => {
    const serving = read(['--join-token', 'given-token'])
    assert.equal(serving.joinToken, 'given-token')
    assert.equal(serving.plane.joinToken, 'given-token')
    assert.equal(serving.madeJoinToken, undefined)
  })

  it('makes a token when none is given, and says it made it', () => {
    const serving = read(['--join-token', ''])
    assert.ok(serving.joinToken.length > 0)
    assert.equal(serving.madeJoinToken, serving.joinToken)
  })

  it('reads the plane\'s options from the flags', () => {
    const serving = read(['--port', '7788', '--region', 'eu-west-1', '--account', '123456789012', '--agent-timeout', '7', '--scaling-period', '10', '--lb-address', '0.0.0.0'])
    assert.deepEqual(
      { port: serving.plane.port, partition: serving.plane.partition, timeout: serving.plane.agentSilenceTimeoutMs, period: serving.plane.scalingPeriodSeconds, lb: serving.plane.loadBalancerAddress },
      { port: 7788, partition: { region: 'eu-west-1', accountId: '123456789012' }, timeout: 7000, period: 10, lb: '0.0.0.0' },
    )
  })

  it('describes the auth mode without a secret', () => {
    const serving = read(['--access-key', 'AKIDEXAMPLE:hunter2'])
    assert.equal(serving.auth, 'SigV4 signatures verified for access key AKIDEXAMPLE')
    assert.equal(serving.plane.accessKeys?.get('AKIDEXAMPLE'), 'hunter2')
  })

  const BAD: Array<{ argv: string[]; command: 'server' | 'up'; says: RegExp }> = [
    { argv: ['--host', '0.0.0.0'], command: 'server', says: /berth server --host 0\.0\.0\.0 --allow-open-credentials/ },
    { argv: ['--host', '10.0.0.5'], command: 'up', says: /berth up --host 10\.0\.0\.5 --allow-open-credentials/ },
    { argv: ['--port', '70000'], command: 'server', says: /--port must be a port number/ },
    { argv: ['--lb-address', 'localhost'], command: 'server', says: /--lb-address must be an IP address/ },
    { argv: ['--scaling-period', '15'], command: 'up', says: /--scaling-period must be 10, 30 or 60/ },
  ]
  for (const { argv, command, says } of BAD) {
    it(`refuses ${argv.join(' ')} (${command})`, () => assert.throws(() => read(argv, command), (e: unknown) => e instanceof UsageError && says.test(e.message)))
  }
})
