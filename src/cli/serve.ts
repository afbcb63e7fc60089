import { consoleLogger } from '../core/log.js'
import { startControlPlane, type ControlPlaneOptions } from '../server/control-plane.js'

/**
 * Runs the control plane in the foreground until SIGINT or SIGTERM, then stops it cleanly:
 * the listener closes, in-flight requests finish, the store closes. Resolves with the exit code.
 */
export async function serveUntilSignal(options: Omit<ControlPlaneOptions, 'logger'>, banner: (endpoint: string) => string[]) {
  const logger = consoleLogger
  const plane = await startControlPlane({ ...options, logger })
  for (const line of banner(plane.endpoint)) console.log(line)
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'))
    process.once('SIGTERM', () => resolve('SIGTERM'))
  })
  logger.info('stopping', { signal })
  await plane.stop()
  logger.info('stopped')
  return 0
}
