// Throughput and peak memory of `Validate.directory` on a synthetic, consistent dataset, as CSV
// and as Parquet. Run after `pnpm build`:
//   node bench/validate.bench.mjs [days=6] [receiptsPerDay=20000] [csv|parquet|both=both]
// The dataset (50 stores, 2,000 products, ~4 lines per receipt, a SALE row per line, entrance
// counts per store-hour) is written as CSV to a temporary directory first; for Parquet each file
// is then converted by DuckDB with the types the sinks package writes (BIGINT, DECIMAL(18,2),
// TIMESTAMP, DATE, BOOLEAN, DOUBLE, VARCHAR; zstd) and the CSV removed. Only validation is timed.
// Peak memory is the max RSS of a child process that only validates. KEEP=1 keeps the dataset.
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const here = fileURLToPath(new URL(".", import.meta.url))

if (process.argv[2] === "--child") {
  const { Effect } = await import("effect")
  const { Validate, Report } = await import("../dist/index.js")
  const t0 = process.hrtime.bigint()
  const report = await Effect.runPromise(Validate.directory(process.argv[3]))
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  const maxRssMb = process.resourceUsage().maxRSS / 1024
  process.stdout.write(
    JSON.stringify({ ms, rows: report.rows, ok: Report.ok(report), maxRssMb, text: Report.text(report) })
  )
  process.exit(0)
}

const days = Number(process.argv[2] ?? 6)
const perDay = Number(process.argv[3] ?? 20000)
const formats = (process.argv[4] ?? "both") === "both" ? ["csv", "parquet"] : [process.argv[4]]
const STORES = 50
const PRODUCTS = 2000
const CUSTOMERS = 10000

