import { expect } from "@effect/vitest"
import { Batch, Calendar, type Plugin, Table } from "@retail-datagen/core"
import { type EngineError, type Registry, Run } from "@retail-datagen/engine"
import { Customers, Master, MasterSpec } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Effect } from "effect"
import * as Campaigns from "../src/Campaigns.js"
import { Marketing } from "../src/index.js"

export const T = Marketing.MarketingTable
export const col = (name: Table.Header<typeof T>): number => Table.indexOf(T, name)
export const C = {
  trace: col("TraceId"),
  ts: col("EventTS"),
  channel: col("Channel"),
  campaign: col("CampaignId"),
  creative: col("CreativeId"),
  ad: col("CustomerAdId"),
  imp: col("ImpressionId"),
  cost: col("Cost"),
  device: col("Device")
} as const

/** A small master: `dcs` regions. */
export const smallMaster = (seed: number, customers = 3000, dcs = 4, stores = 12): Master.Master =>
  Master.generateMaster(MasterSpec.make({ seed, stores, dcs, customers, products: 40 }))

export interface RunResult {
  /** Copied batches per table, in day order. */
  readonly tables: Map<string, Array<Batch.Batch>>
  readonly summary: Run.Summary
}

/** Runs plugins with the engine (the default `"patterns"` plugin in front unless given) and keeps copies of every batch. */
export const run = (options: {
  readonly plugins: ReadonlyArray<Registry.AnyPlugin<Master.Master>>
  readonly master: Master.Master
  readonly seed: number
  readonly start: number
  readonly end: number
  readonly shard?: Plugin.Shard
  readonly resume?: Run.Resume
}): Effect.Effect<RunResult, EngineError.EngineError> =>
  Effect.gen(function* () {
    const tables = new Map<string, Array<Batch.Batch>>()
    const summary = yield* Run.run({
      plugins: options.plugins.some((p) => p.name === PatternsService.NAME)
        ? options.plugins
        : [PatternsService.plugin() as Registry.AnyPlugin<Master.Master>, ...options.plugins],
      master: options.master,
      seed: options.seed,
      start: options.start,
      end: options.end,
      shard: options.shard,
      resume: options.resume,
      onBatches: (_day, _plugin, batches) =>
        Effect.sync(() => {
          for (const b of batches) {
            const list = tables.get(b.table.name) ?? []
            list.push(Batch.concat(b.table, [b]))
            tables.set(b.table.name, list)
          }
        })
    })
    return { tables, summary } satisfies RunResult
  })

/** All marketing rows of a run as one batch. */
export const marketingOf = (r: RunResult): Batch.Batch => Batch.concat(T, r.tables.get("marketing") ?? [])

/** Numeric column view. */
export const num = (b: Batch.Batch, c: number): Float64Array => b.columns[c] as Float64Array
/** Code column view. */
export const code = (b: Batch.Batch, c: number): Uint16Array => b.columns[c] as Uint16Array

/** Campaigns of the years touched by `[start, end]`, by id. */
export const campaignsById = (seed: number, start: number, end: number): Map<number, Campaigns.Campaign> => {
  const m = new Map<number, Campaigns.Campaign>()
  for (let y = Calendar.year(start); y <= Calendar.year(end); y++)
    for (const c of Campaigns.calendar(seed, y).campaigns) m.set(c.id, c)
  return m
}

/** Customer row by AdId number. */
export const customerByAdId = (master: Master.Master): Map<number, number> => {
  const m = new Map<number, number>()
  master.customers.adId.forEach((a, i) => {
    m.set(a, i)
  })
  return m
}

/** The region of a customer row. */
export const regionOfRow = (master: Master.Master, row: number): number =>
  master.stores.dcId[Customers.homeStoreId(master.customers, row) - 1]! - 1

/** Rows `[0, n)` sorted by (EventTS, ImpressionId). */
export const sortedOrder = (b: Batch.Batch): Array<number> => {
  const ts = num(b, C.ts)
  const imp = num(b, C.imp)
  return [...Array(b.length).keys()].sort((x, y) => ts[x]! - ts[y]! || imp[x]! - imp[y]!)
}

/**
 * Exposure recomputed from the marketing rows alone: per customer row and day, the department of
 * the campaign of the customer's latest impression that day (by EventTS, then ImpressionId).
 */
export const latestExposures = (
  master: Master.Master,
  seed: number,
  start: number,
  end: number,
  r: RunResult
): Map<number, Map<number, { key: number; dept: number }>> => {
  const customers = customerByAdId(master)
  const campaigns = campaignsById(seed, start, end)
  const latest = new Map<number, Map<number, { key: number; dept: number }>>()
  const m = marketingOf(r)
  for (let i = 0; i < m.length; i++) {
    const row = customers.get(num(m, C.ad)[i]!)
    if (row === undefined) continue
    const ts = num(m, C.ts)[i]!
    const d = Math.floor(ts / 86400)
    const key = (ts - d * 86400) * 1e16 + num(m, C.imp)[i]!
    const days = latest.get(row) ?? new Map()
    const cur = days.get(d)
    if (cur === undefined || key >= cur.key)
      days.set(d, { key, dept: campaigns.get(num(m, C.campaign)[i]!)!.department })
    latest.set(row, days)
  }
  return latest
}

// Row-by-row checks: the same assertions as `expect(a).toBe(b)` & co., but the (costly) expect is
// built only when the check fails — these run for every row or item of every property run.
export const is = (a: unknown, b: unknown): void => {
  if (!Object.is(a, b)) expect(a).toBe(b)
}
export const defined = (a: unknown): void => {
  if (a === undefined) expect(a).toBeDefined()
}
export const atLeast = (a: number, b: number): void => {
  if (!(a >= b)) expect(a).toBeGreaterThanOrEqual(b)
}
export const atMost = (a: number, b: number): void => {
  if (!(a <= b)) expect(a).toBeLessThanOrEqual(b)
}
export const above = (a: number, b: number): void => {
  if (!(a > b)) expect(a).toBeGreaterThan(b)
}
export const below = (a: number, b: number): void => {
  if (!(a < b)) expect(a).toBeLessThan(b)
}
export const contains = (list: ReadonlyArray<unknown>, x: unknown): void => {
  if (!list.includes(x)) expect(list).toContain(x)
}
