import { describe } from 'node:test'
import { connectTestEngine } from '../../../testing/docker.js'
import { ensureTestImages, TEST_IMAGES } from '../../../testing/images.js'
import { runRuntimeContract, type ContractPrograms } from '../runtime.contract.js'
import { DockerRuntime } from './docker-runtime.js'

const BUSYBOX = TEST_IMAGES.busybox

/** The contract's programs as busybox commands. `init` makes SIGTERM end `sleep` (PID 1 ignores it otherwise). */
export const dockerPrograms: ContractPrograms = {
  localImage: BUSYBOX,
  unreachableImage: '127.0.0.1:1/berth-test/absent:latest',
  sleeper: { image: BUSYBOX, cmd: ['sleep', '3600'], init: true },
  exitsWith: (code) => ({ image: BUSYBOX, cmd: ['sh', '-c', `exit ${code}`] }),
  ignoresSigterm: { image: BUSYBOX, cmd: ['sleep', '3600'] },
  healthy: { image: BUSYBOX, cmd: ['sleep', '3600'], init: true, healthCheck: { test: ['CMD', 'true'], intervalMs: 100, timeoutMs: 2000, retries: 1 } },
  prints: (out, err) => ({ image: BUSYBOX, cmd: ['sh', '-c', 'echo "$OUT"; echo "$ERR" >&2'], env: { OUT: out, ERR: err } }),
}

const engine = await connectTestEngine()
if (engine.skip !== undefined) {
  describe('ContainerRuntime contract: DockerRuntime', { skip: `no Docker Engine answers: ${engine.skip}` }, () => {})
} else {
  await ensureTestImages(engine.runtime.client)
  engine.runtime.close()
  runRuntimeContract({
    name: 'DockerRuntime',
    newRuntime: async () => new DockerRuntime(),
    programs: dockerPrograms,
    close: (rt) => (rt as DockerRuntime).close(),
  })
}
