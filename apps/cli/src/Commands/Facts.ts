/**
 * `facts`: fact tables only, for the plan's period, over master data already in
 * `plan.masterDir` (checked, never read back: it is rebuilt in memory from the configuration).
 * Without `--start`, an existing dataset continues after its last day.
 */
import { Generator } from "@retail-datagen/generator"
import { Effect } from "effect"
import type { Plan } from "../Plan.js"
import * as Summary from "../Summary.js"
import { type Context, options } from "./Generate.js"

/** Generates the fact tables of `plan`; fails with `MasterMissing` when there is no master data. */
export const facts = (
  plan: Plan,
  context: Context
): Effect.Effect<Summary.Summary, Generator.GenerateError> =>
  Generator.facts(plan.config, options(plan, context)).pipe(Effect.map(Summary.fromGenerator))
