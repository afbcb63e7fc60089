// The log shipper's public surface (the awslogs driver, agent side).
export { createLogShipper, type LogShipper, type LogShipperOptions } from './log-shipper.js'
export { resolveAwslogs, type AwslogsDestination, type AwslogsResolution, type LogTarget } from './awslogs.js'
export type { FollowerState, FollowerStatus, LogSource } from './container-follower.js'
export { MAX_EVENT_MESSAGE_BYTES } from './split-message.js'
