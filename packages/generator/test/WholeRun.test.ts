/**
 * Whole-run properties: every built-in plugin together (supply chain, shoppers, sensors,
 * marketing) over random seeds and small random configurations passes every invariant of the
 * data contract; a dataset on disk with one targeted corruption is reported by the expected check.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Batch, Calendar } from "@retail-datagen/core"
import { Run } from "@retail-datagen/engine"
import { Master } from "@retail-datagen/master"
import { Report, Validate } from "@retail-datagen/validation"
import { Effect, FastCheck as fc } from "effect"
import { afterAll } from "vitest"
import { Generator, MasterData, Plugins } from "../src/index.js"
import { cleanup, expectSameTree, freshDir, tree } from "./helpers.js"

afterAll(cleanup)

/** First days: ordinary weeks, Black Friday weekends, and Christmas to New Year. */
const ORDINARY = ["2024-03-04", "2024-06-13"] as const
const BLACK_FRIDAY = ["2024-11-24", "2025-11-25"] as const
const CHRISTMAS = ["2024-12-21", "2024-12-28"] as const

const arbRunFrom = (anchors: ReadonlyArray<string>) =>
  fc.record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    stores: fc.integer({ min: 3, max: 12 }),
    dcs: fc.integer({ min: 1, max: 3 }),
    customers: fc.integer({ min: 300, max: 1500 }),
    products: fc.integer({ min: 80, max: 250 }),
    customersPerDay: fc.integer({ min: 20, max: 300 }),
    itemsPerTicket: fc.double({ min: 1, max: 6, noNaN: true }),
    onlineOrdersPerDay: fc.integer({ min: 0, max: 60 }),
    impressionsPerDay: fc.integer({ min: 0, max: 400 }),
    anchor: fc.constantFrom(...anchors),
    offset: fc.integer({ min: 0, max: 4 }),
    days: fc.integer({ min: 2, max: 5 })
  })

type RunInput = ReturnType<typeof arbRunFrom> extends fc.Arbitrary<infer A> ? A : never

