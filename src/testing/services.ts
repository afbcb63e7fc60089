import { CreateClusterCommand, RegisterTaskDefinitionCommand, type ECSClient, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs'

/** A container that publishes port 80 on a dynamic host port: room for many tasks per instance. */
export const WEB_CONTAINER = { name: 'web', image: 'berth-test/web', memory: 128, portMappings: [{ containerPort: 80 }] }

/** Creates a cluster and registers the task definitions services tests run; returns the cluster name. */
export async function setUpServiceCluster(
  ecs: ECSClient,
  cluster: string,
  families: readonly Partial<RegisterTaskDefinitionCommandInput>[] = [{}],
): Promise<string> {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }))
  for (const over of families) {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: 'web', containerDefinitions: [WEB_CONTAINER], ...over }))
  }
  return cluster
}
