import { createCluster } from './create-cluster.js'
import { deleteCluster } from './delete-cluster.js'
import { describeClusters } from './describe-clusters.js'
import { listClusters } from './list-clusters.js'
import { putClusterCapacityProviders } from './put-cluster-capacity-providers.js'
import { updateCluster } from './update-cluster.js'
import { updateClusterSettings } from './update-cluster-settings.js'

export const clusterOperations = {
  CreateCluster: createCluster,
  DescribeClusters: describeClusters,
  ListClusters: listClusters,
  DeleteCluster: deleteCluster,
  UpdateCluster: updateCluster,
  UpdateClusterSettings: updateClusterSettings,
  PutClusterCapacityProviders: putClusterCapacityProviders,
}
