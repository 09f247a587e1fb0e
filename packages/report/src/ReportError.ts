/**
 * Errors of the realism report: the dataset is missing or a query over it failed.
 */
import { Schema } from "effect"

/**
 * `DIR/facts` has no receipts (not a dataset, or an empty one).
 *
 * @category errors
 */
export class DatasetNotFound extends Schema.TaggedError<DatasetNotFound>()("DatasetNotFound", {
  dir: Schema.String,
  problem: Schema.String
}) {
  override get message(): string {
    return `${this.dir}: ${this.problem}`
  }
}

/**
 * A DuckDB query over the dataset failed (a damaged file, a missing column…).
 *
 * @category errors
 */
export class QueryFailed extends Schema.TaggedError<QueryFailed>()("QueryFailed", {
  dir: Schema.String,
  figure: Schema.String,
  reason: Schema.String
}) {
  override get message(): string {
    return `${this.dir}: cannot compute ${this.figure}: ${this.reason}`
  }
}
