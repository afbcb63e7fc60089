import * as sdk from '@aws-sdk/client-ecs'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import type { ServiceModel } from '../../api/shapes/model.js'
import { findModelDrift, sdkEnums } from '../../testing/model-drift.js'
import ecsModel from './ecs.json' with { type: 'json' }

const MODEL = ecsModel as unknown as ServiceModel
const SDK_VERSION = (createRequire(import.meta.url)('@aws-sdk/client-ecs/package.json') as { version: string }).version

/**
 * What @aws-sdk/client-ecs has and our model (botocore 1.43.11) lacks, known and accepted:
 * the SDK release is newer. Clients that send these members are not refused (members in no
 * model are ignored, API.md §1.5), so each entry is a feature Berth cannot see yet. Drop an
 * entry when `npm run model` from a newer botocore brings it; the test says when one is stale.
 */
const NEWER_THAN_OUR_MODEL: readonly string[] = [
  // ECS gateways: a whole API, and the service members that attach a service to one.
  'operation AssociateGatewayWithCluster',
  'operation CreateGateway',
  'operation DeleteGateway',
  'operation DescribeGateway',
  'operation DescribeGatewayResources',
  'operation DescribeGatewayRoute',
  'operation DisassociateGatewayFromCluster',
  'operation ListGatewayClusterAssociations',
  'operation ListGatewayRoutes',
  'operation ListGateways',
  'operation UpdateGateway',
  'member CreateServiceRequest.gatewayConnectors',
  'member UpdateServiceRequest.gatewayConnectors',
  'member ServiceRevision.gatewayConnectors',
  'member ECSManagedResources.gatewayConnections',
  // Services: deployment monitoring and circuit-breaker thresholds, newer Service Connect and VPC Lattice settings.
  'member CreateServiceRequest.monitoring',
  'member UpdateServiceRequest.monitoring',
  'member ServiceRevision.monitoring',
  'member ServiceRevision.overrides',
  'member DeploymentCircuitBreaker.resetOnHealthyTask',
  'member DeploymentCircuitBreaker.thresholdConfiguration',
  'member DeploymentConfiguration.earlySuccessCriteria',
  'member ServiceConnectConfiguration.containerConfigurations',
  'member VpcLatticeConfiguration.advancedConfiguration',
  'member ResolvedConfiguration.vpcLatticeConfigurations',
  // Daemons and express gateway services: members added after their APIs appeared.
  'member CreateDaemonRequest.critical',
  'member UpdateDaemonRequest.critical',
  'member DaemonRevision.critical',
  'member DaemonCapacityProvider.withoutDaemonCount',
  'member DaemonRevisionDetail.totalWithoutDaemonCount',
  'member DaemonDeploymentCapacityProvider.withoutDaemonInstanceCount',
  'member DaemonDeploymentRevisionDetail.totalWithoutDaemonInstanceCount',
  'member RegisterDaemonTaskDefinitionRequest.ipcMode',
  'member RegisterDaemonTaskDefinitionRequest.pidMode',
  'member DaemonTaskDefinition.ipcMode',
  'member DaemonTaskDefinition.pidMode',
  'member DaemonVolume.logDriverVolumeConfiguration',
  'member CreateExpressGatewayServiceRequest.cpuArchitecture',
  'member CreateExpressGatewayServiceRequest.taskDefinitionArn',
  'member UpdateExpressGatewayServiceRequest.cpuArchitecture',
  'member UpdateExpressGatewayServiceRequest.taskDefinitionArn',
  'member ExpressGatewayServiceConfiguration.cpuArchitecture',
  'member ExpressGatewayServiceConfiguration.taskDefinitionArn',
  // Shared GPUs and AWS Neuron devices. A task definition's resourceRequirements[].sharingStrategy
  // is dropped by Berth's validator today; GPU requirements are refused where a task would run.
  'member ResourceRequirement.sharingStrategy',
  'member Container.gpuSharingStrategy',
  'member Container.neuronDeviceIds',
  'member ContainerInstance.gpuDevices',
  'enum PlatformDeviceType.NEURON_DEVICE',
  'enum ResourceType.NeuronDevice',
  // Health: an instance's agent connectivity check, and tasks stopped for infrastructure health.
  'enum InstanceHealthCheckType.AGENT_CONNECTIVITY',
  'enum TaskStopCode.InfrastructureHealth',
]

describe(`ECS model drift against @aws-sdk/client-ecs ${SDK_VERSION}`, () => {
  const drift = findModelDrift(sdk, MODEL)
  const allowed = new Set(NEWER_THAN_OUR_MODEL)

  it('our model has every operation, member and enum value the SDK has, but for the listed ones', () => {
    const unexplained = drift.filter((d) => !allowed.has(d.key))
    assert.deepEqual(
      unexplained.map((d) => d.key),
      [],
      `src/core/aws-model/ecs.json (botocore ${MODEL.source?.botocore}) lacks what @aws-sdk/client-ecs ${SDK_VERSION} has:\n` +
        unexplained.map((d) => `  ${d.key}   (reached from ${d.where})`).join('\n') +
        '\nRegenerate the model from a newer botocore (npm run model), or list it in NEWER_THAN_OUR_MODEL with why.',
    )
  })

  it('lists nothing the model has caught up with', () => {
    const present = new Set(drift.map((d) => d.key))
    const stale = NEWER_THAN_OUR_MODEL.filter((key) => !present.has(key))
    assert.deepEqual(stale, [], `no longer a difference, drop from NEWER_THAN_OUR_MODEL:\n  ${stale.join('\n  ')}`)
  })

  it('has an SDK enum to compare with for every enum of the model', () => {
    const exported = sdkEnums(sdk)
    const unmatched = Object.entries(MODEL.shapes).filter(([name, s]) => s.enum && !exported[name]).map(([name]) => name)
    assert.deepEqual(unmatched, [], 'the SDK no longer exports these enums under the model names; the drift check would skip them')
  })

  it('sees a missing operation, member and enum value (a model with them cut out)', () => {
    const cut = structuredClone(MODEL)
    delete cut.operations['RunTask']
    delete cut.shapes['ContainerDefinition']!.members!['restartPolicy']
    cut.shapes['LaunchType']!.enum = cut.shapes['LaunchType']!.enum!.filter((v) => v !== 'EC2')
    const keys = findModelDrift(sdk, cut).map((d) => d.key)
    for (const key of ['operation RunTask', 'member ContainerDefinition.restartPolicy', 'enum LaunchType.EC2']) {
      assert.ok(keys.includes(key), `${key} not reported`)
    }
  })
})
