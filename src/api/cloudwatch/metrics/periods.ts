import { CloudWatchErrors } from '../errors.js'

/** CloudWatch's cap on the datapoints one GetMetricStatistics call may ask for. */
export const MAX_STATISTICS_DATAPOINTS = 1440

/** Periods CloudWatch answers: 1, 5, 10, 30 (high resolution) or any multiple of 60 seconds. */
export const isValidPeriod = (p: number): boolean => Number.isInteger(p) && p > 0 && (p % 60 === 0 || [1, 5, 10, 30].includes(p))

export function checkPeriod(period: number, member: string): void {
  if (!isValidPeriod(period)) throw CloudWatchErrors.invalidParameterValue(`The parameter ${member} must be 1, 5, 10, 30, or a multiple of 60.`)
}

/** The start of the period holding `t`: periods are aligned to the epoch. */
export const alignDown = (t: number, periodSeconds: number): number => Math.floor(t / (periodSeconds * 1000)) * periodSeconds * 1000

/** How many periods [start, end) spans once its start is aligned down. */
export const periodsIn = (start: number, end: number, periodSeconds: number): number =>
  Math.max(0, Math.ceil((end - alignDown(start, periodSeconds)) / (periodSeconds * 1000)))

/** The comma-grouped number CloudWatch's messages show (1,441). */
export const grouped = (n: number): string => n.toLocaleString('en-US')
