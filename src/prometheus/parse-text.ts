/**
 * A reader of the Prometheus text exposition format (version 0.0.4), for `berth top` and the
 * tests: every sample line as its name, labels and value; `# TYPE` and `# HELP` by family.
 * Timestamps after the value are read and dropped. A line that is not the format is an error
 * naming its line number, never skipped: a reader that guesses would hide an exporter's bug.
 *
 *   metric_name{label="value",other="x"} 1.5 [timestamp]
 */
export interface Sample {
  name: string
  labels: Readonly<Record<string, string>>
  value: number
}

export interface Exposition {
  samples: Sample[]
  /** Family name → counter, gauge, histogram, summary or untyped. */
  types: Map<string, string>
  help: Map<string, string>
}

export class ExpositionError extends Error {}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/

export function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: [], types: new Map(), help: new Map() }
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (line === '') continue
    try {
      if (line.startsWith('#')) readComment(line, out)
      else out.samples.push(readSample(line))
    } catch (error) {
      throw new ExpositionError(`line ${i + 1}: ${error instanceof Error ? error.message : String(error)}: ${line}`)
    }
  }
  return out
}

function readComment(line: string, out: Exposition): void {
  const m = /^#\s+(TYPE|HELP)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/.exec(line)
  if (!m) return // any other comment is free text
  const [, kind, name, rest = ''] = m
  if (kind === 'TYPE') {
    if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`unknown type '${rest}'`)
    out.types.set(name!, rest)
  } else out.help.set(name!, rest.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\')))
}

function readSample(line: string): Sample {
  const name = NAME.exec(line)?.[0]
  if (!name) throw new Error('no metric name')
  let at = name.length
  const labels: Record<string, string> = {}
  if (line[at] === '{') {
    at = readLabels(line, at + 1, labels)
  }
  const fields = line.slice(at).trim().split(/\s+/)
  if (fields.length < 1 || fields.length > 2 || fields[0] === '') throw new Error('expected a value and an optional timestamp')
  return { name, labels, value: parseValue(fields[0]!) }
}

/** Reads `a="x",b="y"}` from `at`; returns the index after the closing brace. */
function readLabels(line: string, at: number, into: Record<string, string>): number {
  for (;;) {
    while (line[at] === ' ') at++
    if (line[at] === '}') return at + 1
    const label = LABEL_NAME.exec(line.slice(at))?.[0]
    if (!label) throw new Error('bad label name')
    at += label.length
    if (line[at] !== '=' || line[at + 1] !== '"') throw new Error(`label ${label}: expected ="`)
    at += 2
    let value = ''
    while (line[at] !== '"') {
      if (at >= line.length) throw new Error(`label ${label}: unterminated value`)
      if (line[at] === '\\') {
        const next = line[at + 1]
        value += next === 'n' ? '\n' : next === '"' ? '"' : next === '\\' ? '\\' : `\\${next ?? ''}`
        at += 2
      } else value += line[at++]
    }
    if (Object.hasOwn(into, label)) throw new Error(`label ${label} given twice`)
    into[label] = value
    at++
    while (line[at] === ' ') at++
    if (line[at] === ',') at++
    else if (line[at] !== '}') throw new Error('expected , or }')
  }
}

/** As Prometheus reads values (Go's ParseFloat): Inf and NaN in any case (prom-client writes `Nan`). */
function parseValue(text: string): number {
  const lower = text.toLowerCase()
  if (['+inf', 'inf', '+infinity', 'infinity'].includes(lower)) return Infinity
  if (['-inf', '-infinity'].includes(lower)) return -Infinity
  if (lower === 'nan') return NaN
  const n = Number(text)
  if (text === '' || Number.isNaN(n)) throw new Error(`'${text}' is not a number`)
  return n
}

/** The samples of one name whose labels include every given one. */
export function samplesOf(exposition: Exposition, name: string, labels: Readonly<Record<string, string>> = {}): Sample[] {
  return exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
}
