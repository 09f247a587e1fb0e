/**
 * Product returns that follow the receipts: a plugin as an outside team writes it.
 *
 * Every receipt of the day (the same-day `receipts` batch of the built-in plugin named
 * `"receipts"`) is returned with probability `rate`, `1 … maxLagDays` days later, at its store,
 * for its whole `Total`. A return is decided when its receipt is seen and kept in the plugin's
 * state until it is due, so the state is saved and restored on resume.
 *
 * Determinism: every draw comes from `ctx.rng("return", receiptId)` — keyed by the receipt,
 * never by shard or row position — so the returns do not depend on how the work is split.
 * Shard safety: returns happen at the receipt's store, which the shard owns (receipts of other
 * shards are never seen), and the `returns` table's partition key is `StoreID`.
 *
 * @example
 * import { Returns } from "@retail-datagen/example-plugin-returns"
 * const plugin = Returns.plugin({ rate: 0.05, maxLagDays: 3 })
 */
import { Batch as B, type Batch, Plugin, Table, Timestamp } from "@retail-datagen/core"
import { Schema } from "effect"

/** The plugin's name, and its one table's. */
export const NAME = "returns"

/** Why a product came back. */
export const REASONS = ["DAMAGED", "WRONG_ITEM", "CHANGED_MIND", "OTHER"] as const

/** `returns`: one row per returned receipt, on the day it comes back. */
export const ReturnsTable = Table.make(
  NAME,
  {
    EventTS: Table.timestamp,
    StoreID: Table.int,
    ReceiptId: Table.id("RCP"),
    Amount: Table.cents,
    Reason: Table.enumOf(REASONS)
  },
  { partition: "StoreID" }
)

/** The options, as `{ "module": "@retail-datagen/example-plugin-returns", "options": { … } }` gives them. */
export const Options = Schema.Struct({
  /** Share of receipts returned (0…1). */
  rate: Schema.optionalWith(Schema.Number.pipe(Schema.between(0, 1)), { default: () => 0.03 }),
  /** A return comes back 1 … maxLagDays days after its receipt. */
  maxLagDays: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 30)), { default: () => 5 })
})
export type Options = typeof Options.Type

/** A decided return: [due day, StoreID, ReceiptId, Amount (cents), reason index, second of day]. */
type Pending = [number, number, number, number, number, number]

/** Per-shard state: the builder, and the returns decided but not yet due (JSON-compatible). */
export interface State {
  readonly b: Batch.Builder
  pending: Array<Pending>
}

/** The plugins this one reads (its `dependsOn`): `ctx.upstream` accepts only these. */
type Upstream = "receipts"

/** Opening hours in which returns are taken (seconds of the day). */
const OPEN = 9 * 3600
const CLOSE = 20 * 3600

const step =
  (options: Options) =>
  (state: State, ctx: Plugin.DayContext<Plugin.Network, Upstream>): ReadonlyArray<Batch.Batch> => {
    // 1. decide the returns of today's receipts
    const receipts = ctx.upstream("receipts", "receipts")
    const store = receipts.columns[Table.indexOf(receipts.table, "StoreID")] as Float64Array
    const receipt = receipts.columns[Table.indexOf(receipts.table, "ReceiptId")] as Float64Array
    const total = receipts.columns[Table.indexOf(receipts.table, "Total")] as Float64Array
    for (let r = 0; r < receipts.length; r++) {
      const rng = ctx.rng("return", receipt[r]!)
      if (!rng.chance(options.rate)) continue
      const due = ctx.day + rng.int(1, options.maxLagDays)
      state.pending.push([
        due,
        store[r]!,
        receipt[r]!,
        total[r]!,
        rng.int(0, REASONS.length - 1),
        rng.int(OPEN, CLOSE - 1)
      ])
    }
    // 2. write the returns due today (the pipeline sorts the rows; order here does not matter)
    const b = state.b
    b.reset()
    const ts = b.num("EventTS")
    const storeId = b.num("StoreID")
    const receiptId = b.num("ReceiptId")
    const amount = b.num("Amount")
    const reason = b.code("Reason")
    const later: Array<Pending> = []
    for (const p of state.pending) {
      if (p[0] !== ctx.day) {
        later.push(p)
        continue
      }
      ts.push(Timestamp.make(ctx.day, p[5]))
      storeId.push(p[1])
      receiptId.push(p[2])
      amount.push(p[3])
      reason.push(p[4])
    }
    state.pending = later
    return [b.finish()]
  }

/**
 * What `validate` checks in every `returns` file besides the columns and partitions: each return
 * is for a positive amount, taken while the returns desk is open.
 */
export const checks = [
  Plugin.check(ReturnsTable, "positive amount", (row) =>
    row.Amount !== null && row.Amount > 0 ? undefined : `Amount ${row.Amount} is not positive`
  ),
  Plugin.check(ReturnsTable, "desk hours", (row) => {
    const second = row.EventTS === null ? Number.NaN : Timestamp.secondOfDay(row.EventTS)
    return second >= OPEN && second < CLOSE ? undefined : "returned outside 09:00–20:00"
  })
]

/** The returns plugin (depends on the plugin named `"receipts"`). */
export const plugin = (
  input: Partial<Options> = {}
): Plugin.FactPlugin<State, Plugin.Network, unknown, Upstream> => {
  const options = Schema.decodeUnknownSync(Options)(input)
  return {
    name: NAME,
    tables: [ReturnsTable],
    dependsOn: ["receipts"],
    checks,
    init: () => ({ b: B.builder(ReturnsTable), pending: [] }),
    step: step(options),
    save: (state) => state.pending,
    restore: (saved) => ({
      b: B.builder(ReturnsTable),
      pending: (saved as Array<Pending>).map((p) => [...p] as Pending)
    })
  }
}

/** What the module exports for `config.plugins`: a factory that validates its options. */
export const plugins = Plugin.factory({
  options: Schema.standardSchemaV1(Options),
  make: (options) => [plugin(options)]
})
