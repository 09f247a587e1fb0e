// How to get a columnar batch into a Parquet file through DuckDB fastest: the figures behind
// the approach `Parquet` uses. Each approach writes the same 2,000,000-row receipts-like batch
// to a zstd Parquet file in a temporary directory; best of 3, approaches interleaved.
//
//   A  scan → table → COPY   (what Parquet does) a DuckDB table function fills 2048-row chunks
//                            from the typed arrays into a temp table; COPY writes typed casts
//   B  CSV → read_csv → COPY  Csv encodes a temp file; DuckDB parses it with typed columns
//   C  appender → table → COPY  data chunks filled the same way, appended with the Appender API
//   D  scan inside COPY       the table function feeds the COPY directly, no table
//
//   node bench/parquet-approaches.bench.mjs   (after `pnpm build`)
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { DuckDBDataChunk } from "@duckdb/node-api"
import { Batch, Calendar, Ids, Money, Table, Timestamp } from "@retail-datagen/core"
import { Effect } from "effect"
import { Csv, Parquet } from "../dist/index.js"
import * as Columns from "../dist/internal/Columns.js"
import * as Duck from "../dist/internal/Duck.js"
import { projection } from "../dist/internal/ParquetWriter.js"

const ROWS = Number(process.env.ROWS ?? 2_000_000)
const RUNS = Number(process.env.RUNS ?? 3)

const Receipts = Table.make("receipts", {
  TraceId: Table.id("TRC", 15),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  CustomerID: Table.int,
  ReceiptId: Table.id("RCP"),
  Subtotal: Table.cents,
  Tax: Table.cents,
  Total: Table.cents,
  TenderType: Table.enumOf(["CREDIT_CARD", "DEBIT_CARD", "CASH", "MOBILE_PAY"])
})

let state = 0x9e3779b9
const rand = (n) => {
  state ^= state << 13
  state ^= state >>> 17
  state ^= state << 5
  return (state >>> 0) % n
}
const day = Calendar.parse("2024-11-29")
const b = Batch.builder(Receipts, ROWS)
for (let i = 0; i < ROWS; i++) {
  const s = 1 + rand(250)
  const st = 300 + rand(25_000)
  const tx = Money.applyBps(st, 825)
  b.num("TraceId").push(Ids.append(Ids.append(day, s, 4), i % 1_000_000, 6))
  b.num("EventTS").push(Timestamp.make(day, 8 * 3600 + Math.floor((i / ROWS) * 14 * 3600)))
  b.num("StoreID").push(s)
  b.num("CustomerID").push(1 + rand(500_000))
  b.num("ReceiptId").push(Ids.append(Ids.append(day, s, 4), i % 1_000_000, 6))
  b.num("Subtotal").push(st)
  b.num("Tax").push(tx)
  b.num("Total").push(st + tx)
  b.code("TenderType").push(rand(4))
}
const batch = b.finish()

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sinks-pq-bench-"))
const out = path.join(dir, "out.parquet")
const copy = (from) =>
  `COPY (SELECT ${projection(Receipts)} FROM ${from}) TO ${Duck.literal(out)} (FORMAT parquet, COMPRESSION zstd)`
const rawColumns = Receipts.columns.map((c, i) => `${Duck.rawName(i)} ${Duck.rawType(c.type)}`).join(", ")

const csvType = (t) =>
  ({
    int: "BIGINT",
    cents: "DECIMAL(18,2)",
    float: "DOUBLE",
    timestamp: "TIMESTAMP",
    date: "DATE",
    bool: "BOOLEAN"
  })[t.kind] ?? "VARCHAR"

const approaches = {
  "A scan → table → COPY": async () => {
    await Effect.runPromise(Parquet.write(out, Receipts, [batch]))
  },
  "B CSV → read_csv → COPY": async (con) => {
    const csv = path.join(dir, "tmp.csv")
    const fd = fs.openSync(csv, "w")
    const enc = Csv.encoder(Receipts, { chunkSize: 4 << 20 })
    for (const chunk of enc.write(batch)) fs.writeSync(fd, chunk)
    fs.writeSync(fd, enc.end())
    fs.closeSync(fd)
    const columns = Receipts.columns.map((c) => `${Duck.literal(c.name)}: '${csvType(c.type)}'`).join(", ")
    await con.run(
      `COPY (SELECT * FROM read_csv(${Duck.literal(csv)}, header = true, delim = ',', quote = '"', escape = '"',
        nullstr = '', auto_detect = false, columns = {${columns}}, timestampformat = '%Y-%m-%d %H:%M:%S',
        dateformat = '%Y-%m-%d')) TO ${Duck.literal(out)} (FORMAT parquet, COMPRESSION zstd)`
    )
    fs.unlinkSync(csv)
  },
  "C appender → table → COPY": async (con) => {
    await con.run(`CREATE OR REPLACE TEMP TABLE raw (${rawColumns})`)
    const appender = await con.createAppender("raw")
    const types = Receipts.columns.map((c) => Duck.rawType(c.type))
    for (let from = 0; from < batch.length; from += 2048) {
      const n = Math.min(2048, batch.length - from)
      const chunk = DuckDBDataChunk.create(types, n)
      batch.columns.forEach((data, c) => {
        const v = chunk.getColumnVector(c)
        for (let r = 0; r < n; r++) v.setItem(r, data[from + r])
        v.flush()
      })
      appender.appendDataChunk(chunk)
    }
    appender.closeSync()
    await con.run(copy("raw"))
    await con.run("DROP TABLE raw")
  },
  "D scan inside COPY": async (con) => {
    const id = Duck.register({ table: Receipts, views: Columns.views(Receipts, batch), length: batch.length })
    try {
      await con.run(copy(`${Duck.SCAN}(${id})`))
    } finally {
      Duck.unregister(id)
    }
  }
}

try {
  const con = await Duck.connect()
  const best = Object.fromEntries(Object.keys(approaches).map((k) => [k, Number.POSITIVE_INFINITY]))
  const cpu = Object.fromEntries(Object.keys(approaches).map((k) => [k, Number.POSITIVE_INFINITY]))
  const sizes = {}
  console.log(`node ${process.version}, ${os.cpus().length} cpus, ${ROWS} rows, best of ${RUNS}`)
  for (let run = 0; run < RUNS; run++) {
    for (const [name, f] of Object.entries(approaches)) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      await f(con)
      const ms = performance.now() - t0
      const used = process.cpuUsage(c0)
      best[name] = Math.min(best[name], ms)
      cpu[name] = Math.min(cpu[name], (used.user + used.system) / 1000)
      sizes[name] = fs.statSync(out).size
      console.log(
        JSON.stringify({ run, name, ms: Math.round(ms), cpu: Math.round((used.user + used.system) / 1000) })
      )
    }
  }
  console.table(
    Object.entries(best).map(([name, ms]) => ({
      approach: name,
      ms: Math.round(ms),
      "Mrows/s": +(ROWS / ms / 1000).toFixed(2),
      "CPU ms": Math.round(cpu[name]),
      "file MB": +(sizes[name] / 1e6).toFixed(1)
    }))
  )
  con.closeSync()
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
