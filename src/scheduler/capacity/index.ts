export { placeByStrategy } from './place-by-strategy.js'
export { provisioningController, provisioningPass, type ProvisioningDeps } from './provisioning-controller.js'
export { decideProvisioning, type ProvisioningAction, type ProvisioningDecision, type ProvisioningInput } from './provisioning.js'
