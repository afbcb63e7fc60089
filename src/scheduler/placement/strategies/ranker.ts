/**
 * One placement strategy, turned into a rank per feasible instance for the current decision:
 * lower ranks are preferred. place() compares instances rank by rank, strategy by strategy
 * (lexicographic), so a later strategy only orders the instances an earlier one ties.
 */
export interface Ranker {
  rank(i: number): number
  /** After a task is placed on instance i: for rankers that keep running totals. */
  placed?(i: number): void
}
