import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { awsCli, awsCliMissing, startTestServer, type TestServer } from '../../testing/server.js'

// The seed article's commands, exactly, through Debian's aws CLI v2 against a whole server.
describe('elbv2 with the aws CLI: the seed flow', { skip: awsCliMissing }, () => {
  let t: TestServer
  before(async () => {
    t = await startTestServer()
  })
  after(() => t.close())

  const cli = (...args: string[]) => awsCli(t.endpoint, ['elbv2', ...args])
  /** The JSON value a `--query` selects. */
  const query = async (...args: string[]) => {
    const res = await awsCli(t.endpoint, ['elbv2', ...args])
    assert.equal(res.code, 0, res.stderr)
    return res.json
  }

  let lbArn = ''
  let tgArn = ''

  it('create-load-balancer --name elb01 --subnets subnet-ae0f49ca subnet-573e4221 --security-groups sg-08e22e6e', async () => {
    const res = await cli('create-load-balancer', '--name', 'elb01', '--subnets', 'subnet-ae0f49ca', 'subnet-573e4221', '--security-groups', 'sg-08e22e6e')
    assert.equal(res.code, 0, res.stderr)
    const [lb] = (res.json as { LoadBalancers: Array<Record<string, unknown>> }).LoadBalancers
    lbArn = String(lb?.['LoadBalancerArn'])
    assert.match(lbArn, /^arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer\/app\/elb01\/[0-9a-f]{16}$/)
    assert.match(String(lb?.['DNSName']), /^elb01-\d{9,10}\.us-east-1\.elb\.localhost$/)
    assert.deepEqual(lb?.['State'], { Code: 'provisioning' })
    assert.equal(lb?.['Type'], 'application')
    assert.equal(lb?.['Scheme'], 'internet-facing')
    assert.deepEqual(lb?.['AvailabilityZones'], [
      { ZoneName: 'us-east-1a', SubnetId: 'subnet-ae0f49ca', LoadBalancerAddresses: [] },
      { ZoneName: 'us-east-1b', SubnetId: 'subnet-573e4221', LoadBalancerAddresses: [] },
    ])
    assert.deepEqual(lb?.['SecurityGroups'], ['sg-08e22e6e'])
    assert.match(String(lb?.['CreatedTime']), /^\d{4}-\d{2}-\d{2}T/)
  })

  it('create-target-group --name target01 --protocol HTTP --port 80 --vpc-id vpc-3803615c: ALB defaults', async () => {
    const res = await cli('create-target-group', '--name', 'target01', '--protocol', 'HTTP', '--port', '80', '--vpc-id', 'vpc-3803615c')
    assert.equal(res.code, 0, res.stderr)
    const [tg] = (res.json as { TargetGroups: Array<Record<string, unknown>> }).TargetGroups
    tgArn = String(tg?.['TargetGroupArn'])
    assert.match(tgArn, /:targetgroup\/target01\/[0-9a-f]{16}$/)
    const { TargetGroupArn: _arn, ...rest } = tg!
    assert.deepEqual(rest, {
      TargetGroupName: 'target01',
      Protocol: 'HTTP',
      Port: 80,
      VpcId: 'vpc-3803615c',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/',
      Matcher: { HttpCode: '200' },
      TargetType: 'instance',
      ProtocolVersion: 'HTTP1',
      IpAddressType: 'ipv4',
    })
  })

  it('create-listener --protocol HTTP --port 80 --default-actions Type=forward,TargetGroupArn=…: forward echoed in both forms', async () => {
    const res = await cli('create-listener', '--load-balancer-arn', lbArn, '--protocol', 'HTTP', '--port', '80', '--default-actions', `Type=forward,TargetGroupArn=${tgArn}`)
    assert.equal(res.code, 0, res.stderr)
    const [listener] = (res.json as { Listeners: Array<Record<string, unknown>> }).Listeners
    assert.match(String(listener?.['ListenerArn']), new RegExp(`^${lbArn.replace(':loadbalancer/', ':listener/')}/[0-9a-f]{16}$`))
    assert.deepEqual(listener?.['DefaultActions'], [
      { Type: 'forward', TargetGroupArn: tgArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } },
    ])
  })

  it('--query outputs: the DNS name, the target group’s load balancers, the default rule last', async () => {
    assert.match(String(await query('describe-load-balancers', '--names', 'elb01', '--query', 'LoadBalancers[0].DNSName')), /^elb01-\d+\.us-east-1\.elb\.localhost$/)
    assert.deepEqual(await query('describe-target-groups', '--names', 'target01', '--query', 'TargetGroups[0].LoadBalancerArns'), [lbArn])
    const listenerArn = String(await query('describe-listeners', '--load-balancer-arn', lbArn, '--query', 'Listeners[0].ListenerArn'))
    assert.deepEqual(await query('describe-rules', '--listener-arn', listenerArn, '--query', 'Rules[-1].[Priority,IsDefault,Conditions]'), ['default', true, []])
  })

  it('a second load balancer of the same name with other subnets: DuplicateLoadBalancerName, exit 254', async () => {
    const res = await cli('create-load-balancer', '--name', 'elb01', '--subnets', 'subnet-ae0f49ca', 'subnet-11111111')
    assert.equal(res.code, 254)
    assert.match(res.stderr, /\(DuplicateLoadBalancerName\) when calling the CreateLoadBalancer operation: A load balancer with the same name 'elb01' exists, but with different settings/)
  })

  it('deleting the target group a listener uses: ResourceInUse', async () => {
    const res = await cli('delete-target-group', '--target-group-arn', tgArn)
    assert.equal(res.code, 254)
    assert.match(res.stderr, /\(ResourceInUse\).*is currently in use by a listener or a rule/)
  })

  it('describe-ssl-policies --names ELBSecurityPolicy-TLS13-1-2-2021-06, and an unknown name: SSLPolicyNotFound', async () => {
    const names = await query('describe-ssl-policies', '--names', 'ELBSecurityPolicy-TLS13-1-2-2021-06', '--query', 'SslPolicies[].[Name, SslProtocols, Ciphers[0].Name]')
    assert.deepEqual(names, [['ELBSecurityPolicy-TLS13-1-2-2021-06', ['TLSv1.2', 'TLSv1.3'], 'TLS_AES_128_GCM_SHA256']])
    const res = await cli('describe-ssl-policies', '--names', 'ELBSecurityPolicy-Nope')
    assert.equal(res.code, 254)
    assert.match(res.stderr, /\(SSLPolicyNotFound\) when calling the DescribeSSLPolicies operation: SSL policy 'ELBSecurityPolicy-Nope' not found/)
  })
})
