/**
 * `generate`: master data, then fact tables, for the plan's period.
 *
 * Placeholder until the engine, master and sinks packages are wired: it returns a summary saying
 * no fact tables are registered. Replace the body with the real pipeline (it keeps the signature).
 */
import { Effect } from "effect"
import type { Plan } from "../Plan.js"
import * as Summary from "../Summary.js"

/** Generates master data and facts for `plan`. */
export const generate = (_plan: Plan): Effect.Effect<Summary.Summary> =>
  Effect.succeed(Summary.notesOnly("no fact tables registered yet"))
