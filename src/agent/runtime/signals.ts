const NUMBERS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15 }
const NAMES: Record<number, string> = Object.fromEntries(Object.entries(NUMBERS).map(([k, v]) => [v, k]))

/** `15`, `term`, `TERM` and `SIGTERM` all name SIGTERM; a number without a name stays a number. */
export function signalName(s: string): string {
  if (/^\d+$/.test(s)) return NAMES[Number(s)] ?? s
  const upper = s.toUpperCase()
  return upper.startsWith('SIG') ? upper : `SIG${upper}`
}

/** The signal's number on Linux (an exit code of 128 + n means the process died of it). */
export function signalNumber(s: string): number | undefined {
  return /^\d+$/.test(s) ? Number(s) : NUMBERS[signalName(s)]
}
