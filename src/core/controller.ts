/**
 * Everything that runs on its own in the control plane — the task reaper, the service
 * scheduler, and later load-balancer health checks, metrics rollups, alarms and scaling — is
 * a controller: a name and a loop. Controllers are level-triggered over the store: each pass
 * reads what is, decides, writes back, so a controller can be stopped and started again at
 * any time and a missed wake-up is caught by the next pass.
 */
export interface Controller {
  /** Names it in logs, e.g. `service-scheduler`. */
  readonly name: string
  /** Loops until `signal` aborts, then resolves. A rejection is a bug: the runner logs it and starts the loop again. */
  run(signal: AbortSignal): Promise<void>
}
