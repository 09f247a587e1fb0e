/**
 * The contexts handed to plugins, and the per-run tables they read. One context object per
 * plugin step: orchestration granularity, never per row.
 */
import { type Batch, type Calendar, Plugin, Rng, Table } from "@retail-datagen/core"
import type { AnyPlugin } from "../Registry.js"

/** Per-run lookups and mutable slots, indexed by a plugin's position in step order. */
export interface Runtime {
  readonly seed: number
  readonly shard: Plugin.Shard
  readonly master: unknown
  readonly start: Calendar.EpochDay
  readonly plugins: ReadonlyArray<AnyPlugin>
  /** Plugin name → step index. */
  readonly index: ReadonlyMap<string, number>
  /** Declared dependencies of each plugin. */
  readonly deps: ReadonlyArray<ReadonlySet<string>>
  /** Table name → position in the plugin's `tables`, per plugin. */
  readonly tableIndex: ReadonlyArray<ReadonlyMap<string, number>>
  readonly states: Array<unknown>
  /** The plugin's service, or `NO_SERVICE`. */
  readonly services: Array<unknown>
  /** The batches of each plugin's latest step (same day for its dependents). */
  readonly dayOut: Array<ReadonlyArray<Batch.Batch>>
  /** What this shard owns, when the master data has the `Plugin.Network` shape. */
  readonly owned: Plugin.Ownership | undefined
  /** Per plugin, per table: the partition key column checked on every row, if any. */
  readonly partitions: ReadonlyArray<ReadonlyArray<PartitionCheck | undefined>>
}

/** A table's partition key and its column index. */
export interface PartitionCheck {
  readonly key: Table.PartitionKey
  readonly column: number
}

const partitionsOf = (plugin: AnyPlugin): ReadonlyArray<PartitionCheck | undefined> =>
  plugin.tables.map((t) => {
    const key = Table.partitionOf(t)
    if (key === undefined) return undefined
    const column = t.columns.findIndex((c) => c.name === key)
    return column < 0 || !Table.isNumeric(t.columns[column]!.type.kind) ? undefined : { key, column }
  })

export const NO_SERVICE: unique symbol = Symbol.for("@retail-datagen/engine/NoService")

export const makeRuntime = (
  plugins: ReadonlyArray<AnyPlugin>,
  seed: number,
  shard: Plugin.Shard,
  master: unknown,
  start: Calendar.EpochDay
): Runtime => ({
  seed,
  shard,
  master,
  start,
  plugins,
  index: new Map(plugins.map((p, i) => [p.name, i])),
  deps: plugins.map((p) => new Set(p.dependsOn)),
  tableIndex: plugins.map((p) => new Map(p.tables.map((t, k) => [t.name, k]))),
  states: plugins.map(() => undefined),
  services: plugins.map(() => NO_SERVICE),
  dayOut: plugins.map(() => []),
  owned: Plugin.isNetwork(master) ? new Plugin.Ownership(master, shard) : undefined,
  partitions: plugins.map(partitionsOf)
})

const noNetwork = (rt: Runtime): Plugin.Ownership => {
  if (rt.owned !== undefined) return rt.owned
  throw new Error(
    "the master data has no stores, dcs and customers (Plugin.Network), so the shard's stores are unknown"
  )
}

const declared = (rt: Runtime, self: number, other: string, what: string): number => {
  const plugin = rt.plugins[self]!
  if (!rt.deps[self]!.has(other)) {
    const deps = plugin.dependsOn.length === 0 ? "none" : plugin.dependsOn.join(", ")
    throw new Error(
      `plugin "${plugin.name}" read the ${what} of "${other}", which is not in its dependsOn (${deps})`
    )
  }
  return rt.index.get(other)!
}

export class InitCtx implements Plugin.InitContext<unknown> {
  readonly seed: number
  readonly shard: Plugin.Shard
  readonly master: unknown
  readonly start: Calendar.EpochDay
  constructor(
    protected readonly rt: Runtime,
    protected readonly self: number
  ) {
    this.seed = rt.seed
    this.shard = rt.shard
    this.master = rt.master
    this.start = rt.start
  }

  rng(...keys: ReadonlyArray<Rng.Key>): Rng.Stream {
    return Rng.make(this.seed, this.rt.plugins[this.self]!.name, ...keys)
  }

