import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteLoadBalancerCommand,
  DeregisterTargetsCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeSSLPoliciesCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
  ModifyTargetGroupAttributesCommand,
  RegisterTargetsCommand,
  SetRulePrioritiesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { CreateClusterCommand, RegisterContainerInstanceCommand } from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseKeysFile } from '../../cli/keys-file.js'
import { DEFAULT_PARTITION } from '../../core/config.js'
import { startApiServer, type ApiServer } from '../../testing/api-server.js'
import { TEST_CREDENTIALS } from '../../testing/server.js'

const SUBNETS = ['subnet-0a1b2c3d', 'subnet-1a2b3c4d']

// ELBv2 through the JS SDK against the API alone (no controller writes meanwhile, so a
// refusal can be held to the whole store unchanged): targets and their health, rules with
// weighted forwards, and refusals that change nothing.
describe('elbv2 with the JS SDK', () => {
  let t: ApiServer
  let elb: ElasticLoadBalancingV2Client
  before(async () => {
    t = await startApiServer()
    elb = new ElasticLoadBalancingV2Client({ endpoint: t.endpoint, region: DEFAULT_PARTITION.region, credentials: TEST_CREDENTIALS, maxAttempts: 1 })
  })
  after(async () => {
    elb.destroy()
    await t.close()
  })

  const tg = async (name: string, targetType: 'ip' | 'instance' = 'ip') =>
    (await elb.send(new CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-3803615c', TargetType: targetType }))).TargetGroups![0]!.TargetGroupArn!
  const lb = async (name: string) => (await elb.send(new CreateLoadBalancerCommand({ Name: name, Subnets: SUBNETS }))).LoadBalancers![0]!.LoadBalancerArn!
  const health = async (arn: string, targets?: { Id: string; Port?: number }[]) =>
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: arn, ...(targets ? { Targets: targets } : {}) }))).TargetHealthDescriptions!.map((d) => [
      d.Target!.Id,
      d.Target!.Port,
      d.TargetHealth!.State,
      d.TargetHealth!.Reason,
    ])

  it('targets: unused while no listener forwards to the group, initial once one does, draining when deregistered', async () => {
    const group = await tg('health-tg')
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.2' }, { Id: '127.0.0.3', Port: 9000 }] }))
    assert.deepEqual(await health(group), [
      ['127.0.0.2', 8080, 'unused', 'Target.NotInUse'],
      ['127.0.0.3', 9000, 'unused', 'Target.NotInUse'],
    ])
    // Deregistered from a group no load balancer uses: gone at once.
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.3', Port: 9000 }] }))
    assert.deepEqual(await health(group, [{ Id: '127.0.0.3', Port: 9000 }]), [['127.0.0.3', 9000, 'unused', 'Target.NotRegistered']])
    const lbArn = await lb('health-lb')
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: group }] }))
    assert.deepEqual(await health(group), [['127.0.0.2', 8080, 'initial', 'Elb.RegistrationInProgress']])
    await elb.send(new DeregisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.2' }] }))
    assert.deepEqual(await health(group), [['127.0.0.2', 8080, 'draining', 'Target.DeregistrationInProgress']])
    const [row] = await t.store.read((tx) => tx.targets.forTargetGroup(group))
    assert.equal(row?.state, 'draining')
    assert.equal(typeof row?.drainingSince, 'number')
    // Registered again while draining: registered once more.
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: '127.0.0.2' }] }))
    assert.deepEqual(await health(group), [['127.0.0.2', 8080, 'initial', 'Elb.RegistrationInProgress']])
  })

  it('a target of the wrong type is InvalidTarget, and nothing is written', async () => {
    const ip = await tg('ip-tg')
    const inst = await tg('instance-tg', 'instance')
    const before = t.dump()
    await assert.rejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: ip, Targets: [{ Id: '127.0.0.9' }, { Id: 'i-0123456789abcdef0' }] })), {
      name: 'InvalidTargetException',
      message: "The IP address 'i-0123456789abcdef0' is not a valid IPv4 address",
    })
    await assert.rejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: inst, Targets: [{ Id: 'i-0123456789abcdef0' }] })), { name: 'InvalidTargetException' })
    await assert.rejects(elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: inst, Targets: [{ Id: '10.0.0.1' }] })), { name: 'InvalidTargetException' })
    assert.equal(t.dump(), before, 'no transaction committed')
  })

  it("VPCs: the first forward tells a load balancer its VPC; a group of another VPC is refused with ELB's message, nothing written", async () => {
    const vpcOf = async (arn: string) => (await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }))).LoadBalancers![0]!.VpcId
    const home = await tg('home-tg') // vpc-3803615c
    const away = (await elb.send(new CreateTargetGroupCommand({ Name: 'away-tg', Protocol: 'HTTP', Port: 8080, VpcId: 'vpc-0badc0de', TargetType: 'ip' }))).TargetGroups![0]!.TargetGroupArn!
    const lbArn = await lb('vpc-lb')
    const placeholder = await vpcOf(lbArn)
    assert.match(placeholder!, /^vpc-[0-9a-f]{8}$/, 'before any forward: the placeholder of creation')
    const forward = (arn: string) => [{ Type: 'forward' as const, TargetGroupArn: arn }]
    // One forward naming groups of two VPCs: refused, and the VPC stays unknown.
    let before = t.dump()
    await assert.rejects(
      elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8181, DefaultActions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: home, Weight: 1 }, { TargetGroupArn: away, Weight: 1 }] } }] })),
      { name: 'InvalidConfigurationRequestException', message: `Target group '${away}' is in a different VPC than load balancer '${lbArn}'` },
    )
    assert.equal(t.dump(), before)
    assert.equal(await vpcOf(lbArn), placeholder)
    // The first forward: the load balancer is in vpc-3803615c from now on.
    const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8181, DefaultActions: forward(home) }))).Listeners![0]!.ListenerArn!
    assert.equal(await vpcOf(lbArn), 'vpc-3803615c')
    before = t.dump()
    const refused = { name: 'InvalidConfigurationRequestException', message: `Target group '${away}' is in a different VPC than load balancer '${lbArn}'` }
    await assert.rejects(elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: 5, Conditions: [{ Field: 'path-pattern', Values: ['/away/*'] }], Actions: forward(away) })), refused)
    await assert.rejects(elb.send(new ModifyListenerCommand({ ListenerArn: listener, DefaultActions: forward(away) })), refused)
    await assert.rejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8182, DefaultActions: forward(away) })), refused)
    assert.equal(t.dump(), before, 'nothing written')
    // Even once nothing forwards any more, the subnets stay in their VPC.
    await elb.send(new ModifyListenerCommand({ ListenerArn: listener, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] }))
    assert.equal(await vpcOf(lbArn), 'vpc-3803615c')
    await assert.rejects(elb.send(new ModifyListenerCommand({ ListenerArn: listener, DefaultActions: forward(away) })), refused)
  })

  it("an instance that reported a VPC (ecs.vpc-id) other than the group's is InvalidTarget with ELB's message; one that reported none is taken", async () => {
    const register = async (instanceId: string, vpc?: string) =>
      (await t.ecs.send(new RegisterContainerInstanceCommand({
        instanceIdentityDocument: JSON.stringify({ instanceId, region: 'us-east-1', availabilityZone: 'us-east-1a', privateIp: '127.0.0.5' }),
        ...(vpc ? { attributes: [{ name: 'ecs.vpc-id', value: vpc }] } : {}),
      }))).containerInstance!.ec2InstanceId!
    await t.ecs.send(new CreateClusterCommand({}))
    const inVpc = await register('i-0aaaaaaaaaaaaaaa1', 'vpc-3803615c')
    const elsewhere = await register('i-0bbbbbbbbbbbbbbb2', 'vpc-0badc0de')
    const unknown = await register('i-0ccccccccccccccc3')
    const group = await tg('vpc-instances', 'instance')
    const before = t.dump()
    await assert.rejects(elb.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: inVpc }, { Id: elsewhere }] })), {
      name: 'InvalidTargetException',
      message: `The following targets are not in the target group VPC 'vpc-3803615c': '${elsewhere}'`,
    })
    assert.equal(t.dump(), before, 'nothing registered')
    await elb.send(new RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: inVpc }, { Id: unknown }] }))
    assert.deepEqual((await health(group)).map(([id]) => id).sort(), [inVpc, unknown].sort())
  })

  it('rules: weighted forwards echoed as given, listed by priority with the default rule last; priorities swap together', async () => {
    const blue = await tg('blue-tg')
    const green = await tg('green-tg')
    const lbArn = await lb('rules-lb')
    const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: 'HTTP', Port: 8080, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }] })))
      .Listeners![0]!.ListenerArn!
    const forward = { Type: 'forward' as const, ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 90 }, { TargetGroupArn: green, Weight: 10 }] } }
    const a = (await elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: 20, Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }], Actions: [forward] }))).Rules![0]!
    assert.deepEqual(a.Actions, [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: blue, Weight: 90 }, { TargetGroupArn: green, Weight: 10 }], TargetGroupStickinessConfig: { Enabled: false } } }])
    assert.deepEqual(a.Conditions, [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }])
    const b = (
      await elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: 10, Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['*.example.com'] } }], Actions: [{ Type: 'forward', TargetGroupArn: green }] }))
    ).Rules![0]!
    await assert.rejects(elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: 10, Conditions: [{ Field: 'path-pattern', Values: ['/x'] }], Actions: [forward] })), {
      name: 'PriorityInUseException',
      message: "Priority '10' is currently in use",
    })
    const listed = async () => (await elb.send(new DescribeRulesCommand({ ListenerArn: listener }))).Rules!.map((r) => [r.RuleArn, r.Priority, r.IsDefault])
    const [, , def] = await listed()
    assert.deepEqual(await listed(), [[b.RuleArn, '10', false], [a.RuleArn, '20', false], [def![0], 'default', true]])
    await elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: a.RuleArn, Priority: 10 }, { RuleArn: b.RuleArn, Priority: 20 }] }))
    assert.deepEqual(await listed(), [[a.RuleArn, '10', false], [b.RuleArn, '20', false], [def![0], 'default', true]])
    // A group forwarded to by this load balancer cannot join another.
    const other = await lb('other-lb')
    await assert.rejects(elb.send(new CreateListenerCommand({ LoadBalancerArn: other, Protocol: 'HTTP', Port: 8080, DefaultActions: [{ Type: 'forward', TargetGroupArn: blue }] })), {
      name: 'TargetGroupAssociationLimitException',
    })
  })

  it('the same port twice on one load balancer is DuplicateListener; on two load balancers it is allowed', async () => {
    const one = await lb('port-a')
    const two = await lb('port-b')
    const fixed = [{ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '200' } }]
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: one, Protocol: 'HTTP', Port: 81, DefaultActions: fixed }))
    await elb.send(new CreateListenerCommand({ LoadBalancerArn: two, Protocol: 'HTTP', Port: 81, DefaultActions: fixed }))
    await assert.rejects(
      elb.send(new CreateListenerCommand({ LoadBalancerArn: one, Protocol: 'HTTP', Port: 81, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } }] })),
      { name: 'DuplicateListenerException', message: `A listener already exists on this port for this load balancer '${one}'` },
    )
  })

  it('HTTPS with a certificate whose files are absent: CertificateNotFound naming the file', async () => {
    const arn = await lb('tls-lb')
    await assert.rejects(
      elb.send(new CreateListenerCommand({
        LoadBalancerArn: arn, Protocol: 'HTTPS', Port: 443, Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/web' }],
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      })),
      { name: 'CertificateNotFoundException', message: /web\.crt, which does not exist/ },
    )
  })

  it("DescribeSSLPolicies: ELB's predefined policies, by name, by load balancer type, a page at a time", async () => {
    const all = (await elb.send(new DescribeSSLPoliciesCommand({}))).SslPolicies!
    const names = all.map((p) => p.Name)
    for (const name of ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06', 'ELBSecurityPolicy-TLS-1-2-2017-01']) {
      assert.ok(names.includes(name), name)
    }
    const [tls13] = (await elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-TLS13-1-2-Res-2021-06'] }))).SslPolicies!
    assert.deepEqual(tls13, {
      Name: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06',
      SslProtocols: ['TLSv1.2', 'TLSv1.3'],
      Ciphers: ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384']
        .map((Name, i) => ({ Name, Priority: i + 1 })),
      SupportedLoadBalancerTypes: ['application', 'network'],
    })
    const [legacy] = (await elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-2016-08'] }))).SslPolicies!
    // The aws CLI's own example: oldest protocol first; 18 ciphers, AES256-SHA last.
    assert.deepEqual(legacy!.SslProtocols, ['TLSv1', 'TLSv1.1', 'TLSv1.2'])
    assert.deepEqual(legacy!.Ciphers!.slice(0, 3), [
      { Name: 'ECDHE-ECDSA-AES128-GCM-SHA256', Priority: 1 },
      { Name: 'ECDHE-RSA-AES128-GCM-SHA256', Priority: 2 },
      { Name: 'ECDHE-ECDSA-AES128-SHA256', Priority: 3 },
    ])
    assert.deepEqual(legacy!.Ciphers!.at(-1), { Name: 'AES256-SHA', Priority: 18 })
    assert.deepEqual((await elb.send(new DescribeSSLPoliciesCommand({ LoadBalancerType: 'gateway' }))).SslPolicies, [])
    assert.equal((await elb.send(new DescribeSSLPoliciesCommand({ LoadBalancerType: 'application' }))).SslPolicies!.length, all.length)
    // Paging: every policy once, in order.
    const paged: string[] = []
    let marker: string | undefined
    do {
      const out = await elb.send(new DescribeSSLPoliciesCommand({ PageSize: 3, ...(marker ? { Marker: marker } : {}) }))
      assert.ok(out.SslPolicies!.length <= 3)
      paged.push(...out.SslPolicies!.map((p) => p.Name!))
      marker = out.NextMarker
    } while (marker)
    assert.deepEqual(paged, names)
    await assert.rejects(elb.send(new DescribeSSLPoliciesCommand({ Names: ['ELBSecurityPolicy-2016-08', 'ELBSecurityPolicy-Nope'] })), {
      name: 'SSLPolicyNotFoundException',
      message: "SSL policy 'ELBSecurityPolicy-Nope' not found",
    })
  })

  it('an HTTPS listener created without SslPolicy gets, and echoes, ELBSecurityPolicy-2016-08 (the API default)', async () => {
    writeFileSync(join(t.certificatesDir, 'site.crt'), '')
    writeFileSync(join(t.certificatesDir, 'site.key'), '')
    const arn = await lb('default-policy-lb')
    const certificate = 'arn:aws:acm:us-east-1:000000000000:certificate/site'
    const defaultActions = [{ Type: 'fixed-response' as const, FixedResponseConfig: { StatusCode: '200' } }]
    const [created] = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: arn, Protocol: 'HTTPS', Port: 9443, Certificates: [{ CertificateArn: certificate }], DefaultActions: defaultActions }))).Listeners!
    assert.equal(created!.SslPolicy, 'ELBSecurityPolicy-2016-08')
    assert.deepEqual(created!.Certificates, [{ CertificateArn: certificate }])
    const [described] = (await elb.send(new DescribeListenersCommand({ ListenerArns: [created!.ListenerArn!] }))).Listeners!
    assert.equal(described!.SslPolicy, 'ELBSecurityPolicy-2016-08')
    // A newer policy, named: kept as given.
    const [pq] = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: arn, Protocol: 'HTTPS', Port: 9444, SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09', Certificates: [{ CertificateArn: certificate }], DefaultActions: defaultActions }))).Listeners!
    assert.equal(pq!.SslPolicy, 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09')
  })

  it("a listener's SslPolicy must be a predefined policy: SSLPolicyNotFound, nothing created", async () => {
    const arn = await lb('policy-lb')
    const before = t.dump()
    await assert.rejects(
      elb.send(new CreateListenerCommand({
        LoadBalancerArn: arn, Protocol: 'HTTPS', Port: 8443, SslPolicy: 'ELBSecurityPolicy-Custom-1', Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:000000000000:certificate/web' }],
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }],
      })),
      { name: 'SSLPolicyNotFoundException', message: "SSL policy 'ELBSecurityPolicy-Custom-1' not found" },
    )
    assert.equal(t.dump(), before)
  })

  it('refused members and bad attributes change nothing', async () => {
    const group = await tg('attrs-tg')
    const before = t.dump()
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'nlb', Subnets: SUBNETS, Type: 'network' })), {
      name: 'ValidationError',
      message: /Berth does not support Type=network/,
    })
    await assert.rejects(elb.send(new ModifyTargetGroupAttributesCommand({ TargetGroupArn: group, Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '4000' }] })), {
      name: 'InvalidConfigurationRequestException',
      message: "'deregistration_delay.timeout_seconds' value '4000' must be between '0-3600' inclusive",
    })
    await assert.rejects(elb.send(new CreateLoadBalancerCommand({ Name: 'one-subnet', Subnets: ['subnet-0a1b2c3d'] })), {
      name: 'InvalidConfigurationRequestException',
      message: 'At least two subnets in two different Availability Zones must be specified',
    })
    assert.equal(t.dump(), before, 'no transaction committed')
  })

  it('DeleteLoadBalancer takes its listeners and rules; describing it after is LoadBalancerNotFound', async () => {
    const arn = await lb('gone-lb')
    const listener = (await elb.send(new CreateListenerCommand({ LoadBalancerArn: arn, Protocol: 'HTTP', Port: 82, DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '200' } }] })))
      .Listeners![0]!.ListenerArn!
    await elb.send(new CreateRuleCommand({ ListenerArn: listener, Priority: 1, Conditions: [{ Field: 'http-request-method', HttpRequestMethodConfig: { Values: ['GET'] } }], Actions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }] }))
    await elb.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: arn }))
    await assert.rejects(elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] })), { name: 'LoadBalancerNotFoundException', message: 'One or more load balancers not found' })
    await assert.rejects(elb.send(new DescribeListenersCommand({ ListenerArns: [listener] })), { name: 'ListenerNotFoundException' })
    assert.deepEqual((await t.store.read((tx) => tx.rules.list())).filter((r) => r.loadBalancerArn === arn), [])
  })
})

