import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { promisify } from 'node:util'
import { awsCliEnv } from '../../testing/server.js'
import { startCloudWatchServer } from '../../testing/cloudwatch-server.js'

const python = async (script: string, endpoint: string): Promise<unknown> => {
  const { stdout } = await promisify(execFile)('python3', ['-c', PRELUDE + script], { env: { ...awsCliEnv(), ENDPOINT: endpoint } })
  return JSON.parse(stdout)
}
const PRELUDE = `
import boto3, botocore, json, os, datetime
cw = boto3.client('cloudwatch', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
def out(x): print(json.dumps(x, default=str))
def err(f):
    try:
        f(); return None
    except botocore.exceptions.ClientError as e:
        return [type(e).__name__, e.response['Error']['Code'], e.response['Error']['Message']]
`
const hasBoto3 = await promisify(execFile)('python3', ['-c', 'import boto3']).then(
  () => false,
  () => 'python3 with boto3 is not installed',
)

// botocore 1.43 speaks CloudWatch as JSON 1.0 (GraniteServiceVersion20100801.<Op>, query-compatible errors).
describe('CloudWatch metrics with boto3 (JSON 1.0)', { skip: hasBoto3 }, () => {
  let served: Awaited<ReturnType<typeof startCloudWatchServer>>
  before(async () => {
    served = await startCloudWatchServer()
  })
  after(() => served.close())

  it('put_metric_data then list_metrics', async () => {
    const got = await python(
      `
cw.put_metric_data(Namespace='Berth/Boto', MetricData=[{'MetricName': 'Latency', 'Value': 1.5, 'Unit': 'Seconds', 'Dimensions': [{'Name': 'Api', 'Value': 'x'}]}])
out(cw.list_metrics(Namespace='Berth/Boto')['Metrics'])`,
      served.endpoint,
    )
    assert.deepEqual(got, [{ Namespace: 'Berth/Boto', MetricName: 'Latency', Dimensions: [{ Name: 'Api', Value: 'x' }] }])
  })

  it('errors map to the modeled exception classes through x-amzn-query-error', async () => {
    const got = await python(
      `
out(err(lambda: cw.put_metric_data(Namespace='Berth/Boto', MetricData=[{'MetricName': 'm', 'Value': 1, 'Values': [1.0]}])))`,
      served.endpoint,
    )
    assert.deepEqual(got, [
      'InvalidParameterCombinationException',
      'InvalidParameterCombination',
      'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.',
    ])
  })
})
