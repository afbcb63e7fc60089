export { DockerRuntime, type DockerRuntimeOptions } from './docker-runtime.js'
export { EngineClient, PREFERRED_API_VERSION, type EngineRequest, type EngineJsonResponse } from './engine-client.js'
export { resolveEngineEndpoint, DEFAULT_DOCKER_HOST, type EngineEndpoint } from './engine-endpoint.js'
export { classifyPullFailure } from './pull.js'
