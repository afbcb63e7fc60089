import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { parseKeysFile } from '../../cli/keys-file.js'
import { systemClock } from '../../core/clock.js'
import { createFakeQueryServices, type FakeQueryServices } from '../../testing/fake-query-services.js'
import { awsCli, awsCliMissing, serveRouter } from '../../testing/server.js'
import { createRouter } from '../router.js'
import { createAuthenticator } from './authenticate.js'

// AccessDenied on the query APIs, through the fake ELBv2 operations and Debian's aws CLI:
// code AccessDenied (not AccessDeniedException), HTTP 403, ELBv2's text (no "on resource: *"
// for actions that name no resource), and the operation never runs.
const VIEWER = { accessKeyId: 'AKIDVIEWER', secretAccessKey: 'viewer-secret' }
const KEYS = JSON.stringify({
  keys: [
    {
      ...VIEWER,
      userName: 'viewer',
      policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'elasticloadbalancing:Describe*', Resource: '*' }] },
    },
    { accessKeyId: 'AKIDNOTHING', secretAccessKey: 'nothing-secret', userName: 'nobody', policy: [] },
  ],
})

describe('AccessDenied on the query protocol', { skip: awsCliMissing }, () => {
  let fakes: FakeQueryServices
  let served: Awaited<ReturnType<typeof serveRouter>>
  before(async () => {
    fakes = createFakeQueryServices()
    const { keys, identities } = parseKeysFile(KEYS, '000000000000')
    const authenticate = createAuthenticator({ mode: 'verify', keys, identities }, systemClock, 'us-east-1')
    served = await serveRouter(createRouter({ json: [], query: [fakes.elbv2, fakes.cloudwatch], authenticate }))
  })
  after(() => served.close())

  it('the viewer describes target groups', async () => {
    const res = await awsCli(served.endpoint, ['elbv2', 'describe-target-groups'], VIEWER)
    assert.equal(res.code, 0, res.stderr)
  })

  it('the viewer may not create one: AccessDenied, and the operation never ran', async () => {
    const calls = fakes.inputs.length
    const res = await awsCli(served.endpoint, ['elbv2', 'create-target-group', '--name', 'web-tg', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-1'], VIEWER)
    assert.equal(res.code, 254)
    assert.equal(
      res.stderr.trim(),
      'An error occurred (AccessDenied) when calling the CreateTargetGroup operation: User: arn:aws:iam::000000000000:user/viewer is not authorized to perform: ' +
        'elasticloadbalancing:CreateTargetGroup on resource: arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web-tg/* ' +
        'because no identity-based policy allows the elasticloadbalancing:CreateTargetGroup action',
    )
    assert.equal(fakes.inputs.length, calls)
  })

  it('a key whose policy list is empty is denied everything, with ELBv2’s text for actions on no resource', async () => {
    const res = await awsCli(served.endpoint, ['elbv2', 'describe-target-groups'], { accessKeyId: 'AKIDNOTHING', secretAccessKey: 'nothing-secret' })
    assert.equal(
      res.stderr.trim(),
      'An error occurred (AccessDenied) when calling the DescribeTargetGroups operation: User: arn:aws:iam::000000000000:user/nobody is not authorized to perform: ' +
        'elasticloadbalancing:DescribeTargetGroups because no identity-based policy allows the elasticloadbalancing:DescribeTargetGroups action',
    )
  })

  it('answers 403 with the XML error body query clients parse', async () => {
    // The CLI does not show the HTTP status: read it from a raw request, with a stand-in authenticator.
    const router = createRouter({
      json: [],
      query: [fakes.elbv2],
      authenticate: () => ({ accessKeyId: 'AKIDNOTHING', identity: parseKeysFile(KEYS, '000000000000').identities.get('AKIDNOTHING') }),
    })
    const res = await router.handle({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('Action=DescribeTargetGroups&Version=2015-12-01'),
    })
    assert.equal(res.status, 403)
    assert.match(res.body, /<Error><Type>Sender<\/Type><Code>AccessDenied<\/Code><Message>User: arn:aws:iam::000000000000:user\/nobody is not authorized/)
  })
})
