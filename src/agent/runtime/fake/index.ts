export { FakeRuntime, type FakeCall, type FakeImage, type FakeImageBehaviour, type FakeOp, type FakeRuntimeOptions } from './fake-runtime.js'
