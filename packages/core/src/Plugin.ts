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
import type { Key as RngKey, Stream } from "./Rng.js"
import type { Columns, PartitionKey, Row, Table } from "./Table.js"

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

/**
 * The part of the master data that places entities in regions (the generator's `Master.Master`
 * has this shape). Region of a DC = DCID − 1; of a store = the region of the DC serving it
 * (`stores.dcId`); of a customer = the region of their home store, the first of their
 * `nearestStoreIds`. Ids are 1-based: row `i` is the entity with ID `i + 1`.
 */
export interface Network {
  readonly stores: { readonly length: number; readonly dcId: ArrayLike<number> }
  readonly dcs: { readonly length: number }
  readonly customers: {
    readonly length: number
    readonly nearestCount: number
    readonly nearestStoreIds: ArrayLike<number>
  }
}

/** Whether master data has the `Network` shape (so the engine can tell which shard owns a row). */
export const isNetwork = (u: unknown): u is Network => {
  const m = u as Partial<Network> | null
  return (
    typeof m === "object" &&
    m !== null &&
    typeof m.stores?.length === "number" &&
    typeof m.stores.dcId === "object" &&
    typeof m.dcs?.length === "number" &&
    typeof m.customers?.length === "number" &&
    typeof m.customers.nearestCount === "number" &&
    typeof m.customers.nearestStoreIds === "object"
  )
}

/** Region (0-based) of a store (StoreID, 1-based); -1 for an unknown id. */
export const storeRegion = (network: Network, storeId: number): number => {
  const dc = network.stores.dcId[storeId - 1]
  return Number.isInteger(storeId) && dc !== undefined ? dc - 1 : -1
}

/** Region (0-based) of a DC (DCID, 1-based); -1 for an unknown id. */
export const dcRegion = (network: Network, dcId: number): number =>
  Number.isInteger(dcId) && dcId >= 1 && dcId <= network.dcs.length ? dcId - 1 : -1

/** Region (0-based) of a customer (CustomerID, 1-based): their home store's; -1 for an unknown id. */
export const customerRegion = (network: Network, customerId: number): number => {
  const c = network.customers
  if (!(Number.isInteger(customerId) && customerId >= 1 && customerId <= c.length)) return -1
  return storeRegion(network, c.nearestStoreIds[(customerId - 1) * c.nearestCount]!)
}

/**
 * What a shard generates of a `Network`: its regions, and its stores, DCs and customers (lists
 * computed on first use). The engine gives every plugin context these methods; a hand-made
 * context (in a unit test) can spread one in.
 *
 * @example
 * import { Plugin } from "@retail-datagen/core"
 * const own = new Plugin.Ownership(master, { index: 0, count: 2 })
 * own.stores() // StoreIDs of regions 0, 2, 4, …
 */
export class Ownership {
  private storeIds: ReadonlyArray<number> | undefined
  private dcIds: ReadonlyArray<number> | undefined
  private customerIds: ReadonlyArray<number> | undefined
  /** 1 for an owned region, by region index. */
  readonly regions: Uint8Array
  constructor(
    readonly network: Network,
    readonly shard: Shard
  ) {
    this.regions = new Uint8Array(network.dcs.length)
    for (let r = 0; r < this.regions.length; r++) this.regions[r] = ownsRegion(shard, r) ? 1 : 0
  }
  /** Whether the shard owns a region (0-based; false for -1). */
  ownsRegion(region: number): boolean {
    return region >= 0 && this.regions[region] === 1
  }
  ownsStore(storeId: number): boolean {
    return this.ownsRegion(storeRegion(this.network, storeId))
  }
  ownsDc(dcId: number): boolean {
    return this.ownsRegion(dcRegion(this.network, dcId))
  }
  stores(): ReadonlyArray<number> {
    if (this.storeIds === undefined) {
      const ids: Array<number> = []
      const n = this.network.stores.length
      for (let id = 1; id <= n; id++) if (this.ownsRegion(storeRegion(this.network, id))) ids.push(id)
      this.storeIds = Object.freeze(ids)
    }
    return this.storeIds
  }
  dcs(): ReadonlyArray<number> {
    if (this.dcIds === undefined) {
      const ids: Array<number> = []
      for (let id = 1; id <= this.network.dcs.length; id++) if (this.regions[id - 1] === 1) ids.push(id)
      this.dcIds = Object.freeze(ids)
    }
    return this.dcIds
  }
  customers(): ReadonlyArray<number> {
    if (this.customerIds === undefined) {
      const ids: Array<number> = []
      const n = this.network.customers.length
      for (let id = 1; id <= n; id++) {
        if (this.ownsRegion(customerRegion(this.network, id))) ids.push(id)
      }
      this.customerIds = Object.freeze(ids)
    }
    return this.customerIds
  }
  /** Region of a partition key value (-1: not an id of that kind). */
  regionOf(key: PartitionKey, id: number): number {
    return key === "StoreID"
      ? storeRegion(this.network, id)
      : key === "DCID"
        ? dcRegion(this.network, id)
        : customerRegion(this.network, id)
  }
}