const configOf = (r: RunInput, dir?: string): Config.Config => {
  const start = Calendar.parse(r.anchor) + r.offset
  return Effect.runSync(
    Config.decode({
      seed: r.seed,
      volume: {
        stores: r.stores,
        dcs: r.dcs,
        customers: r.customers,
        products: r.products,
        geographies: 12,
        customers_per_day: r.customersPerDay,
        items_per_ticket_mean: r.itemsPerTicket,
        online_orders_per_day: r.onlineOrdersPerDay,
        marketing_impressions_per_day: r.impressionsPerDay
      },
      dates: { start: Calendar.format(start), end: Calendar.format(start + r.days - 1) },
      ...(dir === undefined
        ? {}
        : { paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") } })
    })
  )
}

/** Generates a configuration in memory with every built-in plugin and validates it. */
const generateAndValidate = (config: Config.Config) =>
  Effect.gen(function* () {
    const start = Calendar.parse(config.dates.start)
    const end = Calendar.parse(config.dates.end)
    const master = Master.generateMaster(yield* MasterData.spec(config, start))
    const plugins = Plugins.withDefaults(yield* Plugins.builtIn(config))
    const facts: Record<string, Array<Batch.Batch>> = {}
    const summary = yield* Run.run({
      plugins,
      seed: config.seed,
      start,
      end,
      master,
      onBatches: (_day, _plugin, batches) =>
        Effect.sync(() => {
          // copy: the engine may reuse a batch's buffers for the next day
          for (const b of batches) (facts[b.table.name] ??= []).push(Batch.concat(b.table, [b]))
        })
    })
    const masterTables = Object.fromEntries(Master.toBatches(master).map((b) => [b.table.name, [b]]))
    const report = Validate.batches(
      { master: masterTables, facts },
      { hours: Generator.storeHours(config), examples: 2 }
    )
    return { report, summary, facts }
  })

const TABLES = [
  "receipts",
  "receipt_lines",
  "online_orders",
  "foot_traffic",
  "ble_pings",
  "marketing",
  "store_inventory_txn",
  "dc_inventory_txn",
  "truck_moves"
]

describe("a whole run of the built-in plugins", () => {
  // numRuns 25 in all: one run (2–5 days of all nine tables at these sizes, plus validation) takes
  // up to ~0.2 s of CPU, so the runs take a few seconds on an idle core (100 runs of up to 6 days
  // and 500 shoppers a store took over 20 s); they are split in three tests by first day (ordinary
  // weeks, Black Friday, Christmas to New Year), so that none takes 10 s on a busy machine.
  // fast-check draws new seeds on every run of the suite, so runs add up across CI. Each run starts
  // on a fresh macrotask: one synchronous stretch of every run would keep the test worker from
  // handling vitest's RPC for a minute on a loaded machine (the worker then fails with
  // `Timeout calling "onTaskUpdate"`).
  const property = (anchors: ReadonlyArray<string>, numRuns: number) =>
    Effect.promise(() =>
      fc.assert(
        fc.asyncProperty(arbRunFrom(anchors), async (r) => {
          await new Promise((resolve) => setImmediate(resolve))
          const config = configOf(r)
          const { report, summary } = Effect.runSync(generateAndValidate(config))
          expect(Report.failed(report), Report.text(report)).toStrictEqual([])
          expect(report.checks.map((c) => c.id)).toStrictEqual([
            "F",
            "I1",
            "I2",
            "I3",
            "I4",
            "I5",
            "I6",
            "I7"
          ])
          expect(Object.keys(summary.rows).sort()).toStrictEqual([...TABLES].sort())
          // not vacuous: the supply chain and the sensors wrote rows every run
          expect(summary.rows.store_inventory_txn).toBeGreaterThan(0)
          expect(summary.rows.foot_traffic).toBeGreaterThan(0)
        }),
        { numRuns }
      )
    )

  it.effect("passes every invariant (format, I1–I7) for random seeds, sizes and dates: ordinary weeks", () =>
    property(ORDINARY, 9)
  )

  it.effect("passes every invariant (format, I1–I7) for random seeds, sizes and dates: Black Friday", () =>
    property(BLACK_FRIDAY, 8)
  )

  it.effect(
    "passes every invariant (format, I1–I7) for random seeds, sizes and dates: Christmas to New Year",
    () => property(CHRISTMAS, 8)
  )
})

// ---------------------------------------------------------------------------------------------
// Mutations of a dataset on disk

const BASE = freshDir()
const BASE_CONFIG = configOf(
  {
    seed: 17,
    stores: 5,
    dcs: 2,
    customers: 600,
    products: 120,
    customersPerDay: 300,
    itemsPerTicket: 3,
    onlineOrdersPerDay: 30,
    impressionsPerDay: 200,
    anchor: "2024-11-28",
    offset: 0,
    days: 3
  } as unknown as RunInput,
  BASE
)

let generated: Generator.Summary | undefined
const dataset = () =>
  Effect.gen(function* () {
    generated ??= yield* Generator.generate(BASE_CONFIG)
    const dir = freshDir()
    fs.cpSync(BASE, dir, { recursive: true })
    return dir
  })

/** The CSV of a fact table on the dataset's second day (Black Friday). */
const csvOf = (dir: string, table: string) =>
  path.join(dir, "facts", table, "dt=2024-11-29", `${table}_20241129.csv`)

const edit = (file: string, f: (header: Array<string>, rows: Array<Array<string>>) => void) => {
  const lines = fs.readFileSync(file, "utf8").split("\n")
  const trailing = lines[lines.length - 1] === ""
  const header = lines[0]!.split(",")
  const rows = lines.slice(1, trailing ? -1 : undefined).map((l) => l.split(","))
  f(header, rows)
  fs.writeFileSync(
    file,
    [header.join(","), ...rows.map((r) => r.join(","))].join("\n") + (trailing ? "\n" : "")
  )
}

const col = (header: ReadonlyArray<string>, name: string): number => {
  const i = header.indexOf(name)
  if (i < 0) throw new Error(`no column ${name} in ${header.join(",")}`)
  return i
}

const cents = (text: string): number => Math.round(Number(text) * 100)
const money = (c: number): string =>
  `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`

/**
 * The contract checks that fail. Every mutation also changes a file listed in the manifest, which
 * the files check (M) reports as well (see ValidateDirectory.test.ts); these cases are about the
 * contract checks, so M is left out.
 */
const failedAfter = (dir: string) =>
  Effect.map(Validate.directory(dir, { hours: Generator.storeHours(BASE_CONFIG) }), (r) =>
    Report.failed(r).filter((id) => id !== "M")
  )

describe("mutations of a generated dataset, each reported by the expected check", () => {
  it.effect("the dataset as generated passes", () =>
    Effect.gen(function* () {
      expect(yield* failedAfter(yield* dataset())).toStrictEqual([])
    })
  )

  it.effect("the run summary counts lost sales: units asked of the stock, minus those sold", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      const lost = generated!.lostSales!
      expect(lost.requestedUnits).toBeGreaterThan(0)
      expect(lost.lostUnits).toBeGreaterThanOrEqual(0)
      expect(lost.share).toBeCloseTo(lost.lostUnits / lost.requestedUnits, 12)
      // in-store units sold are part of the units granted
      let sold = 0
      for (const day of ["2024-11-28", "2024-11-29", "2024-11-30"]) {
        const file = path.join(
          dir,
          "facts",
          "receipt_lines",
          `dt=${day}`,
          `receipt_lines_${day.replaceAll("-", "")}.csv`
        )
        edit(file, (h, rows) => {
          for (const r of rows) sold += Number(r[col(h, "Qty")])
        })
      }
      expect(sold).toBeGreaterThan(0)
      expect(lost.requestedUnits - lost.lostUnits).toBeGreaterThanOrEqual(sold)
    })
  )

  it.effect("a receipt total one cent off → I3", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      edit(csvOf(dir, "receipts"), (h, rows) => {
        const t = col(h, "Total")
        rows[0]![t] = money(cents(rows[0]![t]!) + 1)
      })
      expect(yield* failedAfter(dir)).toStrictEqual(["I3"])
    })
  )

  it.effect("a dropped receipt → I3 (orphaned lines) and I4 (unmatched SALE rows), as documented", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      edit(csvOf(dir, "receipts"), (_h, rows) => {
        rows.splice(1, 1)
      })
      expect(yield* failedAfter(dir)).toStrictEqual(["I3", "I4"])
    })
  )

  it.effect("a dropped truck status row → I5", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      edit(csvOf(dir, "truck_moves"), (h, rows) => {
        const s = col(h, "Status")
        const i = rows.findIndex((r) => r[s] === "IN_TRANSIT")
        expect(i).toBeGreaterThanOrEqual(0)
        rows.splice(i, 1)
      })
      expect(yield* failedAfter(dir)).toStrictEqual(["I5"])
    })
  )

  it.effect("negative stock (an extra SALE row) → I4", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      edit(csvOf(dir, "store_inventory_txn"), (h, rows) => {
        const reason = col(h, "Reason")
        const sale = rows.find((r) => r[reason] === "SALE")!
        const extra = [...sale]
        extra[col(h, "QtyDelta")] = "-1000000"
        rows.splice(rows.indexOf(sale) + 1, 0, extra)
      })
      expect(yield* failedAfter(dir)).toStrictEqual(["I4"])
    })
  )

  it.effect("a duplicated ReceiptId → I2", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      edit(csvOf(dir, "receipts"), (_h, rows) => {
        // the first receipt written twice (same id, same lines)
        rows.splice(1, 0, [...rows[0]!])
      })
      expect(yield* failedAfter(dir)).toStrictEqual(["I2"])
    })
  )

  it.effect(
    "a receipt moved outside its store's opening hours → I5 (and I7: no entrances in a closed hour)",
    () =>
      Effect.gen(function* () {
        const dir = yield* dataset()
        let moved = ""
        // a store that is not open around the clock (Black Friday: from 05:00 at the latest)
        let night = new Set<string>()
        edit(path.join(dir, "master", "stores.csv"), (h, rows) => {
          const open = col(h, "OpenHour")
          const close = col(h, "CloseHour")
          night = new Set(rows.filter((r) => Number(r[open]) >= 3 && Number(r[close]) < 24).map((r) => r[0]!))
        })
        expect(night.size).toBeGreaterThan(0)
        edit(csvOf(dir, "receipts"), (h, rows) => {
          const row = rows.find((r) => night.has(r[col(h, "StoreID")]!))!
          moved = row[col(h, "ReceiptId")]!
          row[col(h, "EventTS")] = "2024-11-29 02:00:00"
          // keep the day's rows in time order
          rows.splice(rows.indexOf(row), 1)
          rows.unshift(row)
        })
        edit(csvOf(dir, "receipt_lines"), (h, rows) => {
          for (const r of rows)
            if (r[col(h, "ReceiptId")] === moved) r[col(h, "EventTS")] = "2024-11-29 02:00:00"
        })
        // I7 too, by nature: the sensors count no entrances while the store is closed
        expect(yield* failedAfter(dir)).toStrictEqual(["I5", "I7"])
      })
  )

  it.effect("two header columns swapped → format", () =>
    Effect.gen(function* () {
      const dir = yield* dataset()
      edit(csvOf(dir, "marketing"), (h) => {
        const a = col(h, "Channel")
        const b = col(h, "Device")
        ;[h[a], h[b]] = [h[b]!, h[a]!]
      })
      expect(yield* failedAfter(dir)).toStrictEqual(["F"])
    })
  )
})

