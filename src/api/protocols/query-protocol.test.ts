import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ManualClock } from '../../core/clock.js'
import { createFakeQueryServices } from '../../testing/fake-query-services.js'
import { createRouter } from '../router.js'
import { createAuthenticator, type Authenticator } from './authenticate.js'

const ELB_NS = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/'
const CW_NS = 'http://monitoring.amazonaws.com/doc/2010-08-01/'
const FORM = 'application/x-www-form-urlencoded; charset=utf-8'

function setup(options: { authenticate?: Authenticator } = {}) {
  const logged: unknown[] = []
  const fakes = createFakeQueryServices((error) => logged.push(error))
  const router = createRouter({ json: [], query: [fakes.elbv2, fakes.cloudwatch], logError: (e) => logged.push(e), ...options })
  const post = (body: string, headers: Record<string, string> = { 'content-type': FORM }) =>
    router.handle({ method: 'POST', path: '/', headers, body: Buffer.from(body) })
  return { post, fakes, logged }
}

const withoutRequestId = (xml: string) => xml.replace(/<RequestId>[^<]+<\/RequestId>/, '<RequestId>ID</RequestId>')
/** The XML of API.md, as written there with indentation, with the space between tags removed. */
const compact = (xml: string) => xml.replace(/>\s+</g, '><').trim()

