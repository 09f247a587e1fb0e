/**
 * `facts`: fact tables only, for the plan's period, over master data already on disk.
 *
 * Placeholder until the engine and sinks packages are wired (see `Generate.ts`).
 */
import { Effect } from "effect"
import type { Plan } from "../Plan.js"
import * as Summary from "../Summary.js"

/** Generates the fact tables of `plan` (master data is read from `plan.masterDir`). */
export const facts = (_plan: Plan): Effect.Effect<Summary.Summary> =>
  Effect.succeed(Summary.notesOnly("no fact tables registered yet"))
