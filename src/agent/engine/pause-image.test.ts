import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { FakeRuntime } from '../runtime/fake/fake-runtime.js'
import { DEFAULT_BUSYBOX, ensurePauseImage, isStaticElf, PAUSE_IMAGE } from './pause-image.js'
import { makeTar } from './tar.js'

describe('the holder image', () => {
  it('makeTar writes an archive tar reads back: directories, files with modes, symlinks', () => {
    const tar = makeTar([
      { kind: 'dir', path: 'bin' },
      { kind: 'dir', path: 'tmp', mode: 0o1777 },
      { kind: 'file', path: 'bin/hello', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
      { kind: 'symlink', path: 'bin/sh', target: 'busybox' },
    ])
    assert.equal(tar.length % 512, 0)
    const listed = spawnSync('tar', ['-tvf', '-'], { input: tar, encoding: 'utf8' })
    assert.equal(listed.status, 0, listed.stderr)
    const lines = listed.stdout.trim().split('\n').map((l) => l.replace(/\s+/g, ' '))
    assert.match(lines[0] ?? '', /^drwxr-xr-x root\/root 0 .* bin\/$/)
    assert.match(lines[1] ?? '', /^drwxrwxrwt root\/root 0 .* tmp\/$/)
    assert.match(lines[2] ?? '', /^-rwxr-xr-x root\/root 18 .* bin\/hello$/)
    assert.match(lines[3] ?? '', /^lrwxrwxrwx root\/root 0 .* bin\/sh -> busybox$/)
  })

  it('tells a static executable from a dynamic one', () => {
    assert.equal(isStaticElf(readFileSync(process.execPath)), false, 'node needs a loader')
    assert.equal(isStaticElf(Buffer.from('#!/bin/sh\n'.padEnd(80, ' '))), false)
    if (existsSync(DEFAULT_BUSYBOX)) assert.equal(isStaticElf(readFileSync(DEFAULT_BUSYBOX)), true)
  })

  it('builds berth/pause once from the static busybox, then finds it by its recipe label', async (t) => {
    if (!existsSync(DEFAULT_BUSYBOX)) return t.skip(`${DEFAULT_BUSYBOX} is missing (scripts/setup-host.sh installs busybox-static)`)
    const rt = new FakeRuntime()
    const id = await ensurePauseImage(rt)
    assert.equal(await ensurePauseImage(rt), id)
    const imports = rt.callsOf('importImage')
    assert.equal(imports.length, 1)
    assert.equal(imports[0]?.args[0], PAUSE_IMAGE)
    const { changes } = imports[0]?.args[1] as { changes: string[] }
    assert.ok(changes.some((c) => c.startsWith('CMD ["/bin/sh", "-c", "trap')))
  })

  it('says what to install when there is no static busybox', async () => {
    const rt = new FakeRuntime()
    await assert.rejects(ensurePauseImage(rt, '/nonexistent/busybox'), (e: Error) => {
      assert.match(e.message, /^cannot build berth\/pause:latest: \/nonexistent\/busybox cannot be read \(ENOENT\); install Debian's busybox-static \(scripts\/setup-host\.sh\)/)
      return true
    })
    await assert.rejects(ensurePauseImage(rt, process.execPath), /is not a statically linked executable/)
  })
})