describe('query protocol through the router', () => {
  // One difference from API.md's hand-written example: members follow the model's order, so
  // HealthCheckPath comes after UnhealthyThresholdCount (parsers match by name; order is free).
  it('answers CreateTargetGroup with the XML of API.md §4', async () => {
    const { post } = setup()
    const res = await post('Action=CreateTargetGroup&Version=2015-12-01&Name=web-tg&Protocol=HTTP&Port=80&TargetType=ip')
    assert.equal(res.status, 200)
    assert.equal(res.headers['content-type'], 'text/xml')
    const expected = compact(`
      <CreateTargetGroupResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">
        <CreateTargetGroupResult>
          <TargetGroups>
            <member>
              <TargetGroupArn>arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web-tg/73e2d6bc24d8a067</TargetGroupArn>
              <TargetGroupName>web-tg</TargetGroupName>
              <Protocol>HTTP</Protocol><Port>80</Port><VpcId>vpc-00000000</VpcId>
              <HealthCheckProtocol>HTTP</HealthCheckProtocol><HealthCheckPort>traffic-port</HealthCheckPort>
              <HealthCheckEnabled>true</HealthCheckEnabled>
              <HealthCheckIntervalSeconds>30</HealthCheckIntervalSeconds><HealthCheckTimeoutSeconds>5</HealthCheckTimeoutSeconds>
              <HealthyThresholdCount>5</HealthyThresholdCount><UnhealthyThresholdCount>2</UnhealthyThresholdCount>
              <HealthCheckPath>/health</HealthCheckPath>
              <Matcher><HttpCode>200-399</HttpCode></Matcher>
              <LoadBalancerArns/>
              <TargetType>ip</TargetType><ProtocolVersion>HTTP1</ProtocolVersion><IpAddressType>ipv4</IpAddressType>
            </member>
          </TargetGroups>
        </CreateTargetGroupResult>
        <ResponseMetadata><RequestId>11111111-2222-3333-4444-555555555555</RequestId></ResponseMetadata>
      </CreateTargetGroupResponse>`)
    assert.equal(withoutRequestId(res.body), withoutRequestId(expected))
    assert.match(res.body, new RegExp(`<RequestId>${res.headers['x-amzn-requestid']}</RequestId>`))
  })

  it('answers an operation with no output shape with the ResponseMetadata alone (CloudWatch PutMetricData)', async () => {
    const { post, fakes } = setup()
    const res = await post('Action=PutMetricData&Version=2010-08-01&Namespace=App&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1')
    assert.equal(res.status, 200)
    assert.equal(withoutRequestId(res.body), `<PutMetricDataResponse xmlns="${CW_NS}"><ResponseMetadata><RequestId>ID</RequestId></ResponseMetadata></PutMetricDataResponse>`)
    assert.deepEqual(fakes.inputs.at(-1), { operation: 'PutMetricData', input: { Namespace: 'App', MetricData: [{ MetricName: 'm', Value: 1 }] } })
  })

  const errorXml = (ns: string | undefined, type: string, code: string, message: string) =>
    `<ErrorResponse${ns ? ` xmlns="${ns}"` : ''}><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>ID</RequestId></ErrorResponse>`

  const ERRORS = [
    {
      why: 'an Action the service does not have',
      body: 'Action=DeleteLoadBalancer&Version=2015-12-01&LoadBalancerArn=x',
      status: 400,
      xml: errorXml(ELB_NS, 'Sender', 'InvalidAction', 'The action DeleteLoadBalancer is not valid for this web service.'),
    },
    {
      why: 'an Action no model has',
      body: 'Action=Frobnicate&Version=2010-08-01',
      status: 400,
      xml: errorXml(CW_NS, 'Sender', 'InvalidAction', 'The action Frobnicate is not valid for this web service.'),
    },
    {
      why: 'an Action named like a member every object inherits',
      body: 'Action=constructor&Version=2015-12-01',
      status: 400,
      xml: errorXml(ELB_NS, 'Sender', 'InvalidAction', 'The action constructor is not valid for this web service.'),
    },
    {
      why: 'an Action named __proto__',
      body: 'Action=__proto__&Version=2010-08-01',
      status: 400,
      xml: errorXml(CW_NS, 'Sender', 'InvalidAction', 'The action __proto__ is not valid for this web service.'),
    },
    { why: 'no Action', body: 'Version=2015-12-01', status: 400, xml: errorXml(ELB_NS, 'Sender', 'MissingAction', 'The request must contain the parameter Action.') },
    {
      why: 'a Version no service has',
      body: 'Action=DescribeInstances&Version=2016-11-15',
      status: 400,
      xml: errorXml(undefined, 'Sender', 'InvalidAction', 'Berth serves no query API with Version 2016-11-15.'),
    },
    {
      why: 'a missing required member (the service’s own parameter error)',
      body: 'Action=CreateTargetGroup&Version=2015-12-01',
      status: 400,
      xml: errorXml(ELB_NS, 'Sender', 'ValidationError', 'Missing required parameter: Name.'),
    },
    {
      why: 'a value outside the model’s range',
      body: 'Action=DescribeTargetGroups&Version=2015-12-01&PageSize=0',
      status: 400,
      xml: errorXml(ELB_NS, 'Sender', 'ValidationError', 'PageSize must be at least 1.'),
    },
    {
      why: 'a modeled error: the model’s error.code, not the shape name',
      body: 'Action=DescribeTargetGroups&Version=2015-12-01&Names.member.1=nope',
      status: 400,
      xml: errorXml(ELB_NS, 'Sender', 'TargetGroupNotFound', 'One or more target groups not found'),
    },
    {
      why: 'a message that needs escaping',
      body: 'Action=ModifyTargetGroup&Version=2015-12-01&TargetGroupArn=a&HealthCheckPath=%2Fx',
      status: 400,
      xml: errorXml(ELB_NS, 'Sender', 'InvalidConfigurationRequest', 'Health check path &lt;/x&gt; &amp; &quot;friends&quot; are not allowed'),
    },
    {
      why: 'a bug in an operation (logged; 500 InternalFailure)',
      body: 'Action=CreateTargetGroup&Version=2015-12-01&Name=boom',
      status: 500,
      xml: errorXml(ELB_NS, 'Receiver', 'InternalFailure', 'Berth hit an internal error; the request was not applied.'),
    },
  ]
  for (const row of ERRORS) {
    it(`answers ${row.why} with an XML ErrorResponse`, async () => {
      const { post, logged } = setup()
      const res = await post(row.body)
      assert.equal(res.status, row.status)
      assert.equal(res.headers['content-type'], 'text/xml')
      assert.equal(withoutRequestId(res.body), row.xml)
      assert.equal(logged.length, row.status === 500 ? 1 : 0)
    })
  }

  it('routes by X-Amz-Target before the form: a JSON request is never read as a query one', async () => {
    const { post } = setup()
    const res = await post('Action=DescribeTargetGroups&Version=2015-12-01', { 'content-type': FORM, 'x-amz-target': 'Nope.DescribeTargetGroups' })
    assert.equal(res.headers['content-type'], 'application/x-amz-json-1.1')
    assert.equal(JSON.parse(res.body).__type, 'UnknownOperationException')
  })

  it('writes refusals of authentication in XML, under the names query front ends use', async () => {
    const authenticate = createAuthenticator({ mode: 'verify', keys: new Map([['k', 's']]) }, new ManualClock(), 'us-east-1')
    const { post } = setup({ authenticate })
    const res = await post('Action=DescribeTargetGroups&Version=2015-12-01')
    assert.equal(res.status, 403)
    assert.equal(withoutRequestId(res.body), errorXml(ELB_NS, 'Sender', 'MissingAuthenticationToken', 'Missing Authentication Token'))
    const unknown = await post('Action=DescribeTargetGroups&Version=2099-01-01', {
      'content-type': FORM,
      authorization: `AWS4-HMAC-SHA256 Credential=nobody/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    })
    assert.equal(unknown.status, 403)
    assert.match(unknown.body, /<Code>InvalidClientTokenId<\/Code>/)
  })
})
