import { Batch, Calendar, type Plugin } from "@retail-datagen/core"
import { type Registry, Run } from "@retail-datagen/engine"
import { Master, MasterSpec } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { Stock, SupplyChain, type SupplyOptions } from "../src/index.js"
import * as Fixtures from "./fixtures/Shoppers.js"

export const START = Calendar.parse("2024-03-04")

export interface Config {
  readonly seed: number
  readonly stores: number
  readonly dcs: number
  readonly products: number
  readonly customers?: number
  readonly trucksPerDc?: number
  readonly truckCapacityUnits?: number
  readonly unitsPerStoreDay?: number
  readonly horizonDays?: number
}

const masters = new Map<string, Master.Master>()

/** Master data of a small config (cached: tests share them). */
export const masterOf = (c: Config): Master.Master => {
  const key = JSON.stringify(c)
  let m = masters.get(key)
  if (m === undefined) {
    m = Master.generateMaster(
      MasterSpec.make({
        seed: c.seed,
        stores: c.stores,
        dcs: c.dcs,
        products: c.products,
        customers: c.customers ?? 500,
        trucksPerDc: c.trucksPerDc ?? 4,
        truckCapacityUnits: c.truckCapacityUnits ?? 2400,
        unitsPerStoreDay: c.unitsPerStoreDay ?? 200,
        horizonDays: c.horizonDays ?? 0,
        startDate: START
      })
    )
    masters.set(key, m)
  }
  return m
}

export interface Scenario {
  readonly master: Master.Master
  readonly seed: number
  readonly days: number
  readonly receiptsPerDay: number
  readonly linesPerReceipt?: number
  readonly onlineOrdersPerDay?: number
  readonly hot?: ReadonlyArray<Fixtures.Hot>
  readonly options?: SupplyOptions.SupplyOptionsInput
  readonly shard?: Plugin.Shard
}

/** Copied batches of every table, one per day, by table name. */
export type Tables = Record<string, Array<Batch.Batch>>

export interface Output {
  readonly tables: Tables
  readonly days: Array<number>
  readonly resume: Run.Resume
  readonly lost: Stock.LostSales
}

export const pluginsOf = (s: Scenario) => {
  const [stock, inventory] = SupplyChain.plugins({
    ...(s.onlineOrdersPerDay === undefined ? { onlineOrdersPlugin: null } : {}),
    ...s.options
  })
  const receipts = Fixtures.receipts({
    receiptsPerDay: s.receiptsPerDay,
    ...(s.linesPerReceipt === undefined ? {} : { linesPerReceipt: s.linesPerReceipt }),
    ...(s.hot === undefined ? {} : { hot: s.hot })
  })
  const list: Array<Registry.AnyPlugin<Master.Master>> = [
    PatternsService.plugin() as Registry.AnyPlugin<Master.Master>,
    stock,
    receipts
  ]
  if (s.onlineOrdersPerDay !== undefined)
    list.push(Fixtures.onlineOrders({ onlineOrdersPerDay: s.onlineOrdersPerDay }))
  list.push(inventory)
  return list
}

/** Runs the scenario with the engine (optionally from `resume`), copying every batch. */
export const run = (
  s: Scenario,
  from?: Run.Resume,
  end?: number,
  extra: ReadonlyArray<Registry.AnyPlugin<Master.Master>> = []
): Promise<Output> => {
  const tables: Tables = {}
  const days: Array<number> = []
  return Effect.runPromise(
    Run.run({
      plugins: [...pluginsOf(s), ...extra],
      seed: s.seed,
      start: START,
      end: end ?? START + s.days - 1,
      master: s.master,
      shard: s.shard,
      resume: from,
      onBatches: (day, _plugin, batches) =>
        Effect.sync(() => {
          if (days[days.length - 1] !== day) days.push(day)
          for (const b of batches) {
            const list = (tables[b.table.name] ??= [])
            list.push(Batch.concat(b.table, [b]))
          }
        })
    })
  ).then((summary) => ({
    tables,
    days,
    resume: summary.resume,
    lost: Stock.lostSales(summary.resume.states.stock)
  }))
}

/** All rows of a table as objects. */
export const rowsOf = (t: Tables, name: string): Array<Record<string, Batch.Cell>> =>
  (t[name] ?? []).flatMap((b) => Batch.rows(b))

/** Master batches by table name, for `Validate.batches`. */
export const masterBatches = (m: Master.Master): Record<string, Array<Batch.Batch>> =>
  Object.fromEntries(Master.toBatches(m).map((b) => [b.table.name, [b]]))
