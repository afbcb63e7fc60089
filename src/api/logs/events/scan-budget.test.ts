import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CHUNK_CHARS, MAX_CHUNK_ROWS, nextChunkRows } from './scan-budget.js'

describe('nextChunkRows', () => {
  const rows = [
    { rows: 1_000, chars: 100_000, want: MAX_CHUNK_ROWS, why: 'small events: capped, though 10,000 would fit' },
    { rows: 16, chars: 16 * 1_000_000, want: 1, why: 'megabyte events: one a read' },
    { rows: 16, chars: 16 * 10_000, want: 100, why: '10 KB events: about a megabyte a read' },
    { rows: 16, chars: 0, want: MAX_CHUNK_ROWS, why: 'empty messages cost nothing' },
    { rows: 5, chars: 5 * 3 * CHUNK_CHARS, want: 1, why: 'events larger than a chunk: still one, so the scan goes on' },
  ]
  for (const r of rows) it(`${r.rows} rows of ${r.chars} characters → ${r.want} (${r.why})`, () => assert.equal(nextChunkRows(r.rows, r.chars), r.want))
})
