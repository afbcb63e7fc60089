import { EVENT_OVERHEAD_BYTES } from '../../core/model/log.js'

/**
 * CloudWatch's limit on one event: 256 KiB including the 26 bytes it charges per event, so
 * 262,118 bytes of UTF-8 message. Docker's awslogs driver splits longer lines into events of
 * at most this size, each with the line's timestamp; so does the shipper.
 */
export const MAX_EVENT_MESSAGE_BYTES = 262_144 - EVENT_OVERHEAD_BYTES

/**
 * Cuts `message` into pieces of at most `maxBytes` UTF-8 bytes each, never inside a
 * character (a surrogate pair stays whole; a lone surrogate counts 3 bytes, as the encoder
 * writes it as U+FFFD). Deterministic: the same line always gives the same pieces, which
 * resumption relies on (pieces are numbered like lines). Only called for lines that do not
 * fit, so it may allocate.
 */
export function splitMessage(message: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError(`maxBytes must be at least 4, not ${maxBytes}`)
  const pieces: string[] = []
  let start = 0
  let bytes = 0
  for (let i = 0; i < message.length; ) {
    const unit = message.charCodeAt(i)
    const pair = unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(message.charCodeAt(i + 1))
    const width = pair ? 4 : unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3
    if (bytes + width > maxBytes) {
      pieces.push(message.slice(start, i))
      start = i
      bytes = 0
    }
    bytes += width
    i += pair ? 2 : 1
  }
  pieces.push(message.slice(start))
  return pieces
}

const isLowSurrogate = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff
