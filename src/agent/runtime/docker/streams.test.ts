import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { framesFromText, readFrames, readJsonLines, readLines, readLogLines, type Frame } from './streams.js'

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const x of source) out.push(x)
  return out
}
async function* chunks(...parts: (Buffer | string)[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.isBuffer(p) ? p : Buffer.from(p)
}
const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text)
  const header = Buffer.alloc(8)
  header[0] = stream
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

describe('readLines', () => {
  it('joins lines split across chunks, including a multi-byte character', async () => {
    const euro = Buffer.from('€')
    assert.deepEqual(await collect(readLines(chunks('a\nb', Buffer.concat([Buffer.from('c'), euro.subarray(0, 1)]), euro.subarray(1), '\r\nlast'))), ['a', 'bc€', 'last'])
  })
  it('skips blank and torn JSON lines', async () => {
    assert.deepEqual(await collect(readJsonLines(chunks('{"a":1}\n\n{"b":', '2}\n{torn'))), [{ a: 1 }, { b: 2 }])
  })
})

describe('readFrames and readLogLines', () => {
  it('reads frames whose headers and payloads are split across chunks', async () => {
    const all = Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')])
    const frames = await collect(readFrames(chunks(all.subarray(0, 3), all.subarray(3, 10), all.subarray(10))))
    assert.deepEqual(frames.map((f) => [f.stream, f.payload.toString()]), [['stdout', 'out\n'], ['stderr', 'err\n']])
  })
  it('splits messages into lines with their timestamps, and joins a line the engine split', async () => {
    const t1 = '2026-01-01T00:00:01.123456789Z'
    const t2 = '2026-01-01T00:00:02Z'
    const frames = readFrames(chunks(frame(1, `${t1} one\n`), frame(2, `${t1} half `), frame(1, `${t2} two\n`), frame(2, `${t2} done\n`), frame(1, `${t2} no newline`)))
    assert.deepEqual(await collect(readLogLines(frames)), [
      { stream: 'stdout', time: Date.parse('2026-01-01T00:00:01.123Z'), text: 'one' },
      { stream: 'stdout', time: Date.parse(t2), text: 'two' },
      { stream: 'stderr', time: Date.parse('2026-01-01T00:00:01.123Z'), text: 'half done' },
      { stream: 'stdout', time: Date.parse(t2), text: 'no newline' },
    ])
  })
  it('reads a TTY container as stdout lines', async () => {
    const frames: AsyncIterable<Frame> = framesFromText(chunks('2026-01-01T00:00:01Z a\n2026-01-01T00:00:02Z b\n'))
    assert.deepEqual((await collect(readLogLines(frames))).map((l) => `${l.stream}:${l.text}`), ['stdout:a', 'stdout:b'])
  })
})
