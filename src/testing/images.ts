import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EngineClient } from '../agent/runtime/docker/engine-client.js'
import { asObject, asString } from '../agent/runtime/docker/json.js'
import { imagePath } from '../agent/runtime/docker/pull.js'
import { readJsonLines } from '../agent/runtime/docker/streams.js'
import { withFileLock } from './file-lock.js'

/**
 * Images tests run, built on this machine with no registry: `docker import` of a root file
 * system made from Debian's static busybox (package busybox-static).
 *
 * - `busybox`: /bin/busybox and a symlink per applet (sh, sleep, echo, cat, httpd, nc,
 *   wget, ...), /etc/passwd with root and nobody, /tmp. CMD `sh`.
 * - `web`: the same plus a web server on port 5000 (`PORT` overrides): `/` answers
 *   `Hello <PROVIDER>!` (from the environment; `world` when unset), `/health` answers 200
 *   `ok`, `/random/` answers as `/` does (a path the load-balancing tests route by),
 *   `/cgi-bin/slow.cgi` sends `first` at once and `slow <PROVIDER>` five seconds later. It exits
 *   0 promptly on SIGTERM. Health-check it with
 *   `['CMD', 'wget', '-q', '-O', '/dev/null', 'http://127.0.0.1:5000/health']`.
 */
export const TEST_IMAGES = {
  busybox: 'berth-test/busybox:latest',
  web: 'berth-test/web:latest',
} as const

/** Bump when the recipe below changes in a way the file hashes do not show. */
const RECIPE_VERSION = '3'
const RECIPE_LABEL = 'berth.test.recipe'
const BUSYBOX = process.env['BERTH_BUSYBOX'] ?? '/bin/busybox'

const WEB_SERVER = `#!/bin/sh
# Serves /www on \${PORT:-5000}: / runs cgi-bin/index.cgi (busybox httpd's directory index), /health is a file.
httpd -f -p "\${PORT:-5000}" -h /www &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; exit 0' TERM INT
wait $pid
`
const INDEX_CGI = `#!/bin/sh
body="Hello \${PROVIDER:-world}!"
# httpd closes the connection after each response: say so, or keep-alive clients reuse a closed socket.
printf 'Content-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n%s\\n' $((\${#body} + 1)) "$body"
`

// A first line at once, the rest five seconds later: a request a test knows is in flight.
const SLOW_CGI = `#!/bin/sh
printf 'Content-Type: text/plain\\r\\nConnection: close\\r\\n\\r\\n'
echo first
sleep 5
echo "slow \${PROVIDER:-world}"
`

let built: Promise<typeof TEST_IMAGES> | undefined

/**
 * Builds the test images unless the engine already has them from this recipe. Safe to call
 * from every test file at once: one process builds (a lock file in the temp folder), the
 * others wait and find them built. Cached by tag and recipe label, so a later run costs one
 * inspect per image.
 */
export function ensureTestImages(client: EngineClient): Promise<typeof TEST_IMAGES> {
  built ??= buildAll(client).catch((e: unknown) => {
    built = undefined
    throw e
  })
  return built
}

async function buildAll(client: EngineClient): Promise<typeof TEST_IMAGES> {
  const recipe = recipeHash()
  const missing = async () => (await Promise.all(Object.values(TEST_IMAGES).map((t) => imageRecipe(client, t)))).some((r) => r !== recipe)
  if (!(await missing())) return TEST_IMAGES
  await withFileLock(join(tmpdir(), 'berth-test-images.lock'), async () => {
    if ((await imageRecipe(client, TEST_IMAGES.busybox)) !== recipe) {
      await importRootfs(client, TEST_IMAGES.busybox, recipe, () => {}, ['CMD ["sh"]'])
    }
    if ((await imageRecipe(client, TEST_IMAGES.web)) !== recipe) {
      await importRootfs(client, TEST_IMAGES.web, recipe, addWebFiles, ['CMD ["/bin/web-server"]', 'EXPOSE 5000/tcp'])
    }
  })
  return TEST_IMAGES
}