/**
 * A typed service key: the name of the plugin that provides a service, and the service's type.
 * `ctx.service(key)` returns an `S`, so the contract is declared once, with the key.
 *
 * @example
 * const Counter = Plugin.key<{ count(storeId: number): number }>()("counter")
 * // provider: { name: Counter.name, service: (state) => … }; consumer: dependsOn: [Counter.name]
 * ctx.service(Counter).count(7)
 */
export interface Key<Name extends string, S> {
  readonly name: Name
  /** Type-level only (never set). */
  readonly "~service"?: S | undefined
}

/** Makes a key: `key<Service>()("plugin-name")` (two calls, so the name's literal type is inferred). */
export const key =
  <S>() =>
  <const Name extends string>(name: Name): Key<Name, S> => ({ name })

/** The shard methods of a context: what a shard generates of the master data. */
export type ShardView = Pick<InitContext, "stores" | "dcs" | "customers" | "ownsStore" | "ownsDc">

/**
 * The shard methods of a context as a plain object, for a hand-made context in a unit test.
 *
 * @example
 * const ctx: Plugin.InitContext<Master> = { ...Plugin.shardView(master, shard), master, shard, seed, start, rng, service }
 */
export const shardView = (network: Network, shard: Shard): ShardView => {
  const own = new Ownership(network, shard)
  return {
    stores: () => own.stores(),
    dcs: () => own.dcs(),
    customers: () => own.customers(),
    ownsStore: (id) => own.ownsStore(id),
    ownsDc: (id) => own.ownsDc(id)
  }
}

/**
 * What a plugin sees when it starts on a shard. `Master` is the master data's type: by default
 * the `Network` every run's master data has (stores with their DC, DCs, customers with their
 * nearest stores); plugins of the generator's runs may name the whole `Master.Master` of
 * `@retail-datagen/master`. `Deps` are the names in the plugin's `dependsOn` (when `make` or the
 * plugin's type can know them): `service` and `upstream` accept only those.
 */
export interface InitContext<Master = Network, Deps extends string = string> {
  readonly seed: number
  readonly shard: Shard
  /** Master data (dimensions), typed by the plugin family that consumes it. */
  readonly master: Master
  /** The run's first day. */
  readonly start: EpochDay
  /** A random stream named (seed, plugin name, ...keys). */
  rng(...keys: ReadonlyArray<RngKey>): Stream
  /** The service of a plugin named in `dependsOn`, by its typed key (`Services.Stock`, …). */
  service<S>(key: Key<Deps, S>): S
  /**
   * The service of a plugin named in `dependsOn`, by name: an unchecked cast to `S`. Prefer a
   * typed `Key`.
   */
  service<S>(plugin: Deps): S
  /**
   * The StoreIDs this shard generates (the stores of its regions), ascending. Make per-store rows
   * by iterating these: a row for another shard's store fails the run (see `Table.partitionOf`).
   * Throws when the master data has no `Network` shape.
   */
  stores(): ReadonlyArray<number>
  /** The DCIDs this shard generates, ascending. */
  dcs(): ReadonlyArray<number>
  /** The CustomerIDs whose home store this shard generates, ascending. */
  customers(): ReadonlyArray<number>
  /** Whether this shard generates the store with this StoreID. */
  ownsStore(storeId: number): boolean
  /** Whether this shard generates the DC with this DCID. */
  ownsDc(dcId: number): boolean
}

/** What a plugin sees for one day of one shard. */
export interface DayContext<Master = Network, Deps extends string = string>
  extends InitContext<Master, Deps> {
  readonly day: EpochDay
  /** The same-day batch of `table` produced by a plugin named in `dependsOn`. */
  upstream(plugin: Deps, table: string): Batch
}

/**
 * A fact-table plugin. `Deps`, the names in `dependsOn`, types `ctx.upstream` and `ctx.service`:
 * `make` infers it, so reading a plugin that is not a declared dependency does not compile.
 */
export interface FactPlugin<
  State = unknown,
  Master = Network,
  Service = unknown,
  Deps extends string = string
