export { candidateOf, loadCandidates, tasksOnInstance } from './candidates.js'
export type { ApplyDeps } from './deps.js'
export { placeTasks, type PlaceTasksInput, type PlaceTasksResult } from './place-tasks.js'
export type { TaskTagsSpec } from './task-tags.js'
