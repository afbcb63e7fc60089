import type { NetworkConfiguration, TaskDefinition } from '../../core/aws-model/ecs.types.js'
import { EcsErrors } from '../../core/errors.js'

export const NETWORK_CONFIGURATION_REQUIRED = "Network Configuration must be provided when networkMode 'awsvpc' is specified."
export const NETWORK_CONFIGURATION_NOT_VALID = 'Network Configuration is not valid for the given networkMode of this task definition.'

/**
 * awsvpc task definitions take a network configuration (ECS's text when it is missing and
 * `required`: services); other network modes take none (ECS's text). Berth gives each awsvpc
 * task a network namespace of its own on its instance: that is what the configuration asks
 * for; its subnets and security groups have nothing to select here and are not acted on.
 */
export function checkNetworkConfiguration(td: TaskDefinition, nc: NetworkConfiguration | undefined, options: { required: boolean }): void {
  const given = nc?.awsvpcConfiguration !== undefined
  if (td.networkMode === 'awsvpc') {
    if (!given && options.required) throw EcsErrors.invalidParameter(NETWORK_CONFIGURATION_REQUIRED)
  } else if (given) {
    throw EcsErrors.invalidParameter(NETWORK_CONFIGURATION_NOT_VALID)
  }
}
