/**
 * `master`: the eight dimension tables (geographies, stores, DCs, trucks, customers, products,
 * DC and store inventory snapshots) into `plan.masterDir`, each written atomically, plus the
 * `_manifest.json` that `facts` checks.
 */
import { Generator } from "@retail-datagen/generator"
import { Effect } from "effect"
import type { Plan } from "../Plan.js"
import * as Summary from "../Summary.js"
import type { Context } from "./Generate.js"

/** Generates the master data of `plan` into `plan.masterDir`. */
export const master = (
  plan: Plan,
  context: Context
): Effect.Effect<Summary.Summary, Generator.GenerateError> =>
  Generator.master(plan.config, { start: plan.start, onEvent: context.onEvent }).pipe(
    Effect.map(Summary.fromMaster)
  )