describe("determinism of the full dataset", () => {
  it.effect(
    "two generate runs of the built-in plugins are byte-identical in every file; another seed differs",
    () =>
      Effect.gen(function* () {
        const input = {
          seed: 23,
          stores: 6,
          dcs: 3,
          customers: 800,
          products: 150,
          customersPerDay: 250,
          itemsPerTicket: 3.5,
          onlineOrdersPerDay: 25,
          impressionsPerDay: 300,
          anchor: "2024-11-27",
          offset: 0,
          days: 4
        } as unknown as RunInput
        const [a, b, c] = [freshDir(), freshDir(), freshDir()]
        yield* Generator.generate(configOf(input, a))
        yield* Generator.generate(configOf(input, b))
        yield* Generator.generate(configOf({ ...input, seed: 24 }, c))
        const files = [...tree(a).keys()]
        // every table of every day is there: 9 tables × 4 days, plus the 8 master tables
        expect(files.filter((f) => f.startsWith("facts/") && f.endsWith(".csv")).length).toBe(36)
        expect(files.filter((f) => f.startsWith("master/") && f.endsWith(".csv")).length).toBe(8)
        expectSameTree(a, b)
        // another seed: the same files, other bytes (fact tables and master data alike)
        const ta = tree(a)
        const tc = tree(c)
        expect([...tc.keys()].sort()).toStrictEqual([...ta.keys()].sort())
        const differing = [...ta.keys()].filter((k) => !ta.get(k)!.equals(tc.get(k)!))
        for (const table of TABLES) {
          expect(
            differing.some((k) => k.startsWith(`facts/${table}/`)),
            `${table} differs with another seed`
          ).toBe(true)
        }
        expect(differing).toContain("master/customers.csv")
      })
  )
})
