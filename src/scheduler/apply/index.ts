export { candidateOf, loadCandidates, tasksOnInstance } from './candidates.js'
export type { ApplyDeps } from './deps.js'
export { FARGATE_CAPACITY_UNAVAILABLE, placeTasks, type FargateLaunch, type PlaceTasksInput, type PlaceTasksResult } from './place-tasks.js'
export type { TaskTagsSpec } from './task-tags.js'
