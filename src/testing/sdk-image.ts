import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EngineClient } from '../agent/runtime/docker/engine-client.js'
import { withFileLock } from './file-lock.js'
import { imageRecipe, importRootfs } from './images.js'

/**
 * An image with a real AWS SDK in it, built from this host's own files (no registry): the
 * busybox image's files, plus the node binary running these tests with the shared libraries
 * ldd names, and the JS SDK's ECS client with its dependency closure copied from the
 * project's node_modules (installed by `npm ci`, so it is there wherever the tests run,
 * unlike botocore). Its CMD runs /app/sdk-probe.cjs:
 *
 * - `KEY <access key id>`: what the SDK's default credential chain found, with nothing
 *   configured but the container's environment (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
 *   answered at 169.254.170.2). Set AWS_REGION: the ECS client wants one.
 * - `CLUSTERS <json>`: with PROBE_ECS_ENDPOINT set, ListClusters signed with those credentials.
 * - `TASK <arn>`: with ECS_CONTAINER_METADATA_URI_V4 set, the TaskARN of `$URI/task`.
 * - then `DONE` and exit 0, or `FAILED <error name>: <message>` and exit 1.
 */
export const SDK_IMAGE = 'berth-test/node-sdk:latest'

/** Bump when the layout below changes in a way the hashed files do not show. */
const RECIPE_VERSION = '2'
const ENTRY_PACKAGE = '@aws-sdk/client-ecs'
const NODE_MODULES = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules')

const PROBE = `'use strict'
// An app in a task, as written for ECS: the SDK's default chain, no credentials configured.
const { ECSClient, ListClustersCommand } = require('@aws-sdk/client-ecs')

async function main() {
  const endpoint = process.env.PROBE_ECS_ENDPOINT
  const ecs = new ECSClient(endpoint ? { endpoint, maxAttempts: 1 } : { maxAttempts: 1 })
  const credentials = await ecs.config.credentials()
  console.log('KEY ' + credentials.accessKeyId)
  if (endpoint) {
    const listed = await ecs.send(new ListClustersCommand({}))
    console.log('CLUSTERS ' + JSON.stringify(listed.clusterArns))
  }
  const metadata = process.env.ECS_CONTAINER_METADATA_URI_V4
  if (metadata) {
    const task = await (await fetch(metadata + '/task')).json()
    console.log('TASK ' + task.TaskARN)
  }
}
main().then(
  () => console.log('DONE'),
  (e) => {
    console.log('FAILED ' + (e && e.name) + ': ' + (e && e.message))
    process.exitCode = 1
  },
)
`

/** A file of the image: where it goes in the image, and the host file it is a copy of. */
interface Copy {
  dest: string
  src: string
}

let built: Promise<string> | undefined

/**
 * Builds SDK_IMAGE unless the engine has it from these very files (the image's label holds a
 * hash of every file copied in); resolves to its tag. Built under a lock, as the other test
 * images are; a later run costs reading ~100 MB to hash and one inspect.
 */
export function ensureSdkImage(client: EngineClient): Promise<string> {
  built ??= build(client).catch((e: unknown) => {
    built = undefined
    throw e
  })
  return built
}

async function build(client: EngineClient): Promise<string> {
  const copies = [...nodeCopies(process.execPath), ...sdkCopies(realpathSync(NODE_MODULES), ENTRY_PACKAGE)]
  const hash = createHash('sha256').update(RECIPE_VERSION).update(PROBE)
  for (const c of copies) hash.update(c.dest).update('\0').update(readFileSync(c.src))
  const recipe = hash.digest('hex').slice(0, 16)
  if ((await imageRecipe(client, SDK_IMAGE)) === recipe) return SDK_IMAGE
  await withFileLock(join(tmpdir(), 'berth-test-sdk-image.lock'), async () => {
    if ((await imageRecipe(client, SDK_IMAGE)) === recipe) return
    const layOut = (root: string) => {
      for (const c of copies) {
        mkdirSync(join(root, dirname(c.dest)), { recursive: true })
        writeFileSync(join(root, c.dest), readFileSync(c.src), { mode: statSync(c.src).mode & 0o777 })
      }
      writeFileSync(join(root, 'app/sdk-probe.cjs'), PROBE)
    }
    await importRootfs(client, SDK_IMAGE, recipe, layOut, ['WORKDIR /app', 'CMD ["node", "/app/sdk-probe.cjs"]'])
  })
  return SDK_IMAGE
}

/** The node binary as /bin/node, and each shared library ldd names at the path it names. */
function nodeCopies(execPath: string): Copy[] {
  const ldd = spawnSync('ldd', [execPath], { encoding: 'utf8' })
  // A static node (ldd says so, exit 1) needs no libraries.
  const [stdout, stderr] = [ldd.stdout ?? '', ldd.stderr ?? ''] // null when ldd could not be run at all
  const isStatic = `${stdout}${stderr}`.includes('not a dynamic executable')
  if (ldd.status !== 0 && !isStatic) throw new Error(`ldd ${execPath} failed (${ldd.error?.message ?? ldd.status}): ${stderr}`)
  return [{ dest: '/bin/node', src: execPath }, ...lddPaths(stdout).map((p) => ({ dest: p, src: p }))]
}

/**
 * The files ldd's output names: `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)` and the
 * loader's own `/lib64/ld-linux-x86-64.so.2 (0x...)`; not the kernel's linux-vdso, which has no
 * file. A library ldd cannot find is an error here rather than a container that will not start.
 */
export function lddPaths(output: string): string[] {
  const paths: string[] = []
  for (const line of output.split('\n')) {
    if (/=>\s*not found/.test(line)) throw new Error(`ldd: ${line.trim()}`)
    const m = /=>\s*(\/\S+)\s+\(/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line)
    if (m) paths.push(m[1] as string)
  }
  return paths
}

/**
 * `entry` and every package it depends on (dependencies and the optional ones installed),
 * found as node finds them (the nearest node_modules up from the dependent), copied under
 * /app/node_modules at the same relative place. Types (dist-types) and the ES module builds
 * (dist-es) are left out: the probe is CommonJS, and they are most of the bytes.
 */
function sdkCopies(nodeModules: string, entry: string): Copy[] {
  const found = join(nodeModules, entry)
  if (!existsSync(join(found, 'package.json'))) throw new Error(`${entry} is not installed in ${nodeModules} (npm ci)`)
  const packages = new Set<string>()
  const queue = [found]
  for (let dir = queue.pop(); dir !== undefined; dir = queue.pop()) {
    if (packages.has(dir)) continue
    packages.add(dir)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const at = resolvePackage(nodeModules, dir, name)
      if (at === undefined) throw new Error(`${name}, a dependency of ${relative(nodeModules, dir)}, is not installed (npm ci)`)
      queue.push(at)
    }
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
      const at = resolvePackage(nodeModules, dir, name)
      if (at !== undefined) queue.push(at)
    }
  }
  return [...packages].sort().flatMap((dir) => filesOf(dir).map((src) => ({ dest: `/app/node_modules/${relative(nodeModules, src)}`, src })))
}

function resolvePackage(nodeModules: string, from: string, name: string): string | undefined {
  for (let dir = from; dir.startsWith(nodeModules); dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
  }
  const top = join(nodeModules, name)
  return existsSync(join(top, 'package.json')) ? top : undefined
}

const LEFT_OUT = new Set(['node_modules', 'dist-types', 'dist-es'])

function filesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? (LEFT_OUT.has(e.name) ? [] : filesOf(join(dir, e.name))) : e.isFile() ? [join(dir, e.name)] : []))
}
