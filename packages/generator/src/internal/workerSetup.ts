/**
 * The setup module of the generator's worker threads (engine `Pipeline.run` option `workers`):
 * inside each worker, rebuilds the fact plugins of the configuration (`Plugins.fromConfig`, the
 * same modules and options as the main thread) and wraps the `stock` plugin to count lost sales;
 * `finish()` hands the worker's counters back to the main thread, which sums them.
 */
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import * as Plugins from "../Plugins.js"
import { type Counts, trackStock } from "./stock.js"

/** What the main thread posts to every worker (structured-cloneable). */
export interface Input {
  /** The run's configuration, encoded (`Config.encode`). */
  readonly config: Config.Encoded
  /** Base directory of relative plugin module specifiers. */
  readonly cwd: string | undefined
  /** Include the built-in plugin families. */
  readonly builtIn: boolean | undefined
}

/** What a worker's `finish()` reports: its lost-sales counters (`undefined` without a `stock` plugin). */
export type Report = Counts | undefined

/** Rebuilds the plugins of `input` inside a worker. */
export const setup = (
  input: Input,
  _master: unknown
): Promise<{ readonly plugins: ReadonlyArray<Plugins.AnyPlugin>; readonly finish: () => Report }> =>
  Effect.runPromise(
    Effect.gen(function* () {
      const config = yield* Config.decode(input.config)
      const stock = trackStock(yield* Plugins.fromConfig(config, { cwd: input.cwd, builtIn: input.builtIn }))
      return { plugins: stock.plugins, finish: stock.counts }
    })
  )
