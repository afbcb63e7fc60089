import { LogsErrors } from '../../../core/errors.js'
import type { StreamEventKey } from '../../../core/model/log.js'

/**
 * GetLogEvents tokens, shaped like AWS's (`f/<digits>`, `b/<digits>`): a direction and a key
 * (timestamp, sequence) the next read starts beyond, exclusively. `f/K` reads events above K,
 * `b/K` events below K. Sequences are integers, so "above K" and "below (K.ts, K.seq + 1)"
 * split the stream at the same place: that is how an empty page turns its token around.
 */
export interface StreamToken {
  direction: 'forward' | 'backward'
  key: StreamEventKey
}

const TOKEN = /^([fb])\/(\d{20})(\d{20})$/

export function encodeStreamToken(t: StreamToken): string {
  const digits = String(t.key.timestamp).padStart(20, '0') + String(t.key.sequence).padStart(20, '0')
  return `${t.direction === 'forward' ? 'f' : 'b'}/${digits}`
}

export function decodeStreamToken(token: string): StreamToken {
  const m = TOKEN.exec(token)
  const timestamp = Number(m?.[2])
  const sequence = Number(m?.[3])
  if (!m || !Number.isSafeInteger(timestamp) || !Number.isSafeInteger(sequence)) throw LogsErrors.invalidNextToken()
  return { direction: m[1] === 'f' ? 'forward' : 'backward', key: { timestamp, sequence } }
}

/** The token reading the other way from the same place. */
export function turnAround(t: StreamToken): StreamToken {
  return t.direction === 'forward'
    ? { direction: 'backward', key: { timestamp: t.key.timestamp, sequence: t.key.sequence + 1 } }
    : { direction: 'forward', key: { timestamp: t.key.timestamp, sequence: Math.max(0, t.key.sequence - 1) } }
}
