import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { RuntimeError } from '../runtime/errors.js'
import { hasImages, type ContainerRuntime } from '../runtime/runtime.js'
import { makeTar } from './tar.js'

/**
 * The image of a task's holder container (awsvpc networking, `task` PID/IPC namespaces). No
 * registry is assumed: the agent builds it itself with `docker import` of a tiny root file
 * system holding the host's static busybox (Debian's busybox-static, which
 * scripts/setup-host.sh installs), whose shell sleeps until SIGTERM and then exits 0 at once.
 */
export const PAUSE_IMAGE = 'berth/pause:latest'
export const DEFAULT_BUSYBOX = '/bin/busybox'

const HOLDER_SCRIPT = 'trap "exit 0" TERM INT; while :; do sleep 86400 & wait $!; done'
const RECIPE_VERSION = '1'
const RECIPE_LABEL = 'com.berth.pause.recipe'

/** Makes PAUSE_IMAGE present unless it already is, from this recipe; returns its image id. */
export async function ensurePauseImage(runtime: ContainerRuntime, busyboxPath = DEFAULT_BUSYBOX): Promise<string> {
  if (!hasImages(runtime)) {
    // A runtime that cannot import images can still have it (a test fake defines it).
    return (await runtime.pull(PAUSE_IMAGE, { policy: 'prefer-cached' })).imageId
  }
  const busybox = await readBusybox(busyboxPath)
  const recipe = createHash('sha256').update(RECIPE_VERSION).update(HOLDER_SCRIPT).update(busybox).digest('hex').slice(0, 16)
  const present = await runtime.inspectImage(PAUSE_IMAGE)
  if (present && present.labels[RECIPE_LABEL] === recipe) return present.id
  const tar = makeTar([
    ...['bin', 'dev', 'etc', 'proc', 'sys'].map((path) => ({ kind: 'dir' as const, path })),
    { kind: 'dir', path: 'tmp', mode: 0o1777 },
    { kind: 'file', path: 'bin/busybox', data: busybox, mode: 0o755 },
    { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    { kind: 'symlink', path: 'bin/sleep', target: 'busybox' },
  ])
  return runtime.importImage(PAUSE_IMAGE, tar, {
    changes: ['ENV PATH=/bin', `LABEL ${RECIPE_LABEL}=${recipe}`, `CMD ["/bin/sh", "-c", ${JSON.stringify(HOLDER_SCRIPT)}]`],
  })
}

async function readBusybox(path: string): Promise<Buffer> {
  let data: Buffer
  try {
    data = await readFile(path)
  } catch (e) {
    throw pauseImageError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
  }
  if (!isStaticElf(data)) throw pauseImageError(`${path} is not a statically linked executable`)
  return data
}

const pauseImageError = (detail: string) =>
  new RuntimeError(
    'CannotImportImageError',
    `cannot build ${PAUSE_IMAGE}: ${detail}; install Debian's busybox-static (scripts/setup-host.sh) or point BERTH_BUSYBOX at a static busybox`,
    { retryable: false, terminal: true },
  )

/** An ELF file with no program interpreter (PT_INTERP): it runs in an empty root file system. */
export function isStaticElf(b: Buffer): boolean {
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46) return false
  const is64 = b[4] === 2
  const le = b[5] === 1
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o))
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o))
  const phoff = is64 ? Number(le ? b.readBigUInt64LE(32) : b.readBigUInt64BE(32)) : u32(28)
  const phentsize = u16(is64 ? 54 : 42)
  const phnum = u16(is64 ? 56 : 44)
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize
    if (at + 4 > b.length) return false
    if (u32(at) === 3) return false // PT_INTERP: needs a dynamic loader
  }
  return true
}