let seed = 42
const rnd = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1))
const money = (c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, "0")}`
const two = (n) => String(n).padStart(2, "0")
const clock = (s) => `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`
const applyBps = (a, bps) => {
  const p = a * bps
  const q = Math.trunc(p / 10000)
  return p - q * 10000 >= 5000 ? q + 1 : q
}

const root = mkdtempSync(join(tmpdir(), "validate-bench-"))
const put = (rel, header, rows) => {
  mkdirSync(join(root, rel, ".."), { recursive: true })
  writeFileSync(join(root, rel), `${header}\n${rows.join("\n")}${rows.length ? "\n" : ""}`)
}

const t0 = Date.now()
put("master/geographies_master.csv", "ID,City,State,ZipCode,District,Region", ["1,Alpha,IL,60001,D1,Midwest"])
put("master/distribution_centers.csv", "ID,DCNumber,Address,GeographyID", ["1,DC001,x,1"])
put(
  "master/stores.csv",
  "ID,StoreNumber,Address,GeographyID,DCID,OpenHour,CloseHour,TaxRateBps,ReducedTaxRateBps",
  Array.from({ length: STORES }, (_, i) => `${i + 1},ST${i + 1},x,1,1,0,24,825,410`)
)
put("master/trucks.csv", "ID,LicensePlate,Refrigeration,DCID", ["1,PL1,false,1"])
put(
  "master/customers.csv",
  "ID,FirstName,LastName,Address,GeographyID,LoyaltyCard,Phone,BLEId,AdId",
  Array.from({ length: CUSTOMERS }, (_, i) => `${i + 1},F,L,x,1,,555-0100,BLE${i + 1},AD${i + 1}`)
)
const price = Array.from({ length: PRODUCTS }, () => int(100, 5000))
const taxed = Array.from({ length: PRODUCTS }, () => int(0, 1))
put(
  "master/products_master.csv",
  "ID,ProductName,Brand,Company,Department,Category,Subcategory,Cost,MSRP,SalePrice,RequiresRefrigeration,LaunchDate,Taxability",
  price.map(
    (p, i) =>
      `${i + 1},P,B,C,D,E,G,${money(Math.floor(p * 0.6))},${money(p)},${money(p)},false,2020-01-01,${taxed[i] ? "taxable" : "exempt_food"}`
  )
)
const snap = []
for (let s = 1; s <= STORES; s++)
  for (let p = 1; p <= PRODUCTS; p++) snap.push(`${s},${p},1000000,10,2024-01-01`)
put(
  "master/store_inventory_snapshots.csv",
  "StoreID,ProductID,CurrentQuantity,ReorderPoint,LastUpdated",
  snap
)
put("master/dc_inventory_snapshots.csv", "DCID,ProductID,CurrentQuantity,ReorderPoint,LastUpdated", [])

let rows = 0
let trace = 0
let rid = 0
for (let d = 0; d < days; d++) {
  const date = `2024-01-${two(d + 1)}`
  const receipts = []
  const lines = []
  const txn = []
  const perHour = new Int32Array(STORES * 24)
  const secs = Array.from({ length: perDay }, () => int(0, 86399)).sort((a, b) => a - b)
  for (const sec of secs) {
    const store = int(1, STORES)
    const ts = `${date} ${clock(sec)}`
    const t = `TRC${++trace}`
    const r = `RCP${++rid}`
    const n = int(1, 7)
    let sub = 0
    let base = 0
    for (let l = 1; l <= n; l++) {
      const p = int(1, PRODUCTS)
      const q = int(1, 3)
      const ext = price[p - 1] * q
      sub += ext
      if (taxed[p - 1]) base += ext
      lines.push(`${t},${ts},${r},${l},${p},${q},${money(price[p - 1])},${money(ext)},`)
      txn.push(`${t},${ts},${store},${p},${-q},SALE,CUSTOMER_PURCHASE`)
    }
    const tax = applyBps(base, 825)
    receipts.push(
      `${t},${ts},${store},${int(1, CUSTOMERS)},${r},${money(sub)},${money(tax)},${money(sub + tax)},CASH`
    )
    perHour[(store - 1) * 24 + Math.floor(sec / 3600)]++
  }
  const traffic = []
  for (let s = 1; s <= STORES; s++) {
    for (let h = 0; h < 24; h++) {
      traffic.push(
        `TRC${++trace},${date} ${two(h)}:00:00,${s},SENSOR_${s}_ENTRANCE,ENTRANCE,30.0,${perHour[(s - 1) * 24 + h] * 5}`
      )
    }
  }
  const part = (t) => `facts/${t}/dt=${date}/${t}_${date.replaceAll("-", "")}.csv`
  put(
    part("receipts"),
    "TraceId,EventTS,StoreID,CustomerID,ReceiptId,Subtotal,Tax,Total,TenderType",
    receipts
  )
  put(
    part("receipt_lines"),
    "TraceId,EventTS,ReceiptId,Line,ProductID,Qty,UnitPrice,ExtPrice,PromoCode",
    lines
  )
  put(part("store_inventory_txn"), "TraceId,EventTS,StoreID,ProductID,QtyDelta,Reason,Source", txn)
  put(part("foot_traffic"), "TraceId,EventTS,StoreID,SensorId,Zone,Dwell,Count", traffic)
  rows += receipts.length + lines.length + txn.length + traffic.length
}
const genS = (Date.now() - t0) / 1000

// the Parquet types of the sinks package, by column name (everything else VARCHAR)
const TYPES = {
  BIGINT:
    "ID GeographyID DCID OpenHour CloseHour TaxRateBps ReducedTaxRateBps StoreID CustomerID ProductID CurrentQuantity ReorderPoint Line Qty QtyDelta Count",
  "DECIMAL(18,2)": "Cost MSRP SalePrice Subtotal Tax Total UnitPrice ExtPrice",
  TIMESTAMP: "EventTS",
  DATE: "LaunchDate",
  BOOLEAN: "Refrigeration RequiresRefrigeration",
  DOUBLE: "Dwell"
}
const typeOf = new Map(Object.entries(TYPES).flatMap(([t, names]) => names.split(" ").map((n) => [n, t])))
const csvFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? csvFiles(join(dir, e.name)) : e.name.endsWith(".csv") ? [join(dir, e.name)] : []
  )
const bytesOf = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce(
    (n, e) => n + (e.isDirectory() ? bytesOf(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0
  )

const toParquet = async () => {
  const { DuckDBInstance } = await import("@duckdb/node-api")
  const db = await DuckDBInstance.create(":memory:")
  const c = await db.connect()
  for (const file of csvFiles(root)) {
    const header = (
      await c.runAndReadAll(
        `SELECT * FROM read_csv('${file}', header = true, all_varchar = true, hive_partitioning = false) LIMIT 0`
      )
    ).columnNames()
    const columns = header.map((n) => `'${n}': '${typeOf.get(n) ?? "VARCHAR"}'`).join(", ")
    const target = file.replace(/\.csv$/, ".parquet")
    await c.run(
      `COPY (SELECT * FROM read_csv('${file}', header = true, hive_partitioning = false, columns = {${columns}})) TO '${target}' (FORMAT parquet, COMPRESSION zstd)`
    )
    rmSync(file)
  }
  c.closeSync()
}

const validate = (format) => {
  const out = JSON.parse(
    execFileSync(process.execPath, [join(here, "validate.bench.mjs"), "--child", root], {
      maxBuffer: 1 << 26
    }).toString()
  )
  if (!out.ok) {
    console.error(out.text)
    process.exit(1)
  }
  return {
    bench: "validate.directory",
    format,
    days,
    receiptsPerDay: perDay,
    factRows: rows,
    datasetMb: +(bytesOf(root) / 1e6).toFixed(1),
    rowsRead: out.rows,
    seconds: +(out.ms / 1000).toFixed(2),
    secondsPerMillionRows: +(out.ms / 1000 / (out.rows / 1e6)).toFixed(2),
    rowsPerSecond: Math.round(out.rows / (out.ms / 1000)),
    peakRssMb: Math.round(out.maxRssMb)
  }
}

console.log(`dataset: ${rows.toLocaleString()} fact rows over ${days} days, written in ${genS.toFixed(1)} s`)
const results = []
for (const format of formats) {
  if (format === "parquet") {
    const t1 = Date.now()
    await toParquet()
    console.log(`converted to Parquet in ${((Date.now() - t1) / 1000).toFixed(1)} s`)
  }
  const result = validate(format)
  results.push(result)
  console.log(
    `validate ${format}: ${result.rowsRead.toLocaleString()} rows (${result.datasetMb} MB) in ${result.seconds} s,` +
      ` ${result.secondsPerMillionRows} s per million rows, ${result.rowsPerSecond.toLocaleString()} rows/s,` +
      ` peak RSS ${result.peakRssMb} MB`
  )
}
if (process.env.KEEP) console.log(root)
else rmSync(root, { recursive: true, force: true })
for (const r of results) console.log(JSON.stringify(r))
