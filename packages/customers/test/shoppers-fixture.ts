/**
 * Test fixtures for the shopper plugins: small masters, a run helper that copies every batch,
 * a validator call with holiday opening hours, and a limited `"stock"` plugin that records
 * every take.
 */
import { Batch, Calendar, type Plugin } from "@retail-datagen/core"
import { type Registry, Run } from "@retail-datagen/engine"
import { Master, MasterSpec } from "@retail-datagen/master"
import { PatternsService, StoreHours } from "@retail-datagen/patterns"
import { Report, Validate } from "@retail-datagen/validation"
import { Effect } from "effect"
import { Stock } from "../src/index.js"

export interface Small {
  readonly seed: number
  readonly stores: number
  readonly dcs: number
  readonly customers: number
  readonly products: number
  readonly horizonDays?: number
}

const masters = new Map<string, Master.Master>()

/** A small master (cached per spec: generating one is the slow part of a property run). */
export const master = (s: Small): Master.Master => {
  const key = JSON.stringify(s)
  let m = masters.get(key)
  if (m === undefined) {
    m = Master.generateMaster(
      MasterSpec.make({
        seed: s.seed,
        stores: s.stores,
        dcs: s.dcs,
        customers: s.customers,
        products: s.products,
        startDate: Calendar.parse("2024-01-01"),
        horizonDays: s.horizonDays ?? 400
      })
    )
    masters.set(key, m)
  }
  return m
}

/** Copied batches of a run, per table and day. */
export interface Output {
  /** Table name → one batch per day (copied). */
  readonly tables: Record<string, Array<Batch.Batch>>
  readonly days: Array<Calendar.EpochDay>
  readonly summary: Run.Summary
}

export interface RunOptions {
  readonly plugins: ReadonlyArray<Registry.AnyPlugin<Master.Master>>
  readonly master: Master.Master
  readonly seed: number
  readonly start: Calendar.EpochDay
  readonly end: Calendar.EpochDay
  readonly shard?: Plugin.Shard
  readonly resume?: Run.Resume
}

/** The plugins with the default `"patterns"` plugin in front, unless one is given. */
export const withPatterns = (
  plugins: ReadonlyArray<Registry.AnyPlugin<Master.Master>>
): ReadonlyArray<Registry.AnyPlugin<Master.Master>> =>
  plugins.some((p) => p.name === PatternsService.NAME)
    ? plugins
    : [PatternsService.plugin() as Registry.AnyPlugin<Master.Master>, ...plugins]

/** Runs the plugins (with the default patterns when none are given) and copies every batch. */
export const run = (o: RunOptions): Effect.Effect<Output, unknown> => {
  const tables: Record<string, Array<Batch.Batch>> = {}
  const days: Array<Calendar.EpochDay> = []
  return Effect.map(
    Run.run({
      plugins: withPatterns(o.plugins),
      master: o.master,
      seed: o.seed,
      start: o.start,
      end: o.end,
      shard: o.shard,
      resume: o.resume,
      onBatches: (day, _plugin, batches) =>
        Effect.sync(() => {
          if (days[days.length - 1] !== day) days.push(day)
          for (const b of batches) (tables[b.table.name] ??= []).push(Batch.concat(b.table, [b]))
        })
    }),
    (summary) => ({ tables, days, summary })
  )
}

/** The run's output validated (I1–I6; I5 with the holiday opening hours of `patterns`). */
export const validate = (
  m: Master.Master,
  facts: Record<string, ReadonlyArray<Batch.Batch>>
): Report.Report =>
  Validate.batches(
    { master: Object.fromEntries(Master.toBatches(m).map((b) => [b.table.name, [b]])), facts },
    {
      only: ["I1", "I2", "I3", "I5", "I6"],
      hours: (day, open, close) => StoreHours.forDay(day, { open: open / 3600, close: close / 3600 })
    }
  )

export const reportText = (r: Report.Report): string => Report.text(r)
export const ok = (r: Report.Report): boolean => Report.ok(r)

/** All rows of a table over the run (plain objects). */
export const rows = (out: Output, table: string): Array<Record<string, Batch.Cell>> =>
  (out.tables[table] ?? []).flatMap((b) => Batch.rows(b))

/** One take recorded by `limitedStock`. */
export interface Take {
  readonly node: "store" | "dc"
  readonly id: number
  readonly productId: number
  readonly asked: number
  readonly granted: number
  readonly ts: number
}

/**
 * A `"stock"` plugin with `units(node, id, product)` units on hand at the start (a pure
 * function, so shards agree), never refilled. Records every take in `log` (shared across the
 * shards of a test).
 */
export const limitedStock = (
  units: (node: "store" | "dc", id: number, productId: number) => number,
  log: Array<Take>
): Plugin.FactPlugin<Map<string, number>, Master.Master, Stock.StockService> => ({
  name: Stock.NAME,
  tables: [],
  dependsOn: [],
  init: () => new Map(),
  step: () => [],
  service: (onHand) => {
    const take = (node: "store" | "dc", id: number, productId: number, qty: number, ts: number): number => {
      const key = `${node}:${id}:${productId}`
      const have = onHand.get(key) ?? units(node, id, productId)
      const granted = Math.max(0, Math.min(have, qty))
      onHand.set(key, have - granted)
      log.push({ node, id, productId, asked: qty, granted, ts })
      return granted
    }
    return {
      takeFromStore: (storeId, productId, qty, ts) => take("store", storeId, productId, qty, ts),
      takeFromDc: (dcId, productId, qty, ts) => take("dc", dcId, productId, qty, ts)
    }
  }
})

/** A small integer hash for fixtures. */
export const hash = (a: number, b: number, c: number): number => {
  let h =
    Math.imul(a ^ 0x9e3779b1, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(c, 0x27d4eb2f)
  h ^= h >>> 15
  h = Math.imul(h, 0x2c1b3c6d)
  h ^= h >>> 12
  return h >>> 0
}
