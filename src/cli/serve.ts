import { consoleLogger } from '../core/log.js'
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../server/control-plane.js'

/** Something that runs beside the control plane (berth up's local agents). */
export interface Companion {
  /** Resolves once the companion is ready to serve. */
  readonly ready: Promise<void>
  /** Resolves with a reason if it stops on its own; the whole process then stops. */
  readonly failed: Promise<string>
  stop(): Promise<void>
}

/**
 * Runs the control plane in the foreground until SIGINT or SIGTERM, then stops it cleanly:
 * companions first, then the listener (in-flight requests finish), then the store. Resolves
 * with the exit code: 0 after a signal, 1 when a companion failed.
 */
export async function serveUntilSignal(
  options: Omit<ControlPlaneOptions, 'logger'>,
  banner: (endpoint: string) => string[],
  readyLine: string,
  startCompanion?: (plane: ControlPlane) => Companion,
): Promise<number> {
  const logger = consoleLogger
  const plane = await startControlPlane({ ...options, logger })
  for (const line of banner(plane.endpoint)) console.log(line)
  const companion = startCompanion?.(plane)
  void Promise.race([companion?.ready ?? Promise.resolve(), companion?.failed.then(() => 'failed')]).then((r) => {
    if (r !== 'failed') console.log(readyLine)
  })
  const outcome = await new Promise<{ signal: NodeJS.Signals } | { failure: string }>((resolve) => {
    process.once('SIGINT', () => resolve({ signal: 'SIGINT' }))
    process.once('SIGTERM', () => resolve({ signal: 'SIGTERM' }))
    void companion?.failed.then((failure) => resolve({ failure }))
  })
  if ('failure' in outcome) logger.error('stopping', { because: outcome.failure })
  else logger.info('stopping', { signal: outcome.signal })
  await companion?.stop()
  await plane.stop()
  logger.info('stopped')
  return 'failure' in outcome ? 1 : 0
}
