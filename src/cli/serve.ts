import { consoleLogger } from '../core/log.js'
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../server/control-plane.js'

/** Something that runs beside the control plane (berth up's local agents). */
export interface Companion {
  /** Resolves once the companion is ready to serve. */
  readonly ready: Promise<void>
  stop(): Promise<void>
}

/**
 * Runs the control plane in the foreground until SIGINT or SIGTERM, then stops it cleanly:
 * companions first, then the listener (in-flight requests finish), then the store. Resolves
 * with the exit code, 0. A companion never stops it: berth up's agents are restarted when
 * they die (local-agents.ts).
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
  void (companion?.ready ?? Promise.resolve()).then(() => console.log(readyLine))
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  logger.info('stopping', { signal })
  await companion?.stop()
  await plane.stop()
  logger.info('stopped')
  return 0
}
