// Peak memory of `Validate.directory` against the size of one Parquet file. Run after `pnpm build`:
//   node bench/parquet-memory.bench.mjs [millionsOfRows=1,4,16]
// For each size, DuckDB writes a dataset whose one fact partition is a single foot_traffic
// Parquet file of that many rows (50 stores, one day; the same file as CSV for comparison),
// with dimension tables of 50 stores. The checks keep O(stores × hours) state for this table, so
// what grows with the file is only what the reader holds. Two variants: SensorId `SENSOR_<n>`
// (every cell decoded to a number inside DuckDB: JS allocates almost nothing per row, the worst
// case for native chunk memory awaiting V8's collection) and `SENSOR_<n>_ENTRANCE` (a JS string
// per row). Each validation runs in a child process; peak memory is its max RSS.
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
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
  process.stdout.write(
    JSON.stringify({
      ms,
      rows: report.rows,
      ok: Report.ok(report),
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      text: Report.text(report)
    })
  )
  process.exit(0)
}

const sizes = (process.argv[2] ?? "1,4,16").split(",").map(Number)
const { DuckDBInstance } = await import("@duckdb/node-api")
const db = await DuckDBInstance.create(":memory:")
const c = await db.connect()

const dataset = async (millions, format, suffix) => {
  const root = mkdtempSync(join(tmpdir(), "validate-memory-"))
  mkdirSync(join(root, "master"))
  writeFileSync(
    join(root, "master/geographies_master.csv"),
    "ID,City,State,ZipCode,District,Region\n1,A,IL,1,D,R\n"
  )
  writeFileSync(join(root, "master/distribution_centers.csv"), "ID,DCNumber,Address,GeographyID\n1,DC1,x,1\n")
  writeFileSync(
    join(root, "master/stores.csv"),
    `ID,StoreNumber,Address,GeographyID,DCID,OpenHour,CloseHour\n${Array.from(
      { length: 50 },
      (_, i) => `${i + 1},ST${i + 1},x,1,1,0,24\n`
    ).join("")}`
  )
  const dir = join(root, "facts/foot_traffic/dt=2024-01-01")
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `foot_traffic_20240101.${format}`)
  const n = Math.round(millions * 1e6)
  await c.run(
    `COPY (SELECT 'TRC' || i AS TraceId,
            TIMESTAMP '2024-01-01' + to_seconds(CAST(i * 86400 // ${n} AS BIGINT)) AS EventTS,
            CAST(i % 50 + 1 AS BIGINT) AS StoreID, 'SENSOR_' || (i % 50 + 1) || '${suffix}' AS SensorId,
            'ENTRANCE' AS Zone, CAST(30.5 AS DOUBLE) AS Dwell, CAST(1 AS BIGINT) AS Count
          FROM range(${n}) t(i))
     TO '${file}' (${format === "csv" ? "FORMAT csv, HEADER true" : "FORMAT parquet, COMPRESSION zstd"})`
  )
  return { root, mb: statSync(file).size / 1e6 }
}

const results = []
for (const suffix of ["", "_ENTRANCE"])
  for (const millions of sizes) {
    for (const format of ["csv", "parquet"]) {
      const { root, mb } = await dataset(millions, format, suffix)
      const out = JSON.parse(
        execFileSync(process.execPath, [join(here, "parquet-memory.bench.mjs"), "--child", root], {
          maxBuffer: 1 << 26
        }).toString()
      )
      rmSync(root, { recursive: true, force: true })
      if (!out.ok) {
        console.error(out.text)
        process.exit(1)
      }
      const r = {
        bench: "validate.memory",
        sensorId: `SENSOR_<n>${suffix}`,
        format,
        fileRows: Math.round(millions * 1e6),
        fileMb: +mb.toFixed(1),
        seconds: +(out.ms / 1000).toFixed(2),
        peakRssMb: Math.round(out.maxRssMb)
      }
      results.push(r)
      console.log(
        `${r.sensorId.padEnd(22)} ${format.padEnd(7)} ${r.fileRows.toLocaleString().padStart(12)} rows in one file (${r.fileMb} MB): ` +
          `${r.seconds} s, peak RSS ${r.peakRssMb} MB`
      )
    }
  }
c.closeSync()
for (const r of results) console.log(JSON.stringify(r))
