import type { BinaryOp, Expr } from './parse.js'

/** A time series: period start (epoch ms) → value, with the label it is shown under. */
export interface TimeSeries {
  label: string
  points: Map<number, number>
}

export type MathValue = { kind: 'scalar'; value: number } | { kind: 'series'; series: TimeSeries } | { kind: 'array'; items: TimeSeries[] }

export interface MathContext {
  /** Another query's value, by Id (throws MathError when there is none). */
  resolve(id: string): MathValue
  /** The request's MetricStat series, those whose Id contains `filter` when one is given (METRICS()). */
  metrics(filter: string | undefined): TimeSeries[]
  /** Every period start of the request's range (FILL fills these). */
  timeline: readonly number[]
}

export class MathError extends Error {}

/**
 * Evaluates metric math, as CloudWatch defines it: an operator between two series keeps the
 * timestamps both have; between a series and a scalar, every point; applied to an array, each
 * series of it. SUM, AVG, MIN and MAX of one series are a scalar (over all its points), of an
 * array a series (per timestamp, over the series that have a point there). Points that come
 * out not finite (x / 0) are dropped, as CloudWatch drops them.
 */
export function evaluate(e: Expr, ctx: MathContext): MathValue {
  switch (e.kind) {
    case 'number':
      return { kind: 'scalar', value: e.value }
    case 'ref':
      return ctx.resolve(e.id)
    case 'unary':
      return map(evaluate(e.arg, ctx), (v) => -v)
    case 'binary':
      return combine(evaluate(e.left, ctx), evaluate(e.right, ctx), OPERATORS[e.op])
    case 'array':
      return { kind: 'array', items: e.items.flatMap((item) => seriesOf(evaluate(item, ctx), 'an array holds time series')) }
    case 'call':
      return call(e.name, e.args, ctx)
    case 'string':
      throw new MathError(`A string ('${e.value}') is only an argument of METRICS.`)
    case 'keyword':
      throw new MathError(`${e.name} is only an argument of FILL.`)
  }
}

const OPERATORS: Record<BinaryOp, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '^': (a, b) => a ** b,
}

function seriesOf(v: MathValue, what: string): TimeSeries[] {
  if (v.kind === 'scalar') throw new MathError(`${what}, not a scalar.`)
  return v.kind === 'series' ? [v.series] : v.items
}

function mapSeries(s: TimeSeries, f: (v: number, t: number) => number): TimeSeries {
  const points = new Map<number, number>()
  for (const [t, v] of s.points) {
    const out = f(v, t)
    if (Number.isFinite(out)) points.set(t, out)
  }
  return { label: s.label, points }
}

function map(v: MathValue, f: (x: number) => number): MathValue {
  if (v.kind === 'scalar') return { kind: 'scalar', value: f(v.value) }
  if (v.kind === 'series') return { kind: 'series', series: mapSeries(v.series, f) }
  return { kind: 'array', items: v.items.map((s) => mapSeries(s, f)) }
}

function combine(a: MathValue, b: MathValue, f: (x: number, y: number) => number): MathValue {
  if (a.kind === 'array' && b.kind === 'array') throw new MathError('An operator cannot take an array on both sides.')
  if (a.kind === 'array') return { kind: 'array', items: a.items.map((s) => only(combine({ kind: 'series', series: s }, b, f))) }
  if (b.kind === 'array') return { kind: 'array', items: b.items.map((s) => only(combine(a, { kind: 'series', series: s }, f))) }
  if (a.kind === 'scalar' && b.kind === 'scalar') return { kind: 'scalar', value: f(a.value, b.value) }
  if (a.kind === 'scalar') return map(b, (y) => f(a.value, y))
  if (b.kind === 'scalar') return map(a, (x) => f(x, b.value))
  const right = b.series.points
  return { kind: 'series', series: mapSeries({ label: a.series.label, points: new Map([...a.series.points].filter(([t]) => right.has(t))) }, (x, t) => f(x, right.get(t)!)) }
}

const only = (v: MathValue): TimeSeries => (v.kind === 'series' ? v.series : (() => { throw new MathError('expected a time series') })())

const AGGREGATES: Record<string, (values: number[]) => number> = {
  SUM: (vs) => vs.reduce((s, v) => s + v, 0),
  AVG: (vs) => vs.reduce((s, v) => s + v, 0) / vs.length,
  MIN: (vs) => Math.min(...vs),
  MAX: (vs) => Math.max(...vs),
}

function call(name: string, args: Expr[], ctx: MathContext): MathValue {
  const aggregate = AGGREGATES[name]
  if (aggregate) {
    if (args.length !== 1) throw new MathError(`${name} takes one argument.`)
    return aggregateOf(evaluate(args[0]!, ctx), aggregate, name)
  }
  switch (name) {
    case 'METRICS': {
      const filter = args[0]
      if (args.length > 1 || (filter && filter.kind !== 'string')) throw new MathError("METRICS takes no argument or one string, e.g. METRICS('errors').")
      return { kind: 'array', items: ctx.metrics(filter?.kind === 'string' ? filter.value : undefined) }
    }
    case 'FILL':
      return fill(args, ctx)
    case 'ABS':
      if (args.length !== 1) throw new MathError('ABS takes one argument.')
      return map(evaluate(args[0]!, ctx), Math.abs)
    default:
      throw new MathError(`Berth does not evaluate the function ${name}: it evaluates SUM, AVG, MIN, MAX, METRICS, FILL and ABS.`)
  }
}

function aggregateOf(v: MathValue, f: (values: number[]) => number, name: string): MathValue {
  if (v.kind === 'scalar') return v
  if (v.kind === 'series') {
    const values = [...v.series.points.values()]
    return { kind: 'scalar', value: values.length ? f(values) : NaN }
  }
  const byTime = new Map<number, number[]>()
  for (const s of v.items) for (const [t, x] of s.points) (byTime.get(t) ?? byTime.set(t, []).get(t)!).push(x)
  const points = new Map<number, number>()
  for (const t of [...byTime.keys()].sort((a, b) => a - b)) {
    const out = f(byTime.get(t)!)
    if (Number.isFinite(out)) points.set(t, out)
  }
  return { kind: 'series', series: { label: name, points } }
}

/** FILL(series or array, value | REPEAT): every period of the range gets a value. */
function fill(args: Expr[], ctx: MathContext): MathValue {
  if (args.length !== 2) throw new MathError('FILL takes two arguments: a time series (or array) and a value or REPEAT.')
  const target = evaluate(args[0]!, ctx)
  const how = args[1]!
  let filler: (s: TimeSeries) => TimeSeries
  if (how.kind === 'keyword' && how.name === 'REPEAT') {
    filler = (s) => {
      const points = new Map<number, number>()
      let last: number | undefined
      // Before the first point, REPEAT uses the first value, as CloudWatch does.
      const first = [...s.points.entries()].sort((a, b) => a[0] - b[0])[0]?.[1]
      for (const t of ctx.timeline) {
        last = s.points.get(t) ?? last ?? first
        if (last !== undefined) points.set(t, last)
      }
      return { label: s.label, points }
    }
  } else {
    const value = evaluate(how, ctx)
    if (value.kind !== 'scalar') throw new MathError('FILL fills with a number or REPEAT.')
    filler = (s) => ({ label: s.label, points: new Map(ctx.timeline.map((t) => [t, s.points.get(t) ?? value.value])) })
  }
  if (target.kind === 'scalar') throw new MathError('FILL fills a time series or an array, not a scalar.')
  return target.kind === 'series' ? { kind: 'series', series: filler(target.series) } : { kind: 'array', items: target.items.map(filler) }
}
