import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { awsCliEnv } from './server.js'

/** Why boto3 tests cannot run here (a skip reason), or false when python3 imports boto3. */
export const boto3Missing: string | false = await promisify(execFile)('python3', ['-c', 'import boto3']).then(
  () => false,
  () => 'python3 with boto3 is not installed',
)

/** What every CloudWatch script starts with: the client `cw`, `out(x)` to answer JSON, `err(f)` for a ClientError as [class, code, message]. */
const CLOUDWATCH_PRELUDE = `
import boto3, botocore, json, os, datetime
cw = boto3.client('cloudwatch', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1')
def out(x): print(json.dumps(x, default=str))
def err(f):
    try:
        f(); return None
    except botocore.exceptions.ClientError as e:
        return [type(e).__name__, e.response['Error']['Code'], e.response['Error']['Message']]
`

/** Runs a boto3 script (after the CloudWatch prelude and `setup`) against `endpoint`; returns what it printed with out(). */
export async function cloudWatchBoto3(setup: string, script: string, endpoint: string): Promise<unknown> {
  const { stdout } = await promisify(execFile)('python3', ['-c', CLOUDWATCH_PRELUDE + setup + script], { env: { ...awsCliEnv(), ENDPOINT: endpoint } })
  return JSON.parse(stdout)
}