  service<S>(key: string | Plugin.Key<string, S>): S {
    const plugin = typeof key === "string" ? key : key.name
    const i = declared(this.rt, this.self, plugin, "service")
    const service = this.rt.services[i]
    if (service === NO_SERVICE) throw new Error(`plugin "${plugin}" exposes no service`)
    return service as S
  }

  stores(): ReadonlyArray<number> {
    return noNetwork(this.rt).stores()
  }
  dcs(): ReadonlyArray<number> {
    return noNetwork(this.rt).dcs()
  }
  customers(): ReadonlyArray<number> {
    return noNetwork(this.rt).customers()
  }
  ownsStore(storeId: number): boolean {
    return noNetwork(this.rt).ownsStore(storeId)
  }
  ownsDc(dcId: number): boolean {
    return noNetwork(this.rt).ownsDc(dcId)
  }
}

export class DayCtx extends InitCtx implements Plugin.DayContext<unknown> {
  constructor(
    rt: Runtime,
    self: number,
    readonly day: Calendar.EpochDay
  ) {
    super(rt, self)
  }

  upstream(plugin: string, table: string): Batch.Batch {
    const i = declared(this.rt, this.self, plugin, "output")
    const k = this.rt.tableIndex[i]!.get(table)
    if (k === undefined) {
      const tables = this.rt.plugins[i]!.tables.map((t) => t.name)
      throw new Error(
        `plugin "${plugin}" has no table "${table}" (its tables: ${tables.length === 0 ? "none" : tables.join(", ")})`
      )
    }
    return this.rt.dayOut[i]![k]!
  }
}

/** Why a step's output does not match the plugin's tables, or `undefined` when it does. */
export const batchProblem = (tables: ReadonlyArray<Table.Table>, out: unknown): string | undefined => {
  const names = tables.length === 0 ? "none" : tables.map((t) => t.name).join(", ")
  const expected = `${tables.length} (one per table: ${names})`
  if (!Array.isArray(out)) {
    return `step returned ${out === null ? "null" : typeof out}, expected an array of ${expected} batches`
  }
  if (out.length !== tables.length) return `step returned ${out.length} batches, expected ${expected}`
  for (let k = 0; k < tables.length; k++) {
    const table = tables[k]!
    const batch = out[k] as Partial<Batch.Batch> | undefined
    const name = batch?.table?.name
    if (name !== table.name) return `batch ${k} is of table "${name ?? "?"}", expected "${table.name}"`
    const columns = batch!.columns
    if (!Array.isArray(columns) || columns.length !== table.columns.length) {
      return `batch of table "${table.name}" has ${Array.isArray(columns) ? columns.length : "no"} columns, expected ${table.columns.length}`
    }
    for (let c = 0; c < columns.length; c++) {
      const len = (columns[c] as ArrayLike<unknown> | undefined)?.length
      if (len !== batch!.length) {
        return `batch of table "${table.name}": column ${table.columns[c]!.name} has ${len ?? "no"} values, expected ${batch!.length}`
      }
    }
  }
  return undefined
}

const shardText = (shard: Plugin.Shard): string => `${shard.index + 1}/${shard.count}`

/**
 * The first row of a step's output that belongs to another shard (its partition key names a
 * store, DC or customer of a region this shard does not own), as a reason naming the table, row
 * and value; `undefined` when every row is this shard's. Null keys are not checked.
 */
export const partitionProblem = (
  rt: Runtime,
  i: number,
  out: ReadonlyArray<Batch.Batch>
): string | undefined => {
  const owned = rt.owned
  if (owned === undefined) return undefined
  const checks = rt.partitions[i]!
  for (let k = 0; k < out.length; k++) {
    const check = checks[k]
    if (check === undefined) continue
    const batch = out[k]!
    const data = batch.columns[check.column] as Float64Array
    for (let r = 0; r < batch.length; r++) {
      const id = data[r]!
      if (Number.isNaN(id)) continue
      const region = owned.regionOf(check.key, id)
      if (region < 0) {
        return `table "${batch.table.name}" row ${r} has ${check.key} ${id}, which is not in the master data`
      }
      if (owned.regions[region] !== 1) {
        return (
          `table "${batch.table.name}" row ${r} has ${check.key} ${id} (region ${region}), which shard ` +
          `${shardText(rt.shard)} does not generate: another shard or worker writes that row too. ` +
          "Make rows only for ctx.stores() / ctx.dcs() / ctx.customers() (or check Plugin.ownsRegion); " +
          "declare Table.make(name, columns, { partition: null }) for a table not split by region"
        )
      }
    }
  }
  return undefined
}