function recipeHash(): string {
  return createHash('sha256').update(RECIPE_VERSION).update(readFileSync(BUSYBOX)).update(WEB_SERVER).update(INDEX_CGI).update(SLOW_CGI).digest('hex').slice(0, 16)
}

/** The recipe label of `tag` in the engine, undefined when there is no such image. */
export async function imageRecipe(client: EngineClient, tag: string): Promise<string | undefined> {
  const res = await client.json('GET', `/images/${imagePath(tag)}/json`)
  if (res.status !== 200) return undefined
  return asString(asObject(asObject(asObject(res.body)['Config'])['Labels'])[RECIPE_LABEL])
}

async function imageId(client: EngineClient, tag: string): Promise<string | undefined> {
  const res = await client.json('GET', `/images/${imagePath(tag)}/json`)
  return res.status === 200 ? asString(asObject(res.body)['Id']) : undefined
}

function addWebFiles(root: string): void {
  mkdirSync(join(root, 'www/cgi-bin'), { recursive: true })
  mkdirSync(join(root, 'www/random'))
  writeFileSync(join(root, 'www/health'), 'ok\n')
  writeFileSync(join(root, 'www/cgi-bin/index.cgi'), INDEX_CGI, { mode: 0o755 })
  writeFileSync(join(root, 'www/cgi-bin/slow.cgi'), SLOW_CGI, { mode: 0o755 })
  writeFileSync(join(root, 'bin/web-server'), WEB_SERVER, { mode: 0o755 })
}

/** Lays out a busybox root file system, lets `extra` add to it, and imports it as `tag`, labelled with `recipe`. */
export async function importRootfs(client: EngineClient, tag: string, recipe: string, extra: (root: string) => void, changes: string[]): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'berth-rootfs-'))
  try {
    layOutBusybox(root)
    extra(root)
    const tar = spawn('tar', ['-C', root, '--owner=0', '--group=0', '--numeric-owner', '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const tarDone = new Promise<void>((resolve, reject) => {
      tar.on('error', reject)
      tar.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code}`))))
    })
    const previous = await imageId(client, tag)
    const [repo, version] = [tag.slice(0, tag.lastIndexOf(':')), tag.slice(tag.lastIndexOf(':') + 1)]
    const res = await client.stream('POST', '/images/create', {
      query: { fromSrc: '-', repo, tag: version, changes: ['ENV PATH=/bin', `LABEL ${RECIPE_LABEL}=${recipe}`, ...changes] },
      raw: { stream: tar.stdout, contentType: 'application/x-tar' },
      timeoutMs: 60_000,
    })
    let error: string | undefined
    for await (const line of readJsonLines(res)) error ??= asString(asObject(line)['error']) ?? asString(asObject(line)['message'])
    await tarDone
    if (res.statusCode !== 200 || error) throw new Error(`docker import ${tag}: ${error ?? `HTTP ${res.statusCode}`}`)
    // The image an older recipe built lost its tag: remove it unless a container still uses it.
    if (previous && previous !== (await imageId(client, tag))) await client.json('DELETE', `/images/${previous}`)
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

function layOutBusybox(root: string): void {
  for (const dir of ['bin', 'etc', 'root', 'proc', 'sys', 'dev', 'var', 'tmp']) mkdirSync(join(root, dir))
  chmodSync(join(root, 'tmp'), 0o1777)
  writeFileSync(join(root, 'bin/busybox'), readFileSync(BUSYBOX), { mode: 0o755 })
  const applets = spawnSync(BUSYBOX, ['--list'], { encoding: 'utf8' }).stdout.split('\n').filter((a) => a && a !== 'busybox')
  if (applets.length === 0) throw new Error(`${BUSYBOX} --list gave no applets; is busybox-static installed? (scripts/setup-host.sh)`)
  for (const applet of applets) symlinkSync('busybox', join(root, 'bin', applet))
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n')
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n')
}
