/**
 * A minimal ustar writer for the few files of a locally built image's root file system
 * (directories, regular files, symlinks; names under 100 bytes; owner root). Enough for
 * `docker import`, with no `tar` binary and no temporary folder.
 */
export type TarEntry =
  | { kind: 'dir'; path: string; mode?: number }
  | { kind: 'file'; path: string; data: Uint8Array; mode?: number }
  | { kind: 'symlink'; path: string; target: string }

const BLOCK = 512

export function makeTar(entries: readonly TarEntry[], mtimeSeconds = 0): Buffer {
  const parts: Buffer[] = []
  for (const e of entries) {
    const data = e.kind === 'file' ? Buffer.from(e.data) : Buffer.alloc(0)
    parts.push(header(e, data.length, mtimeSeconds))
    if (data.length) parts.push(data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK))
  }
  parts.push(Buffer.alloc(BLOCK * 2)) // two zero blocks end the archive
  return Buffer.concat(parts)
}

function header(e: TarEntry, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK)
  const name = e.kind === 'dir' && !e.path.endsWith('/') ? `${e.path}/` : e.path
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: name too long: ${name}`)
  const mode = e.kind === 'symlink' ? 0o777 : (e.mode ?? (e.kind === 'dir' ? 0o755 : 0o644))
  h.write(name, 0, 100, 'utf8')
  octal(h, 100, 8, mode)
  octal(h, 108, 8, 0) // uid
  octal(h, 116, 8, 0) // gid
  octal(h, 124, 12, size)
  octal(h, 136, 12, mtime)
  h.fill(' ', 148, 156) // the checksum counts itself as spaces
  h.write(e.kind === 'dir' ? '5' : e.kind === 'symlink' ? '2' : '0', 156, 1, 'ascii')
  if (e.kind === 'symlink') h.write(e.target, 157, 100, 'utf8')
  h.write('ustar\0', 257, 6, 'ascii')
  h.write('00', 263, 2, 'ascii')
  h.write('root', 265, 32, 'ascii')
  h.write('root', 297, 32, 'ascii')
  let sum = 0
  for (const byte of h) sum += byte
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii')
  return h
}

function octal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'ascii')
}
