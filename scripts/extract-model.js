#!/usr/bin/env node
// Extracts the wire facts Berth needs from the official AWS service models (botocore's
// data/<service>/<version>/service-2.json[.gz]) into compact JSON files and TypeScript types
// under src/core/aws-model/. Documentation strings are dropped; shapes, operations and errors
// are kept as they are. The output is committed, so Berth itself never needs Python.
//
//   node scripts/extract-model.js [botocore-data-dir]
//
// Without an argument it reads the botocore that this machine's python3 imports (the models
// are generated from botocore 1.43.11; another version is used with a warning). Each output
// records where it came from: `source` in the JSON, the header comment in the .types.ts.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { gunzipSync } from 'node:zlib'

const PINNED_BOTOCORE = '1.43.11'
const services = {
  ecs: 'ecs/2014-11-13',
  logs: 'logs/2014-03-28',
  elbv2: 'elbv2/2015-12-01',
  cloudwatch: 'cloudwatch/2010-08-01',
  'application-autoscaling': 'application-autoscaling/2016-02-06',
}
// `document` (free-form JSON), `union` (exactly one member) and the event-stream markers change
// what a shape accepts, so they stay; `sensitive`, `deprecated`, `xmlOrder`, ... do not.
const SHAPE_KEYS = ['type', 'required', 'enum', 'min', 'max', 'pattern', 'box', 'flattened', 'error', 'exception', 'timestampFormat', 'document', 'union', 'event', 'eventstream']
const MEMBER_KEYS = ['shape', 'locationName', 'flattened', 'xmlAttribute', 'jsonvalue']

const pick = (obj, keys) => Object.fromEntries(keys.filter((k) => obj[k] !== undefined).map((k) => [k, obj[k]]))

const dataDir = process.argv[2] ?? pythonBotocoreDataDir()
if (!dataDir) {
  console.error('extract-model: python3 has no botocore; pass a botocore data directory')
  process.exit(1)
}
const botocoreVersion = readBotocoreVersion(dataDir)
if (botocoreVersion !== PINNED_BOTOCORE) {
  console.warn(`extract-model: botocore ${botocoreVersion} at ${dataDir}, not ${PINNED_BOTOCORE}: the output will differ from the committed models`)
}

for (const [name, dir] of Object.entries(services)) {
  const { model, file } = readModel(dir)
  const source = { botocore: botocoreVersion, file }
  writeFileSync(new URL(`../src/core/aws-model/${name}.json`, import.meta.url), JSON.stringify(compact(model, source)) + '\n')
  writeFileSync(new URL(`../src/core/aws-model/${name}.types.ts`, import.meta.url), typesFile(model, source))
  console.log(`${name}: ${Object.keys(model.operations).length} operations, ${Object.keys(model.shapes).length} shapes (${file})`)
}

/** The data directory of the botocore that `python3` imports, if any. */
function pythonBotocoreDataDir() {
  const py = spawnSync('python3', ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' })
  if (py.status !== 0) return undefined
  const dir = join(py.stdout.trim(), 'data')
  return existsSync(dir) ? dir : undefined
}

/** botocore's `__version__`, read from the package beside its data directory. */
function readBotocoreVersion(dir) {
  const init = join(dirname(dir), '__init__.py')
  const match = existsSync(init) ? /^__version__\s*=\s*['"]([^'"]+)['"]/m.exec(readFileSync(init, 'utf8')) : null
  return match?.[1] ?? 'unknown'
}

/** A service model, gzipped (newer botocore) or plain (older botocore, Debian's awscli). */
function readModel(dir) {
  for (const file of [`${dir}/service-2.json.gz`, `${dir}/service-2.json`]) {
    const path = join(dataDir, file)
    if (!existsSync(path)) continue
    const raw = readFileSync(path)
    return { model: JSON.parse((file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8')), file }
  }
  throw new Error(`no service-2.json(.gz) under ${join(dataDir, dir)}`)
}

/**
 * Metadata is kept whole: CloudWatch's lists `protocols` (smithy-rpc-v2-cbor, json, query),
 * `awsQueryCompatible`, `targetPrefix` and `jsonVersion`, which a JSON 1.0 endpoint needs
 * beside the query protocol's `apiVersion` and `xmlNamespace`.
 */
function compact(model, source) {
  const shapes = {}
  for (const [shapeName, shape] of Object.entries(model.shapes)) {
    const out = pick(shape, SHAPE_KEYS)
    if (shape.members) out.members = Object.fromEntries(Object.entries(shape.members).map(([m, v]) => [m, pick(v, MEMBER_KEYS)]))
    if (shape.member) out.member = pick(shape.member, MEMBER_KEYS)
    if (shape.key) out.key = pick(shape.key, MEMBER_KEYS)
    if (shape.value) out.value = pick(shape.value, MEMBER_KEYS)
    shapes[shapeName] = out
  }
  const operations = Object.fromEntries(
    Object.entries(model.operations).map(([op, o]) => [
      op,
      {
        ...(o.input ? { input: o.input.shape } : {}),
        ...(o.output ? { output: o.output.shape, ...(o.output.resultWrapper ? { resultWrapper: o.output.resultWrapper } : {}) } : {}),
        errors: (o.errors ?? []).map((e) => e.shape),
        // PutMetricData bodies may arrive gzipped; Logs' live tail goes to a prefixed host.
        ...(o.requestcompression ? { requestcompression: o.requestcompression } : {}),
        ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      },
    ]),
  )
  return { source, metadata: model.metadata, operations, shapes }
}

// TypeScript types for every shape, so code can name the wire shapes it builds and parses.
// Members a model marks required are required; the rest are optional. Timestamps are numbers
// (ECS and Application Auto Scaling put epoch seconds on the wire; Logs has no timestamp type).
function typesFile(model, source) {
  // Error shapes are left out, except those an event stream lists among its events.
  const referenced = new Set(
    Object.values(model.shapes)
      .filter((s) => !s.exception)
      .flatMap((s) => [...Object.values(s.members ?? {}), s.member, s.key, s.value].filter(Boolean).map((r) => r.shape)),
  )
  const body = Object.entries(model.shapes)
    .filter(([n, s]) => !s.exception || referenced.has(n))
    .map(([n, s]) => declaration(n, s))
    .join('\n')
  const header = `// Generated by scripts/extract-model.js from botocore ${source.botocore} ${source.file}. Do not edit.\n`
  return header + body + '\n'
}
function tsType(ref) {
  return ref.shape
}
function declaration(name, shape) {
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return `export type ${name} = unknown`
      const required = new Set(shape.required ?? [])
      const members = Object.entries(shape.members ?? {}).map(
        ([m, v]) => `  ${m}${required.has(m) ? '' : '?'}: ${tsType(v)}`,
      )
      return members.length ? `export interface ${name} {\n${members.join('\n')}\n}` : `export type ${name} = Record<string, never>`
    }
    case 'list':
      return `export type ${name} = ${tsType(shape.member)}[]`
    case 'map':
      return `export type ${name} = Record<${tsType(shape.key)}, ${tsType(shape.value)}>`
    case 'string':
      return shape.enum ? `export type ${name} = ${shape.enum.map((e) => JSON.stringify(e)).join(' | ')}` : `export type ${name} = string`
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
    case 'timestamp':
      return `export type ${name} = number`
    case 'boolean':
      return `export type ${name} = boolean`
    case 'blob':
      return `export type ${name} = string`
    default:
      throw new Error(`unknown shape type ${shape.type} for ${name}`)
  }
}
