/**
 * How CloudWatch writes numbers and times in alarm state reasons: numbers as Java's
 * Double.toString (`50.0`, `72.1`, `1.0E7`), times as `dd/MM/yy HH:mm:ss` in UTC in the
 * reason, and as `yyyy-MM-ddTHH:mm:ss.SSS+0000` in StateReasonData and history data.
 */
export function javaDouble(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity'
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(n)
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(n)
    return s.includes('.') ? s : `${s}.0`
  }
  // Scientific: one digit before the point, at least one after, `E` and the exponent.
  const [mantissa, exponent] = n.toExponential().split('e') as [string, string]
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `30/11/26 21:03:00`, as a state reason lists a datapoint's period. */
export function reasonTime(ms: number): string {
  const d = new Date(ms)
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** `2026-11-30T21:03:00.000+0000`, as StateReasonData and HistoryData write times. */
export function dataTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000')
}
