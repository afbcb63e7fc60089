// The runtime layer's public surface: the interface and its types. Implementations are
// imported from their folders (`./docker/index.js`, `./fake/index.js`) by whoever wires them.
export type {
  ContainerRuntime,
  EngineInfo,
  ImageRuntime,
  InfoRuntime,
  LogsRuntime,
  PullOptions,
  PullPolicy,
  PullResult,
  RuntimeEventStream,
  StatsRuntime,
  VolumeRuntime,
} from './runtime.js'
export { hasImages, hasInfo, hasLogs, hasStats, hasVolumes } from './runtime.js'
export type * from './spec.js'
export type {
  ActualPortBinding,
  ContainerId,
  ContainerObservation,
  ContainerState,
  ContainerStats,
  ContainerSummary,
  HealthStatus,
  ImageSummary,
  LogLine,
  RuntimeEvent,
  RuntimeEventType,
  VolumeSummary,
} from './observation.js'
export { CONTAINER_STATES, RUNTIME_EVENT_TYPES } from './observation.js'
export {
  ImagePullError,
  RuntimeError,
  RuntimeErrors,
  isImagePullError,
  isRuntimeError,
  type PullFailureKind,
  type RuntimeErrorCode,
} from './errors.js'
export { isValidImageRef, normalizeImageRef, parseImageRef } from './image-ref.js'
