/**
 * The fact-table plugin contract.
 *
 * A plugin owns one or more tables. The engine calls `init` once per shard, then `step` once per
 * (shard, day) in dependency order; `step` returns the day's batches. A plugin reads the
 * same-day batches of the plugins it names in `dependsOn`, and may expose a typed `service`
 * (shared state such as stock on hand) that those dependents call during their own step.
 * Plugins never touch globals, files or the clock: everything comes through the context, which
 * is what makes any shard-day reproducible on its own.
 *
 * `step` is plain synchronous TypeScript — the hot loop. The engine orchestrates around it.
 *
 * @example
 * import { Batch, Plugin, Table } from "@retail-datagen/core"
 * const Visits = Table.make("visits", { StoreID: Table.int, Count: Table.int })
 * export const visits: Plugin.FactPlugin<{ b: Batch.Builder }> = {
 *   name: "visits",
 *   tables: [Visits],
 *   dependsOn: [],
 *   init: () => ({ b: Batch.builder(Visits) }),
 *   step: (state, ctx) => {
 *     state.b.reset()
 *     const rng = ctx.rng("count")
 *     state.b.num("StoreID").push(1)
 *     state.b.num("Count").push(rng.int(0, 9))
 *     return [state.b.finish()]
 *   }
 * }
 */
import type { Batch } from "./Batch.js"
import type { EpochDay } from "./Calendar.js"
import type { Key, Stream } from "./Rng.js"
import type { Table } from "./Table.js"

/** Which part of the work a process or worker generates. Regions are the unit of independence. */
export interface Shard {
  /** 0-based index of this shard. */
  readonly index: number
  /** Number of shards in the whole run. */
  readonly count: number
}

/**
 * Whether a shard generates a region (a DC region: the DC, its stores, trucks and the customers
 * whose home store it serves). Regions are dealt round-robin, so any shard count partitions them.
 * Plugins key their random streams by region/store/day — never by shard — so output does not
 * depend on the shard count.
 */
export const ownsRegion = (shard: Shard, region: number): boolean => region % shard.count === shard.index

/** What a plugin sees when it starts on a shard. */
export interface InitContext<Master = unknown> {
  readonly seed: number
  readonly shard: Shard
  /** Master data (dimensions), typed by the plugin family that consumes it. */
  readonly master: Master
  /** The run's first day. */
  readonly start: EpochDay
  /** A random stream named (seed, plugin name, ...keys). */
  rng(...keys: ReadonlyArray<Key>): Stream
  /** The service exposed by a plugin named in `dependsOn`. */
  service<S>(plugin: string): S
}

/** What a plugin sees for one day of one shard. */
export interface DayContext<Master = unknown> extends InitContext<Master> {
  readonly day: EpochDay
  /** The same-day batch of `table` produced by a plugin named in `dependsOn`. */
  upstream(plugin: string, table: string): Batch
}

export interface FactPlugin<State = unknown, Master = unknown, Service = unknown> {
  /** Unique plugin name; also the RNG namespace of its streams. */
  readonly name: string
  /** Tables this plugin produces, in output order. */
  readonly tables: ReadonlyArray<Table>
  /** Plugins whose same-day output or service this one reads; they step first. */
  readonly dependsOn: ReadonlyArray<string>
  /** Builds the shard's starting state (e.g. from inventory snapshots). */
  init(ctx: InitContext<Master>): State
  /** Produces one day's batches, one per table in `tables` order, mutating `state`. */
  step(state: State, ctx: DayContext<Master>): ReadonlyArray<Batch>
  /** The typed shared state that dependents reach through `ctx.service(name)`. */
  service?(state: State): Service
  /** End-of-day state as JSON-compatible data, for resume; `restore` must invert it. */
  save?(state: State): unknown
  restore?(saved: unknown, ctx: InitContext<Master>): State
}

/** Identity helper that keeps a plugin's type parameters inferred. */
export const make = <State, Master = unknown, Service = unknown>(
  plugin: FactPlugin<State, Master, Service>
): FactPlugin<State, Master, Service> => plugin
