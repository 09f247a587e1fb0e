/**
 * `generate`: master data (written when missing or made from another configuration), then the
 * fact tables of the plan's period — continuing the dataset in `paths.facts` when there is one.
 */
import { Generator } from "@retail-datagen/generator"
import { Effect } from "effect"
import type { Plan } from "../Plan.js"
import * as Summary from "../Summary.js"

/** What a generation command needs besides the plan. */
export interface Context {
  /** Whether `--start` was given (otherwise an existing dataset continues after its last day). */
  readonly startGiven: boolean
  /** `--overwrite` (`--force`): discard the dataset in the facts directory and start over. */
  readonly force: boolean
  /** `--validate`: check every day written; violations fail the command. */
  readonly validate: boolean
  /** `--only-config-plugins`: register only the plugins of `config.plugins`. */
  readonly onlyConfigPlugins: boolean
  /** Receives the run's events (progress output). */
  readonly onEvent: (event: Generator.Event) => Effect.Effect<void>
}

/** The generator options of a plan and context. */
export const options = (plan: Plan, context: Context): Generator.Options => ({
  start: context.startGiven ? plan.start : undefined,
  end: plan.end,
  force: context.force,
  validate: context.validate,
  builtIn: !context.onlyConfigPlugins,
  workers: plan.workersRequested,
  shard: plan.shard.count > 1 ? plan.shard : undefined,
  cwd: plan.pluginBase,
  onEvent: context.onEvent
})

/** Generates master data and facts for `plan`. */
export const generate = (
  plan: Plan,
  context: Context
): Effect.Effect<Summary.Summary, Generator.GenerateError> =>
  Generator.generate(plan.config, options(plan, context)).pipe(Effect.map(Summary.fromGenerator))
