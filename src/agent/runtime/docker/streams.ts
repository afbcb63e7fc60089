import { StringDecoder } from 'node:string_decoder'
import type { LogLine } from '../observation.js'

/** Splits a byte stream into lines without their newline; a last unterminated line counts too. */
export async function* readLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  for await (const chunk of source) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk)
    let nl: number
    while ((nl = pending.indexOf('\n')) >= 0) {
      yield pending.slice(0, nl).replace(/\r$/, '')
      pending = pending.slice(nl + 1)
    }
  }
  pending += decoder.end()
  if (pending) yield pending
}

/** Newline-delimited JSON (the engine's event and progress streams); unparseable lines are skipped. */
export async function* readJsonLines(source: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  for await (const line of readLines(source)) {
    if (!line.trim()) continue
    try {
      yield JSON.parse(line) as unknown
    } catch {
      // a torn line from a dropped connection: the caller re-lists anyway
    }
  }
}

export interface Frame {
  stream: 'stdout' | 'stderr'
  payload: Buffer
}

/** Docker's multiplexed stdout/stderr framing: an 8-byte header (stream, 0, 0, 0, size as big-endian u32), then the bytes. */
export async function* readFrames(source: AsyncIterable<Buffer>): AsyncGenerator<Frame> {
  let buf: Buffer = Buffer.alloc(0)
  for await (const chunk of source) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4)
      if (buf.length < 8 + size) break
      const stream = buf[0] === 2 ? 'stderr' : 'stdout'
      yield { stream, payload: buf.subarray(8, 8 + size) }
      buf = buf.subarray(8 + size)
    }
  }
}

/**
 * Frames (or, for a TTY container, plain text) written with `timestamps=1` → lines. Each log
 * message starts with its RFC 3339 timestamp; a message can end mid-line (the engine splits
 * lines over 16 KiB), so each stream keeps its unfinished line and the time it began.
 */
export async function* readLogLines(frames: AsyncIterable<Frame>): AsyncGenerator<LogLine> {
  const pending: Record<LogLine['stream'], { text: string; time: number } | undefined> = { stdout: undefined, stderr: undefined }
  for await (const { stream, payload } of frames) {
    const { time, text } = splitTimestamp(payload.toString('utf8'))
    let current = pending[stream] ?? { text: '', time }
    current.text += text
    let nl: number
    while ((nl = current.text.indexOf('\n')) >= 0) {
      yield { stream, time: current.time, text: current.text.slice(0, nl).replace(/\r$/, '') }
      current = { text: current.text.slice(nl + 1), time }
    }
    pending[stream] = current.text ? current : undefined
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    const rest = pending[stream]
    if (rest) yield { stream, time: rest.time, text: rest.text }
  }
}

/** A TTY container's log has no frames: every line is stdout. */
export async function* framesFromText(source: AsyncIterable<Buffer | string>): AsyncGenerator<Frame> {
  for await (const line of readLines(source)) yield { stream: 'stdout', payload: Buffer.from(`${line}\n`) }
}

function splitTimestamp(s: string): { time: number; text: string } {
  const sp = s.indexOf(' ')
  const time = sp > 0 ? Date.parse(s.slice(0, sp)) : NaN
  return Number.isNaN(time) ? { time: 0, text: s } : { time, text: s.slice(sp + 1) }
}
