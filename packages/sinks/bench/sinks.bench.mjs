// Throughput of the sinks on 2,000,000-row receipts-like and receipt_lines-like batches:
// encode-only (bytes produced and discarded) and encode + atomic write (Partition.writeFile:
// temp file, sha256, fsync, rename) into a temporary directory. Best of 3 runs.
//
//   pnpm --filter @retail-datagen/sinks bench          (after `pnpm build`)
//   ROWS=500000 node bench/sinks.bench.mjs             (smaller run)
//   FORMATS=csv,ndjson RUNS=7 node bench/sinks.bench.mjs (some formats, more runs)
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Batch, Calendar, Ids, Money, Table, Timestamp } from "@retail-datagen/core"
import { Effect } from "effect"
import { Csv, Ndjson, Parquet, Partition } from "../dist/index.js"

const ROWS = Number(process.env.ROWS ?? 2_000_000)
const RUNS = Number(process.env.RUNS ?? 3)
const FORMATS = (process.env.FORMATS ?? "csv,ndjson,parquet").split(",")
const TENDERS = ["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"]

const Receipts = Table.make("receipts", {
  TraceId: Table.id("TRC", 15),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP"),
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(TENDERS)
})

const ReceiptLines = Table.make("receipt_lines", {
  TraceId: Table.id("TRC", 15),
  EventTS: Table.timestamp,
  ReceiptId: Table.id("RCP"),
  Line: Table.int,
  ProductID: Table.int,
  Qty: Table.int,
  UnitPrice: Table.cents,
  ExtPrice: Table.cents,
  PromoCode: Table.enumOf(["SPRING10", "BOGO", "LOYALTY5"])
})

/** A small deterministic generator (xorshift) so the data looks varied but is reproducible. */
let state = 0x9e3779b9
const rand = (n) => {
  state ^= state << 13
  state ^= state >>> 17
  state ^= state << 5
  return (state >>> 0) % n
}

const day = Calendar.parse("2024-11-29")

const receipts = (rows) => {
  const b = Batch.builder(Receipts, rows)
  const [trace, ts, store, customer, receipt, sub, tax, total, tender] = [
    b.num("TraceId"),
    b.num("EventTS"),
    b.num("StoreID"),
    b.num("CustomerID"),
    b.num("ReceiptId"),
    b.num("Subtotal"),
    b.num("Tax"),
    b.num("Total"),
    b.code("TenderType")
  ]
  for (let i = 0; i < rows; i++) {
    const s = 1 + rand(250)
    const st = 300 + rand(25_000)
    const tx = Money.applyBps(st, 825)
    trace.push(Ids.append(Ids.append(day, s, 4), i % 1_000_000, 6))
    ts.push(Timestamp.make(day, 8 * 3600 + Math.floor((i / rows) * 14 * 3600)))
    store.push(s)
    customer.push(1 + rand(500_000))
    receipt.push(Ids.append(Ids.append(day, s, 4), i % 1_000_000, 6))
    sub.push(st)
    tax.push(tx)
    total.push(st + tx)
    tender.push(rand(10) < 4 ? 0 : rand(3) + 1)
  }
  return b.finish()
}

const lines = (rows) => {
  const b = Batch.builder(ReceiptLines, rows)
  const [trace, ts, receipt, line, product, qty, unit, ext, promo] = [
    b.num("TraceId"),
    b.num("EventTS"),
    b.num("ReceiptId"),
    b.num("Line"),
    b.num("ProductID"),
    b.num("Qty"),
    b.num("UnitPrice"),
    b.num("ExtPrice"),
    b.code("PromoCode")
  ]
  let r = 0
  let n = 0
  for (let i = 0; i < rows; i++) {
    if (n === 0) {
      r++
      n = 1 + rand(8)
    }
    const s = 1 + (r % 250)
    const q = 1 + rand(4)
    const p = 99 + rand(5000)
    trace.push(Ids.append(Ids.append(day, s, 4), r % 1_000_000, 6))
    ts.push(Timestamp.make(day, 8 * 3600 + Math.floor((i / rows) * 14 * 3600)))
    receipt.push(Ids.append(Ids.append(day, s, 4), r % 1_000_000, 6))
    line.push(9 - n)
    product.push(1 + rand(20_000))
    qty.push(q)
    unit.push(p)
    ext.push(p * q)
    promo.push(rand(100) < 15 ? rand(3) : Table.NULL_CODE)
    n--
  }
  return b.finish()
}

const best = async (f) => {
  let min = Number.POSITIVE_INFINITY
  let cpu = Number.POSITIVE_INFINITY
  let bytes = 0
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    bytes = await f()
    min = Math.min(min, performance.now() - t0)
    const c = process.cpuUsage(c0)
    cpu = Math.min(cpu, (c.user + c.system) / 1000)
  }
  return { ms: min, cpu, bytes }
}

const encodeOnly = (mod, table, batch) => () => {
  const enc = mod.encoder(table)
  let bytes = 0
  for (const chunk of enc.write(batch)) bytes += chunk.length
  return bytes + enc.end().length
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sinks-bench-"))
const results = []
const report = (table, format, mode, { ms, cpu, bytes }) => {
  const row = {
    table,
    format,
    mode,
    ms: Math.round(ms),
    // CPU of the whole process (DuckDB's threads included): on a machine shared with other
    // work it varies less than wall time; for the single-threaded CSV/NDJSON encoding it is
    // what the wall time would be on an idle machine.
    "cpu ms": Math.round(cpu),
    "Mrows/s": +(ROWS / ms / 1000).toFixed(2),
    "MB/s": bytes === null ? "-" : +(bytes / ms / 1000).toFixed(0),
    MB: bytes === null ? "-" : +(bytes / 1e6).toFixed(1)
  }
  results.push(row)
  console.log(JSON.stringify(row))
}

try {
  console.log(
    `node ${process.version}, ${os.cpus().length} cpus, ${ROWS} rows, best of ${RUNS}; building batches…`
  )
  for (const [table, batch] of [
    [Receipts, receipts(ROWS)],
    [ReceiptLines, lines(ROWS)]
  ]) {
    const name = table.name
    if (FORMATS.includes("csv")) report(name, "csv", "encode", await best(encodeOnly(Csv, table, batch)))
    if (FORMATS.includes("ndjson"))
      report(name, "ndjson", "encode", await best(encodeOnly(Ndjson, table, batch)))
    // Parquet has no separate encoding step: stage in DuckDB and COPY with zstd to /dev/null.
    if (FORMATS.includes("parquet"))
      report(
        name,
        "parquet",
        "encode",
        await best(async () => {
          await Effect.runPromise(Parquet.write("/dev/null", table, [batch]))
          return null
        })
      )
    for (const format of FORMATS) {
      const file = path.join(dir, `${name}.${format}`)
      report(
        name,
        format,
        "write",
        await best(
          async () => (await Effect.runPromise(Partition.writeFile(file, table, [batch], format))).bytes
        )
      )
    }
  }
  console.table(results)
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
