export { checkEc2Launch, checkFargateLaunch, FARGATE_MESSAGES, FARGATE_REFUSALS, hostCpuArchitecture, type FargateLaunchRequest } from './launch-check.js'
export { placeFargateTasks, type PlaceFargateTasksInput } from './place-fargate-tasks.js'
