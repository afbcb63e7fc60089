#!/usr/bin/env node
// Runs every compiled test file under dist/ with Node's test runner. `npm test` builds first.
// Pass file-name fragments to run a subset: `node scripts/run-tests.js clusters`.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.test.js') ? [join(dir, e.name)] : [],
  )
const filters = process.argv.slice(2)
const files = walk('dist')
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
if (files.length === 0) {
  console.error('run-tests: no test files found under dist/ (run `npm run build` first)')
  process.exit(1)
}
// A test that never settles fails after ten minutes, naming itself, instead of holding the run
// forever (one full run hung on a fetch that never settled); the longest test takes about four.
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=600000', ...files], { stdio: 'inherit' })
process.exit(result.status ?? 1)
