// The agent's task engine: its public surface. See README.md.
export type { TaskEngine } from './engine.js'
export { createTaskEngine, type LogsDelegate, type TaskEngineOptions } from './task-engine.js'
export type { ContainerInfo } from './task-manager.js'
export type { ImagePullBehavior } from './image-puller.js'
export { LABELS, HOLDER_NAME } from './labels.js'
export { PAUSE_IMAGE } from './pause-image.js'
export type { Timers } from '../../core/timers.js'