describe('elbv2 authorization', () => {
  it('a denied request is AccessDenied in the query protocol’s XML, 403', async () => {
    const keysFile = JSON.stringify({
      keys: [{ accessKeyId: 'AKIDELB', secretAccessKey: 'elb-secret', userName: 'viewer', policy: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'elasticloadbalancing:Describe*', Resource: '*' } } }],
    })
    const { keys, identities } = parseKeysFile(keysFile, DEFAULT_PARTITION.accountId)
    const t = await startApiServer({ auth: { mode: 'verify', keys, identities } })
    const elb = new ElasticLoadBalancingV2Client({ endpoint: t.endpoint, region: DEFAULT_PARTITION.region, credentials: { accessKeyId: 'AKIDELB', secretAccessKey: 'elb-secret' }, maxAttempts: 1 })
    try {
      assert.deepEqual((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers, [])
      const denied = await elb.send(new CreateLoadBalancerCommand({ Name: 'nope', Subnets: SUBNETS })).then(
        () => assert.fail('allowed'),
        (e: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => e,
      )
      assert.equal(denied.name, 'AccessDenied')
      assert.equal(denied.$metadata.httpStatusCode, 403)
      assert.match(denied.message, /viewer is not authorized to perform: elasticloadbalancing:CreateLoadBalancer on resource: arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer\/app\/nope\/\*/)
      assert.deepEqual(await t.store.read((tx) => tx.loadBalancers.list()), [])
    } finally {
      elb.destroy()
      await t.close()
    }
  })
})
