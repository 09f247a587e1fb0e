/**
 * Twin runs for the scenario tests: a small two-region world (`BASE`), a whole run of every
 * built-in plugin in memory (`run`), and its rows by DC region (`byRegionOf`) so that a test can
 * compare a region of two runs row for row.
 */
import { Config } from "@retail-datagen/config"
import { Batch, Calendar, Plugin } from "@retail-datagen/core"
import { Run } from "@retail-datagen/engine"
import { Master, Taxonomy } from "@retail-datagen/master"
import { Effect } from "effect"
import { MasterData, Plugins } from "../src/index.js"

/** Six stores on two DCs, 300 visits a day, 9–12 December 2024. */
export const BASE = Effect.runSync(
  Config.decode({
    seed: 19,
    volume: {
      stores: 6,
      dcs: 2,
      customers: 600,
      products: 150,
      geographies: 12,
      customers_per_day: 300,
      online_orders_per_day: 30,
      marketing_impressions_per_day: 300,
      trucks_per_dc: 2
    },
    dates: { start: "2024-12-09", end: "2024-12-12" }
  })
)

/** `config` with a scenario of `interventions`. */
export const withScenario = (interventions: ReadonlyArray<unknown>, config = BASE): Config.Config =>
  Effect.runSync(
    Config.parseScenario(JSON.stringify({ interventions })).pipe(
      Effect.flatMap((s) => Config.withScenario(config, s))
    )
  )

export type Row = Record<string, Batch.Cell>

/**
 * Every fact row of a whole in-memory run, by table, and the master data. `exclude` leaves out
 * built-in plugins by name (`["stock"]`: unlimited stock, no supply chain).
 */
export const run = (config: Config.Config, exclude: ReadonlyArray<string> = []) =>
  Effect.runSync(
    Effect.gen(function* () {
      const start = Calendar.parse(config.dates.start)
      const master = Master.generateMaster(yield* MasterData.spec(config, start))
      const plugins = Plugins.withDefaults(yield* Plugins.builtIn(config, { exclude }))
      const facts: Record<string, Array<Row>> = {}
      yield* Run.run({
        plugins,
        seed: config.seed,
        start,
        end: Calendar.parse(config.dates.end),
        master,
        onBatches: (_day, _plugin, batches) =>
          Effect.sync(() => {
            for (const b of batches) (facts[b.table.name] ??= []).push(...Batch.rows(b))
          })
      })
      return { master, facts }
    })
  )

/** The DCID whose region a row belongs to; 0 for a table that is not split by region (marketing). */
const regionOf = (
  master: Master.Master,
  table: string,
  row: Row,
  storeOfTrace: ReadonlyMap<unknown, number>
): number => {
  const store = (id: number) => master.stores.dcId[id - 1]!
  if (table === "receipt_lines") return store(storeOfTrace.get(row.TraceId)!)
  if (table === "online_orders") return Plugin.customerRegion(master, row.CustomerID as number) + 1
  if (table === "marketing") return 0
  if (typeof row.StoreID === "number" && table !== "truck_moves") return store(row.StoreID)
  return row.DCID as number
}

/** The rows of every table as JSON lines, by region (`table@DCID`; DCID 0: not split by region). */
export const byRegionOf = (
  master: Master.Master,
  facts: Record<string, Array<Row>>
): Map<string, Array<string>> => {
  const storeOfTrace = new Map((facts.receipts ?? []).map((r) => [r.TraceId, r.StoreID as number]))
  const out = new Map<string, Array<string>>()
  for (const [table, rows] of Object.entries(facts)) {
    for (const row of rows) {
      const key = `${table}@${regionOf(master, table, row, storeOfTrace)}`
      let list = out.get(key)
      if (list === undefined) out.set(key, (list = []))
      list.push(JSON.stringify(row))
    }
  }
  return out
}

/** Units sold per category index (receipt_lines), of the lines `keep` keeps. */
export const unitsByCategoryOf = (
  master: Master.Master,
  facts: Record<string, Array<Row>>,
  keep: (line: Row) => boolean = () => true
): Float64Array => {
  const units = new Float64Array(Taxonomy.CATEGORIES.length)
  for (const l of facts.receipt_lines ?? []) {
    if (!keep(l)) continue
    const c = master.products.category[(l.ProductID as number) - 1]!
    units[c] = units[c]! + (l.Qty as number)
  }
  return units
}
