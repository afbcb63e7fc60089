/**
 * Narrowing helpers for the engine's JSON: every answer is `unknown` until read through
 * these, so a field the engine leaves out or renames becomes `undefined`, never a crash.
 */
export type Json = Record<string, unknown>

export const asObject = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {})
export const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
export const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
export const asNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)
export const asStringRecord = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(asObject(v)).filter((e): e is [string, string] => typeof e[1] === 'string'))

/** Docker writes `0001-01-01T00:00:00Z` for "never"; that and anything unparseable become undefined. */
export function asTime(v: unknown): number | undefined {
  const s = asString(v)
  if (!s || s.startsWith('0001-')) return undefined
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? undefined : ms
}

/** The engine's error answers are `{"message": "..."}`. */
export const engineMessage = (body: unknown, fallback: string): string => asString(asObject(body)['message']) ?? fallback
