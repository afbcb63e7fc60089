/** Where Berth writes what operators read. One line per event, `key=value` fields. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

const line = (level: string, message: string, fields?: Record<string, unknown>) =>
  [
    new Date().toISOString(),
    level,
    message,
    ...Object.entries(fields ?? {}).map(([k, v]) => `${k}=${v instanceof Error ? (v.stack ?? v.message) : typeof v === 'string' ? v : JSON.stringify(v)}`),
  ].join(' ')

export const consoleLogger: Logger = {
  info: (m, f) => console.log(line('INFO', m, f)),
  warn: (m, f) => console.warn(line('WARN', m, f)),
  error: (m, f) => console.error(line('ERROR', m, f)),
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