> {
  /** Unique plugin name; also the RNG namespace of its streams. */
  readonly name: string
  /** Tables this plugin produces, in output order. */
  readonly tables: ReadonlyArray<Table>
  /** Plugins whose same-day output or service this one reads; they step first. */
  readonly dependsOn: ReadonlyArray<Deps>
  /** Builds the shard's starting state (e.g. from inventory snapshots). */
  init(ctx: InitContext<Master, Deps>): State
  /** Produces one day's batches, one per table in `tables` order, mutating `state`. */
  step(state: State, ctx: DayContext<Master, Deps>): ReadonlyArray<Batch>
  /** The typed shared state that dependents reach through `ctx.service(name)`. */
  service?(state: State): Service
  /** End-of-day state as JSON-compatible data, for resume; `restore` must invert it. */
  save?(state: State): unknown
  restore?(saved: unknown, ctx: InitContext<Master, Deps>): State
  /** Rules over the rows of this plugin's tables that `validate` checks in a dataset (see `check`). */
  readonly checks?: ReadonlyArray<Check> | undefined
}

/**
 * A rule every row of one of a plugin's tables must follow, which `validate` checks in a dataset
 * on disk (the plugin is loaded from the module the dataset records). Make one with `check`.
 */
export interface Check<C extends Columns = Columns> {
  /** Short name, shown with each violation (`amount positive`). */
  readonly name: string
  readonly table: Table<C>
  /** The problem with one row, or `undefined` when the row is fine. Throwing is a violation too. */
  test(row: Row<C>): string | undefined
}

/**
 * A check of `table`'s rows; `test` gets each row as an object of plain values (`Table.Row`:
 * numbers, booleans, text, `null` for an empty cell) and returns the problem or `undefined`.
 *
 * @example
 * import { Plugin, Table } from "@retail-datagen/core"
 * const Returns = Table.make("returns", { StoreID: Table.int, Amount: Table.cents })
 * const positive = Plugin.check(Returns, "amount positive", (row) =>
 *   row.Amount !== null && row.Amount > 0 ? undefined : `Amount ${row.Amount} is not positive`
 * )
 * // in the plugin: checks: [positive]
 */
export const check = <C extends Columns>(
  table: Table<C>,
  name: string,
  test: (row: Row<C>) => string | undefined
): Check<C> => ({ name, table, test })

/**
 * Identity helper that keeps a plugin's type parameters inferred — `Deps` from `dependsOn`, so
 * `ctx.upstream` and `ctx.service` accept only declared dependencies.
 *
 * @example
 * Plugin.make({
 *   name: "returns",
 *   tables: [Returns],
 *   dependsOn: ["receipts"],
 *   init: () => ({ b: Batch.builder(Returns) }),
 *   step: (state, ctx) => {
 *     const receipts = ctx.upstream("receipts", "receipts") // ctx.upstream("sales", …) does not compile
 *     return [state.b.finish()]
 *   }
 * })
 */
export const make = <State, Master = Network, Service = unknown, const Deps extends string = string>(
  plugin: FactPlugin<State, Master, Service, Deps>
): FactPlugin<State, Master, Service, Deps> => plugin

/**
 * A validator in the Standard Schema v1 form (`Schema.standardSchemaV1(schema)` of effect, or a
 * zod/valibot schema): what `factory` checks a module's options with.
 */
export interface StandardSchema<Output> {
  readonly "~standard": {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>
  }
}

/** The result of a Standard Schema validation. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | {
      readonly issues: ReadonlyArray<{
        readonly message: string
        readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
      }>
    }

/** A plugin of any state, master and service types (what a module exports). */
export type AnyPlugin = FactPlugin<unknown, unknown, unknown>

/**
 * A plugin module that takes options: the generator validates the `options` of its `plugins`
 * entry (`{ "module": "…", "options": { … } }`) with `options`, then calls `make`.
 */
export interface Factory<Options> {
  readonly _tag: "PluginFactory"
  readonly options: StandardSchema<Options>
  readonly make: (options: Options) => ReadonlyArray<AnyPlugin>
}

/**
 * A plugin module's export that takes options. Export it as `plugins` (or `default`).
 *
 * @example
 * import { Schema } from "effect"
 * import { Plugin } from "@retail-datagen/core"
 * const Options = Schema.Struct({ rate: Schema.optionalWith(Schema.Number.pipe(Schema.between(0, 1)), { default: () => 0.03 }) })
 * export const plugins = Plugin.factory({
 *   options: Schema.standardSchemaV1(Options),
 *   make: (options) => [returnsPlugin(options.rate)]
 * })
 */
export const factory = <Options>(spec: {
  readonly options: StandardSchema<Options>
  readonly make: (options: Options) => ReadonlyArray<AnyPlugin>
}): Factory<Options> => ({ _tag: "PluginFactory", options: spec.options, make: spec.make })

/** Whether a module export is a `factory`. */
export const isFactory = (u: unknown): u is Factory<unknown> =>
  typeof u === "object" &&
  u !== null &&
  (u as { _tag?: unknown })._tag === "PluginFactory" &&
  typeof (u as Factory<unknown>).make === "function" &&
  typeof (u as Factory<unknown>).options?.["~standard"]?.validate === "function"
