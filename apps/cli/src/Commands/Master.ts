/**
 * `master`: dimension tables only (geographies, stores, DCs, trucks, customers, products, snapshots).
 *
 * Placeholder until the master and sinks packages are wired (see `Generate.ts`).
 */
import { Effect } from "effect"
import type { Plan } from "../Plan.js"
import * as Summary from "../Summary.js"

/** Generates the master data of `plan` into `plan.masterDir`. */
export const master = (_plan: Plan): Effect.Effect<Summary.Summary> =>
  Effect.succeed(Summary.notesOnly("master data generation is not wired yet"))
