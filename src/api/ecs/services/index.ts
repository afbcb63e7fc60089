import { createService } from './create-service.js'
import { deleteService } from './delete-service.js'
import { describeServiceDeployments } from './describe-service-deployments.js'
import { describeServiceRevisions } from './describe-service-revisions.js'
import { describeServices } from './describe-services.js'
import { listServiceDeployments } from './list-service-deployments.js'
import { listServices } from './list-services.js'
import { stopServiceDeployment } from './stop-service-deployment.js'
import { updateService } from './update-service.js'

export { findService, requireService, serviceArnOf } from './service-ref.js'

export const serviceOperations = {
  CreateService: createService,
  UpdateService: updateService,
  DeleteService: deleteService,
  DescribeServices: describeServices,
  ListServices: listServices,
  ListServiceDeployments: listServiceDeployments,
  DescribeServiceDeployments: describeServiceDeployments,
  DescribeServiceRevisions: describeServiceRevisions,
  StopServiceDeployment: stopServiceDeployment,
}
