import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { resolveHostPath } from './resolve-host-path.js'

describe('resolveHostPath', () => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'berth-paths-')))
  mkdirSync(join(root, 'allowed'))
  symlinkSync('/', join(root, 'allowed', 'escape'))

  it('follows a link to where it leads', () => assert.equal(resolveHostPath(join(root, 'allowed', 'escape')), '/'))
  it('follows a link in the middle of a path', () => assert.equal(resolveHostPath(join(root, 'allowed', 'escape', 'etc')), '/etc'))
  it('keeps the missing rest of a path as written', () => assert.equal(resolveHostPath(join(root, 'allowed', 'new', 'dir')), join(root, 'allowed', 'new', 'dir')))
  it('resolves .. before looking', () => assert.equal(resolveHostPath(join(root, 'allowed', '..', 'allowed')), join(root, 'allowed')))
})
