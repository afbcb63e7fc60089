import { runRuntimeContract, type ContractPrograms } from '../runtime.contract.js'
import { FakeRuntime } from './fake-runtime.js'

const programs: ContractPrograms = {
  localImage: 'fake/sleeper:latest',
  unreachableImage: 'registry.example:5000/absent:latest',
  sleeper: { image: 'fake/sleeper' },
  exitsWith: (code) => ({ image: 'fake/exits', env: { EXIT_CODE: String(code) } }),
  ignoresSigterm: { image: 'fake/stubborn' },
  healthy: { image: 'fake/healthy', healthCheck: { test: ['CMD', 'true'] } },
  prints: (out, err) => ({ image: 'fake/prints', env: { OUT: out, ERR: err } }),
}

/** A fake whose images behave as the contract's programs do on Docker; its registry serves nothing. */
export function contractFake(): FakeRuntime {
  const rt = new FakeRuntime({
    registry: [],
    images: {
      'fake/sleeper': {},
      'fake/exits': (spec) => ({ exitOnStart: Number(spec.env?.['EXIT_CODE'] ?? 0) }),
      'fake/stubborn': { ignoresStopSignal: true },
      'fake/healthy': { health: 'healthy' },
      'fake/prints': (spec) => ({
        output: [
          { stream: 'stdout', text: spec.env?.['OUT'] ?? '' },
          { stream: 'stderr', text: spec.env?.['ERR'] ?? '' },
        ],
        exitOnStart: 0,
      }),
    },
  })
  rt.failPull(programs.unreachableImage, 'unreachable')
  return rt
}

runRuntimeContract({ name: 'FakeRuntime', newRuntime: async () => contractFake(), programs })
