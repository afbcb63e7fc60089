import { deregisterContainerInstance } from './deregister-container-instance.js'
import { discoverPollEndpoint } from './discover-poll-endpoint.js'
import { describeContainerInstances } from './describe-container-instances.js'
import { listContainerInstances } from './list-container-instances.js'
import { registerContainerInstance } from './register-container-instance.js'
import { updateContainerInstancesState } from './update-container-instances-state.js'

export const containerInstanceOperations = {
  RegisterContainerInstance: registerContainerInstance,
  DeregisterContainerInstance: deregisterContainerInstance,
  DescribeContainerInstances: describeContainerInstances,
  ListContainerInstances: listContainerInstances,
  UpdateContainerInstancesState: updateContainerInstancesState,
  DiscoverPollEndpoint: discoverPollEndpoint,
}
