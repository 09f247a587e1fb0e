/**
 * The documents of a run: the request that starts one (`POST /runs`), the request that extends one
 * (`POST /runs/:id/continue`) and its status — DATA-CONTRACT §8 (`status`, `progress`, `message`,
 * `tables_completed`, `tables_remaining`, `tables_in_progress`, `estimated_seconds_remaining`,
 * `progress_rate`, `last_update_timestamp`) plus rows per table, the current day and the queue
 * position.
 *
 * @example
 * import { RunStatus } from "@retail-datagen/server"
 * import { Schema } from "effect"
 * Schema.decodeUnknownSync(RunStatus.RunRequest)({ config: { volume: { stores: 2 } }, days: 2 })
 */
import { Schema } from "effect"

const Day = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => "expected a date YYYY-MM-DD" })
)
const Positive = Schema.Int.pipe(Schema.greaterThanOrEqualTo(1, { message: () => "expected an integer ≥ 1" }))

/** A scenario document, checked by the server with the scenario package's Schema. */
const ScenarioDocument = Schema.Unknown.annotations({
  identifier: "Scenario",
  description:
    "A scenario document (docs/scenarios.md): `{ name?, description?, interventions: [{ type, start, end, … }] }`, checked like `generate --scenario`; a bad one is a 400 naming the path (`scenario.interventions[0].factor`)."
})

/** The body of `POST /runs`. */
export const RunRequest = Schema.Struct({
  /** The configuration (every field optional; its `paths` are replaced by the run's directory). */
  config: Schema.optional(Schema.Unknown),
  /** First day; default the configuration's `dates.start`. */
  start: Schema.optional(Day),
  /** Last day, inclusive; default the configuration's `dates.end`. */
  end: Schema.optional(Day),
  /** Days from the first day, instead of `end`. */
  days: Schema.optional(Positive),
  /** Output format; default the configuration's `output.format`. */
  format: Schema.optional(Schema.Literal("csv", "parquet")),
  /** Worker threads of the generator (default 1: the server runs other work too). */
  workers: Schema.optional(Positive),
  /** Check every day written against the data contract. */
  validate: Schema.optional(Schema.Boolean),
  /** A what-if scenario applied inside the simulation (docs/scenarios.md). */
  scenario: Schema.optional(ScenarioDocument),
  /** The run to compare this one with: a completed run of the same configuration without (or with another) scenario. */
  baseline: Schema.optional(
    Schema.String.annotations({
      description:
        "The id of the run to compare this one with (`GET /runs/<id>/diff`): a completed run of the same configuration, first and last day, apart from the scenario and the output format."
    })
  )
}).annotations({ identifier: "RunRequest" })
export interface RunRequest extends Schema.Schema.Type<typeof RunRequest> {}

/** The body of `POST /runs/:id/continue`: the new last day, or days after the last day done. */
export const ContinueRequest = Schema.Struct({
  end: Schema.optional(Day),
  days: Schema.optional(Positive)
}).annotations({ identifier: "ContinueRequest" })
export interface ContinueRequest extends Schema.Schema.Type<typeof ContinueRequest> {}

/** The states of a run (DATA-CONTRACT §8). */
export const State = Schema.Literal("pending", "running", "completed", "failed", "cancelled")
export type State = Schema.Schema.Type<typeof State>

/** Whether a run in `state` is over. */
export const isTerminal = (state: State): boolean =>
  state === "completed" || state === "failed" || state === "cancelled"

/** The status document of a run. */
export const Status = Schema.Struct({
  id: Schema.String,
  status: State,
  /** Fraction done, 0…1. */
  progress: Schema.Number,
  message: Schema.String,
  /** Fact tables whose file of the current day is written (all of them once the run completed). */
  tables_completed: Schema.Array(Schema.String),
  /** Fact tables whose file of the current day is still to be written. */
  tables_remaining: Schema.Array(Schema.String),
  /** The tables being generated now (the day's remaining tables while a day is generated). */
  tables_in_progress: Schema.optional(Schema.Array(Schema.String)),
  estimated_seconds_remaining: Schema.optional(Schema.Number),
  /** Progress per second (fraction of the run per second). */
  progress_rate: Schema.optional(Schema.Number),
  last_update_timestamp: Schema.optional(Schema.String),
  /** The day being generated (the last day done when the run is over). */
  current_day: Schema.NullOr(Schema.String),
  days_done: Schema.Number,
  days: Schema.Number,
  /** Fact rows per table in the dataset (committed days). */
  rows: Schema.Record({ key: Schema.String, value: Schema.Number }),
  total_rows: Schema.Number,
  /** Position in the queue (1 = next) while pending. */
  queue_position: Schema.optional(Schema.Number),
  /** True when the server stopped (crash, kill) while the run was going: continue finishes it. */
  interrupted: Schema.Boolean,
  created_at: Schema.String,
  started_at: Schema.optional(Schema.String),
  finished_at: Schema.optional(Schema.String),
  /** The dataset's first day and the requested last day. */
  start: Schema.optional(Schema.String),
  end: Schema.String,
  format: Schema.String,
  /** The failure of a failed run. */
  error: Schema.optional(Schema.Struct({ error: Schema.String, message: Schema.String })),
  /** The run's scenario (absent: a baseline run). */
  scenario: Schema.optional(ScenarioDocument),
  /** The run it is compared with by `GET /runs/:id/diff`. */
  baseline: Schema.optional(Schema.String)
}).annotations({ identifier: "RunStatus" })
export interface Status extends Schema.Schema.Type<typeof Status> {}

/** A page of runs, newest first. */
export const RunList = Schema.Struct({
  runs: Schema.Array(Status),
  total: Schema.Number,
  offset: Schema.Number,
  limit: Schema.Number
}).annotations({ identifier: "RunList" })
export interface RunList extends Schema.Schema.Type<typeof RunList> {}
