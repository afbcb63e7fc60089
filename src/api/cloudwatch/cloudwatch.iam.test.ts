import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { parseKeysFile } from '../../cli/keys-file.js'
import { awsCli, awsCliEnv, awsCliMissing } from '../../testing/server.js'
import { startCloudWatchServer } from '../../testing/cloudwatch-server.js'

// IAM on CloudWatch, signatures verified: a key may put metrics only into the namespace
// `App` (cloudwatch:namespace) and list them; both wires answer AccessDenied in AWS's words.
const WRITER = { accessKeyId: 'AKIDWRITER', secretAccessKey: 'writer-secret' }
const KEYS = JSON.stringify({
  keys: [
    {
      ...WRITER,
      userName: 'writer',
      policy: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'cloudwatch:PutMetricData', Resource: '*', Condition: { StringEquals: { 'cloudwatch:namespace': 'App' } } },
          { Effect: 'Allow', Action: 'cloudwatch:ListMetrics', Resource: '*' },
        ],
      },
    },
  ],
})
const DENIED =
  'User: arn:aws:iam::000000000000:user/writer is not authorized to perform: cloudwatch:PutMetricData because no identity-based policy allows the cloudwatch:PutMetricData action'

describe('CloudWatch authorization', { skip: awsCliMissing }, () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  before(async () => {
    const { keys, identities } = parseKeysFile(KEYS, '000000000000')
    served = await startCloudWatchServer({ auth: { mode: 'verify', keys, identities } })
  })
  after(() => served.close())
  const cw = (...args: string[]) => awsCli(served.endpoint, ['cloudwatch', ...args], WRITER)

  it('allows what the policy allows', async () => {
    const put = await cw('put-metric-data', '--namespace', 'App', '--metric-name', 'm', '--value', '1')
    assert.equal(put.code, 0, put.stderr)
    const list = await cw('list-metrics')
    assert.deepEqual(list.json, { Metrics: [{ Namespace: 'App', MetricName: 'm', Dimensions: [] }] })
  })

  it('the aws CLI (query): AccessDenied for another namespace, nothing kept', async () => {
    const put = await cw('put-metric-data', '--namespace', 'Other', '--metric-name', 'm', '--value', '1')
    assert.equal(put.code, 254)
    assert.equal(put.stderr.trim(), `An error occurred (AccessDenied) when calling the PutMetricData operation: ${DENIED}`)
    assert.deepEqual(served.metrics.list({ namespace: 'Other' }), [])
  })

  it('boto3 (JSON 1.0): the same code, through x-amzn-query-error', async () => {
    const script = `
import boto3, botocore, json, os
cw = boto3.client('cloudwatch', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
try:
    cw.put_metric_data(Namespace='Other', MetricData=[{'MetricName': 'm', 'Value': 1}])
    print(json.dumps(None))
except botocore.exceptions.ClientError as e:
    print(json.dumps([e.response['Error']['Code'], e.response['Error']['Message']]))`
    const { stdout } = await promisify(execFile)('python3', ['-c', script], { env: { ...awsCliEnv(WRITER), ENDPOINT: served.endpoint } })
    assert.deepEqual(JSON.parse(stdout), ['AccessDenied', DENIED])
  })
})
