import { CreateClusterCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs'
import { parseKeysFile } from '../cli/keys-file.js'
import { DEFAULT_PARTITION } from '../core/config.js'
import { startApiServer, type ApiServer } from './api-server.js'
import { registerInstance } from './container-instances.js'

/**
 * An API server that verifies signatures against three keys of a keys file, with clusters,
 * a task definition and instances to act on: for tests of IAM-style policies through real
 * clients. The API alone (no controller), so `dump()` shows a denied request changed nothing.
 *
 * - admin: no policy, so everything (the seed is made with it);
 * - deployer: may run task definition family `web` in cluster `web` only, and read ECS;
 * - reader: may read ECS and Logs, and is denied everything on resources tagged env=secret.
 */
export const ACCOUNT = DEFAULT_PARTITION.accountId
const ARN = `arn:aws:ecs:${DEFAULT_PARTITION.region}:${ACCOUNT}`
export const KEYS = {
  admin: { accessKeyId: 'AKIDADMIN', secretAccessKey: 'admin-secret' },
  deployer: { accessKeyId: 'AKIDDEPLOYER', secretAccessKey: 'deployer-secret' },
  reader: { accessKeyId: 'AKIDREADER', secretAccessKey: 'reader-secret' },
}

export const DEPLOYER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'RunWebInWeb',
      Effect: 'Allow',
      Action: 'ecs:RunTask',
      Resource: `${ARN}:task-definition/web:*`,
      Condition: { ArnEquals: { 'ecs:cluster': `${ARN}:cluster/web` } },
    },
    { Sid: 'ReadEcs', Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:List*'], Resource: '*' },
  ],
}

export const READER_POLICIES = [
  { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: ['ecs:Describe*', 'ecs:List*', 'logs:Describe*', 'logs:Get*', 'logs:FilterLogEvents'], Resource: '*' } },
  { Version: '2012-10-17', Statement: { Sid: 'NotSecrets', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/env': 'secret' } } } },
]

export const KEYS_FILE = JSON.stringify({
  keys: [
    { ...KEYS.admin, userName: 'admin' },
    { ...KEYS.deployer, userName: 'deployer', policy: DEPLOYER_POLICY },
    { ...KEYS.reader, userName: 'reader', policy: READER_POLICIES },
  ],
})

export const userArn = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`
export const ecsArn = (resource: string) => `${ARN}:${resource}`

export async function startPolicyServer(): Promise<ApiServer & { client(key: keyof typeof KEYS): ECSClient }> {
  const { keys, identities } = parseKeysFile(KEYS_FILE, ACCOUNT)
  const api = await startApiServer({ auth: { mode: 'verify', keys, identities } })
  const clients: ECSClient[] = []
  const client = (key: keyof typeof KEYS) => {
    const c = new ECSClient({ endpoint: api.endpoint, region: DEFAULT_PARTITION.region, credentials: KEYS[key], maxAttempts: 1 })
    clients.push(c)
    return c
  }
  const admin = client('admin')
  for (const clusterName of ['web', 'prod']) await admin.send(new CreateClusterCommand({ clusterName }))
  await admin.send(new CreateClusterCommand({ clusterName: 'vault', tags: [{ key: 'env', value: 'secret' }] }))
  await admin.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [{ name: 'app', image: 'web', memory: 64 }] }))
  for (const cluster of ['web', 'prod']) {
    const arn = await registerInstance(admin, { cluster })
    // Placed only on instances whose agent is connected, as the agent channel marks them on hello.
    await api.store.txn(async (tx) => {
      const ci = (await tx.containerInstances.get(arn))!
      await tx.containerInstances.put({ ...ci, agentConnected: true })
    })
  }
  return {
    ...api,
    client,
    async close() {
      for (const c of clients) c.destroy()
      await api.close()
    },
  }
}
