import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { canonicalQuery, canonicalUri, computeSignature, parseAuthorization, requestTime, sha256Hex } from './sigv4.js'
import type { WireRequest } from './wire.js'

const request = (method: string, path: string, headers: Record<string, string>, body = ''): WireRequest => ({
  method,
  path,
  headers,
  body: Buffer.from(body),
})

const AWS_EXAMPLE_SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'

// Signatures made by real clients (API.md §1.4, aws CLI 2.9.19 with test/test) and by AWS's
// own SigV4 documentation; a verifier that reproduces them agrees with the signers.
const VECTORS = [
  {
    why: 'aws CLI, ECS JSON 1.1 ListClusters',
    req: request('POST', '/', {
      host: '127.0.0.1:48123',
      'x-amz-target': 'AmazonEC2ContainerServiceV20141113.ListClusters',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-date': '20261121T113518Z',
    }, '{}'),
    authorization:
      'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=f6ea79c3f9cfb7da0ff7d2c4f042c495324424d715ce7e4670fe8d97250c8603',
    secret: 'test',
  },
  {
    why: 'aws CLI, ELBv2 query DescribeLoadBalancers (form body)',
    req: request('POST', '/', {
      host: '127.0.0.1:48123',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-date': '20261121T113518Z',
    }, 'Action=DescribeLoadBalancers&Version=2015-12-01'),
    authorization:
      'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=d0c14c1af7a221f5f93bf18345b450e5989ca0210f72b23e950655a029778124',
    secret: 'test',
  },
  {
    why: 'aws CLI, Logs DescribeLogGroups',
    req: request('POST', '/', {
      host: '127.0.0.1:48123',
      'x-amz-target': 'Logs_20140328.DescribeLogGroups',
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-date': '20261121T113519Z',
    }, '{}'),
    authorization:
      'AWS4-HMAC-SHA256 Credential=test/20261121/us-east-1/logs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=3eb3335f802bae130c095100388ef153e48d53159ce31fd51abae7e49311b023',
    secret: 'test',
  },
  {
    why: 'AWS test suite get-vanilla',
    req: request('GET', '/', { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' }),
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    secret: AWS_EXAMPLE_SECRET,
  },
  {
    why: 'AWS docs IAM ListUsers: a query string in the URL',
    req: request('GET', '/?Action=ListUsers&Version=2010-05-08', {
      host: 'iam.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      'x-amz-date': '20150830T123600Z',
    }),
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
    secret: AWS_EXAMPLE_SECRET,
  },
  {
    why: 'AWS test suite post-x-www-form-urlencoded',
    req: request('POST', '/', {
      host: 'example.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded',
      'x-amz-date': '20150830T123600Z',
    }, 'Param1=value1'),
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    secret: AWS_EXAMPLE_SECRET,
  },
]

describe('SigV4 signatures', () => {
  for (const v of VECTORS) {
    it(`reproduces ${v.why}`, () => {
      const auth = parseAuthorization(v.authorization)
      const { amzDate } = requestTime(v.req)
      assert.equal(computeSignature(v.req, auth, amzDate, sha256Hex(v.req.body), v.secret), auth.signature)
    })
  }

  it('parses the parts of an Authorization header', () => {
    const auth = parseAuthorization(VECTORS[0]!.authorization)
    assert.deepEqual(
      { ...auth, signature: auth.signature.slice(0, 8) },
      {
        accessKeyId: 'test',
        scope: '20261121/us-east-1/ecs/aws4_request',
        date: '20261121',
        region: 'us-east-1',
        service: 'ecs',
        signedHeaders: ['content-type', 'host', 'x-amz-date', 'x-amz-target'],
        signature: 'f6ea79c3',
      },
    )
  })

  const SIG = 'a'.repeat(64)
  const MALFORMED = [
    { header: 'Basic dGVzdDp0ZXN0', why: 'another scheme' },
    { header: `AWS4-HMAC-SHA256 SignedHeaders=host, Signature=${SIG}`, why: 'no Credential' },
    { header: `AWS4-HMAC-SHA256 Credential=a/20260101/r/s/aws4_request, Signature=${SIG}`, why: 'no SignedHeaders' },
    { header: 'AWS4-HMAC-SHA256 Credential=a/20260101/r/s/aws4_request, SignedHeaders=host', why: 'no Signature' },
    { header: `AWS4-HMAC-SHA256 Credential=a/20260101/r/aws4_request, SignedHeaders=host, Signature=${SIG}`, why: 'a 4-part scope' },
    { header: `AWS4-HMAC-SHA256 Credential=a/2026-01-01/r/s/aws4_request, SignedHeaders=host, Signature=${SIG}`, why: 'a dashed date' },
    { header: 'AWS4-HMAC-SHA256 Credential=a/20260101/r/s/aws4_request, SignedHeaders=host, Signature=xyz', why: 'a short signature' },
    { header: `AWS4-HMAC-SHA256 Credential=a/20260101/r/s/aws4_request, SignedHeaders=Host, Signature=${SIG}`, why: 'upper-case header names' },
  ]
  for (const { header, why } of MALFORMED) {
    it(`refuses an Authorization header with ${why} as IncompleteSignatureException`, () => {
      assert.throws(() => parseAuthorization(header), { code: 'IncompleteSignatureException', status: 403 })
    })
  }
})

describe('SigV4 canonical forms', () => {
  const URIS = [
    { raw: '/', want: '/' },
    { raw: '', want: '/' },
    { raw: '/ecs', want: '/ecs' }, // --endpoint-url http://host/ecs keeps its path
    { raw: '//example//', want: '/example/' }, // empty segments dropped (get-slashes)
    { raw: '/./', want: '/' }, // get-slash-dot-slash
    { raw: '/example1/example2/../..', want: '/' }, // get-relative-relative
    { raw: '/a%20b/', want: '/a%2520b/' }, // non-S3 services encode the wire path once more
    { raw: '/k=v(1)*', want: '/k%3Dv%281%29%2A' }, // only unreserved characters stay bare
  ]
  for (const { raw, want } of URIS) {
    it(`canonical URI of '${raw}' is '${want}'`, () => assert.equal(canonicalUri(raw), want))
  }

  const QUERIES = [
    { raw: '', want: '' },
    { raw: 'Version=2010-05-08&Action=ListUsers', want: 'Action=ListUsers&Version=2010-05-08' }, // sorted by key
    { raw: 'b=2&a=2&a=1', want: 'a=1&a=2&b=2' }, // then by value
    { raw: 'flag', want: 'flag=' }, // a bare key has an empty value
    { raw: 'p=/api/*&q=%7e', want: 'p=%2Fapi%2F%2A&q=~' }, // decoded, then re-encoded strictly
    { raw: 'x=~-_.', want: 'x=~-_.' },
  ]
  for (const { raw, want } of QUERIES) {
    it(`canonical query of '${raw}' is '${want}'`, () => assert.equal(canonicalQuery(raw), want))
  }

  it('reads the time from Date when X-Amz-Date is absent, and refuses requests with neither', () => {
    const withDate = request('POST', '/', { date: 'Sun, 30 Aug 2015 12:36:00 GMT' })
    assert.deepEqual(requestTime(withDate), { amzDate: '20150830T123600Z', ms: Date.UTC(2015, 7, 30, 12, 36) })
    assert.throws(() => requestTime(request('POST', '/', {})), { code: 'IncompleteSignatureException' })
    assert.throws(() => requestTime(request('POST', '/', { 'x-amz-date': '2015-08-30' })), { code: 'IncompleteSignatureException' })
  })
})
