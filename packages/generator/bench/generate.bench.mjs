/**
 * Bench of a whole run through the library (`Generator.generate` over dist): master data, then N
 * days of facts, in CSV and in Parquet, into a temporary directory.
 *
 * Scenario A — the built-in plugin families (whatever `@retail-datagen/customers` provides):
 *   100 stores, 10 DCs, 100,000 customers, 10,000 products, 20,000 receipts/day, 2,000 online
 *   orders/day, 7 days from 2024-03-04.
 * Scenario B — the pipeline alone: one synthetic receipts-like table (9 columns: ids, timestamp,
 *   money, enum) with 250,000 rows/day for 7 days, rows generated per store in time order (so the
 *   pipeline's sort by EventTS does real work), to measure sort + encode + write + commit.
 *
 * Reported: master seconds; fact rows, bytes, seconds, rows/s and MB/s (MB = 10^6 bytes) of the
 * fact phase. Usage: `node bench/generate.bench.mjs [days]`.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Config } from "@retail-datagen/config"
import { Batch, Plugin, Table, Timestamp } from "@retail-datagen/core"
import { Effect } from "effect"
import { Generator } from "../dist/index.js"

const days = Number(process.argv[2] ?? 7)
const start = "2024-03-04"
const end = (() => {
  const d = new Date(`${start}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days - 1)
  return d.toISOString().slice(0, 10)
})()

const configOf = (dir, format, volume) =>
  Effect.runSync(
    Config.decode({
      seed: 42,
      volume,
      dates: { start, end },
      output: { format },
      paths: { master: join(dir, "master"), facts: join(dir, "facts") }
    })
  )

const A = {
  stores: 100,
  dcs: 10,
  customers: 100_000,
  products: 10_000,
  geographies: 100,
  customers_per_day: 20_000,
  items_per_ticket_mean: 4.2,
  online_orders_per_day: 2_000
}
const B = { stores: 100, dcs: 10, customers: 10_000, products: 1_000, geographies: 50 }

// Scenario B's plugin: 2,500 rows per store and day, each store in time order.
const Sales = Table.make("bench_sales", {
  TraceId: Table.id("TRC", 15),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP", 14),
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"])
})
const PER_STORE = 2_500
const synthetic = Plugin.make({
  name: "bench_sales",
  tables: [Sales],
  dependsOn: [],
  init: () => Batch.builder(Sales, 1 << 18),
  step: (b, ctx) => {
    b.reset()
    const [trace, ts, store, customer, receipt, sub, tax, total] = [
      "TraceId",
      "EventTS",
      "StoreID",
      "CustomerID",
      "ReceiptId",
      "Subtotal",
      "Tax",
      "Total"
    ].map((c) => b.num(c))
    const tender = b.code("TenderType")
    const stores = ctx.master.stores.length
    const customers = ctx.master.customers.length
    for (let s = 1; s <= stores; s++) {
      if (!Plugin.ownsRegion(ctx.shard, ctx.master.stores.dcId[s - 1] - 1)) continue
      const rng = ctx.rng("sales", s, ctx.day)
      let second = 8 * 3600
      for (let k = 0; k < PER_STORE; k++) {
        second += rng.int(0, 20)
        const subtotal = rng.int(100, 20_000)
        const t = Math.round(subtotal * 0.08)
        trace.push(((ctx.day % 100000) * 1e4 + s) * 1e5 + k)
        ts.push(Timestamp.make(ctx.day, Math.min(second, 86399)))
        store.push(s)
        customer.push(rng.int(1, customers))
        receipt.push(((ctx.day % 100000) * 1e4 + s) * 1e5 + k)
        sub.push(subtotal)
        tax.push(t)
        total.push(subtotal + t)
        tender.push(rng.int(0, 3))
      }
    }
    return [b.finish()]
  }
})

const measure = async (label, volume, format, plugins) => {
  const dir = mkdtempSync(join(tmpdir(), "generator-bench-"))
  try {
    const config = configOf(dir, format, volume)
    let masterSeconds = 0
    const t0 = performance.now()
    const summary = await Effect.runPromise(
      Generator.generate(config, {
        ...(plugins === undefined ? {} : { plugins }),
        onEvent: (e) =>
          Effect.sync(() => {
            if (e._tag === "PipelineStarted") masterSeconds = (performance.now() - t0) / 1000
          })
      })
    )
    const total = (performance.now() - t0) / 1000
    const factSeconds = total - masterSeconds
    return {
      scenario: label,
      format,
      days: summary.days,
      masterSeconds,
      rows: summary.totalRecords,
      bytes: summary.totalBytes,
      factSeconds,
      rowsPerSecond: summary.totalRecords / factSeconds,
      mbPerSecond: summary.totalBytes / 1e6 / factSeconds,
      tables: summary.records
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })

const rows = []
const builtIn = await Effect.runPromise(Generator.plugins(configOf(tmpdir(), "csv", A)))
const hasFacts = builtIn.some((p) => p.tables.length > 0)
for (const format of ["csv", "parquet"]) {
  if (hasFacts) rows.push(await measure("A built-in plugins", A, format, undefined))
  rows.push(await measure("B pipeline (synthetic)", B, format, [synthetic]))
}
if (!hasFacts) console.log("scenario A skipped: no built-in fact plugins are registered yet")

console.log(`node ${process.version}, ${days} days (${start} … ${end})\n`)
console.log(
  "| scenario | format | master s | fact rows | fact MB | fact s | rows/s | MB/s |\n|---|---|---|---|---|---|---|---|"
)
for (const r of rows) {
  console.log(
    `| ${r.scenario} | ${r.format} | ${fmt(r.masterSeconds, 2)} | ${fmt(r.rows)} | ${fmt(r.bytes / 1e6, 1)} | ${fmt(r.factSeconds, 2)} | ${fmt(r.rowsPerSecond)} | ${fmt(r.mbPerSecond, 1)} |`
  )
}
for (const r of rows.filter((x) => x.scenario.startsWith("A"))) {
  console.log(
    `\n${r.scenario}, ${r.format}: ${Object.entries(r.tables)
      .map(([t, n]) => `${t} ${fmt(n)}`)
      .join(", ")}`
  )
}
