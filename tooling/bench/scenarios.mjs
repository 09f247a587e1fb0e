/**
 * Scenario bench of the whole generator (issue 9): S, M, L in CSV and Parquet, each run in a fresh
 * child process (so peak RSS is per run), plus a CEILING run per scenario and format that only
 * encodes and writes rows of the same table shapes and the same rows per table-day with the
 * sinks' `Partition.writeFile` (synthetic values, no simulation), in its own child process.
 *
 *   pnpm bench                                    (builds, then S and M in CSV and Parquet)
 *   node tooling/bench/scenarios.mjs --scenarios S,M,L --formats csv
 *
 * Output: a table on stdout and every figure in bench-results/<timestamp>.json (git-ignored).
 * Not a test. Imports the BUILT packages (run `pnpm build` first).
 */
import { execFileSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import os from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, "../..")
const START = "2024-03-04"

/**
 * The scenarios. `customers_per_day` is chain-wide (DATA-CONTRACT §2); the other sizes are chosen
 * to scale with the stores: ~10 stores per DC, 2,000 customers per store, online orders 10 % of
 * in-store receipts, marketing impressions 5 per in-store receipt (the defaults' ratio; L is held
 * at the marketing plugin's maximum of 100,000 a day).
 */
const SCENARIOS = {
  S: {
    days: 30,
    volume: {
      stores: 10,
      dcs: 2,
      customers_per_day: 1_000,
      customers: 20_000,
      products: 5_000,
      geographies: 50,
      online_orders_per_day: 100,
      marketing_impressions_per_day: 5_000
    }
  },
  M: {
    days: 7,
    volume: {
      stores: 100,
      dcs: 10,
      customers_per_day: 10_000,
      customers: 200_000,
      products: 10_000,
      geographies: 100,
      online_orders_per_day: 1_000,
      marketing_impressions_per_day: 50_000
    }
  },
  L: {
    days: 1,
    volume: {
      stores: 1_000,
      dcs: 100,
      customers_per_day: 100_000,
      customers: 2_000_000,
      products: 20_000,
      geographies: 300, // the master data holds at most 327
      online_orders_per_day: 10_000,
      marketing_impressions_per_day: 100_000 // the marketing plugin's maximum
    }
  }
}
// Derived scenarios for the targets of issue 9: one year of S (< 10 s) and M over 28 days (peak
// RSS within 10 % of M's 7 days: memory flat in the number of days).
SCENARIOS.Y = { ...SCENARIOS.S, days: 366 }
SCENARIOS.M28 = { ...SCENARIOS.M, days: 28 }
const FORMATS = ["csv", "parquet"]

const endOf = (days) => {
  const d = new Date(`${START}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days - 1)
  return d.toISOString().slice(0, 10)
}

const peakRssBytes = () => {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"))
    if (m) return Number(m[1]) * 1024
  } catch {}
  return process.resourceUsage().maxRSS * 1024
}

// ---------------------------------------------------------------------------------------------
// Child: one generator run
// ---------------------------------------------------------------------------------------------

const childGenerate = async ({ scenario, format, root, workers }) => {
  const { Effect } = await import("effect")
  const { Config } = await import(`${root}/packages/config/dist/index.js`)
  const { Generator } = await import(`${root}/packages/generator/dist/index.js`)
  const s = SCENARIOS[scenario]
  const dir = mkdtempSync(join(os.tmpdir(), `bench-${scenario}-${format}-`))
  try {
    const config = Effect.runSync(
      Config.decode({
        seed: 42,
        volume: s.volume,
        dates: { start: START, end: endOf(s.days) },
        output: { format },
        paths: { master: join(dir, "master"), facts: join(dir, "facts") }
      })
    )
    const plugins = await Effect.runPromise(Generator.plugins(config))
    const shapes = {}
    for (const p of plugins) for (const t of p.tables) shapes[t.name] = t
    const files = [] // rows per table-day, for the ceiling run
    let factStart = 0
    let factCpu
    const cpuSeconds = (u) => (u.user + u.system) / 1e6
    const t0 = performance.now()
    const cpu0 = process.cpuUsage()
    const summary = await Effect.runPromise(
      Generator.generate(config, {
        ...(workers === undefined ? {} : { workers }),
        onEvent: (e) =>
          Effect.sync(() => {
            if (e._tag === "PipelineStarted") {
              factStart = performance.now()
              factCpu = process.cpuUsage()
            } else if (e._tag === "FileWritten") files.push({ table: e.table, day: e.day, rows: e.rows })
          })
      })
    )
    const t1 = performance.now()
    const factSeconds = (t1 - factStart) / 1000
    // CPU time of every thread of the process (workers included) ÷ wall time = cores kept busy.
    const factCores = cpuSeconds(process.cpuUsage(factCpu)) / factSeconds
    const totalCores = cpuSeconds(process.cpuUsage(cpu0)) / ((t1 - t0) / 1000)
    return {
      scenario,
      format,
      days: summary.days,
      volume: s.volume,
      masterSeconds: (factStart - t0) / 1000,
      masterRows: summary.master.tables.reduce((a, t) => a + t.rows, 0),
      masterBytes: summary.master.tables.reduce((a, t) => a + t.bytes, 0),
      factSeconds,
      totalSeconds: (t1 - t0) / 1000,
      factCores,
      totalCores,
      rows: summary.totalRecords,
      bytes: summary.totalBytes,
      files: summary.files,
      rowsPerSecond: summary.totalRecords / factSeconds,
      mbPerSecond: summary.totalBytes / 1e6 / factSeconds,
      tables: Object.fromEntries(
        Object.keys(summary.records).map((t) => [t, { rows: summary.records[t], bytes: summary.bytes[t] }])
      ),
      lostSales: summary.lostSales ?? null,
      peakRssBytes: peakRssBytes(),
      shapes: Object.values(shapes).filter((t) => summary.records[t.name] !== undefined),
      tableDays: files
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Child: the ceiling (encode + atomic write of synthetic rows of the same shapes and counts)
// ---------------------------------------------------------------------------------------------

const CHUNK = 65_536
/** Days committed together by the generator (its CHECKPOINT_DAYS). */
const CHECKPOINT_DAYS = 7

/** Synthetic batches of `rows` rows of `table` for `day`, CHUNK rows at a time (one reused buffer). */
function* synthetic(table, day, rows, Timestamp) {
  const cols = table.columns.map((c) => {
    const k = c.type.kind
    if (k === "bool" || k === "enum") return new Uint16Array(CHUNK)
    if (k === "string") return []
    return new Float64Array(CHUNK)
  })
  const pool = Array.from({ length: 97 }, (_, i) => `V${(i * 7919).toString(36).toUpperCase()}`)
  let x = (day * 2654435761) >>> 0 || 1
  for (let done = 0; done < rows; done += CHUNK) {
    const n = Math.min(CHUNK, rows - done)
    table.columns.forEach((c, j) => {
      const a = cols[j]
      const t = c.type
      for (let i = 0; i < n; i++) {
        x ^= x << 13
        x ^= x >>> 17
        x ^= x << 5
        const r = x >>> 0
        const g = done + i
        switch (t.kind) {
          case "int":
            a[i] = 1 + (r % 10_000)
            break
          case "cents":
            a[i] = 100 + (r % 50_000)
            break
          case "float":
            a[i] = (r % 1_000_000) / 10 ** Math.min(t.decimals, 6)
            break
          case "timestamp":
            a[i] = Timestamp.make(day, 28_800 + Math.floor((g / rows) * 50_000))
            break
          case "date":
            a[i] = day
            break
          case "id":
            a[i] = day * 1e7 + g
            break
          case "bool":
            a[i] = r & 1
            break
          case "enum":
            a[i] = r % t.values.length
            break
          case "string":
            a[i] = pool[r % pool.length]
            break
        }
      }
      if (t.kind === "string") a.length = n
    })
    yield {
      table,
      length: n,
      columns: cols.map((a) => (Array.isArray(a) ? a : a.subarray(0, n)))
    }
  }
}

const childCeiling = async ({ scenario, format, shapes, tableDays }) => {
  const { Effect } = await import("effect")
  const { Timestamp } = await import("../../packages/core/dist/index.js")
  const { Layout, Partition } = await import("../../packages/sinks/dist/index.js")
  const dir = mkdtempSync(join(os.tmpdir(), `bench-ceiling-${scenario}-${format}-`))
  try {
    const byName = Object.fromEntries(shapes.map((t) => [t.name, t]))
    const tables = {}
    let rows = 0
    let bytes = 0
    // Like the pipeline (engine DEFAULT_CONCURRENCY) and the generator (a checkpoint every 7
    // days): days in order, a day's files staged 4 at a time, the staged files of 7 days
    // published together (fsynced several at once, renamed, one fsync per directory).
    const days = [...new Set(tableDays.map((f) => f.day))].sort((a, b) => a - b)
    const stage = ({ table, day, rows: n }) => {
      const shape = byName[table]
      return Partition.stageFile(
        Layout.factPath(dir, table, day, format),
        shape,
        synthetic(shape, day, n, Timestamp),
        format
      )
    }
    const count = (w) => {
      const e = (tables[w.table] ??= { rows: 0, bytes: 0 })
      e.rows += w.rows
      e.bytes += w.bytes
      rows += w.rows
      bytes += w.bytes
    }
    const t0 = performance.now()
    for (let k = 0; k < days.length; k += CHECKPOINT_DAYS) {
      const group = days.slice(k, k + CHECKPOINT_DAYS)
      const files = tableDays.filter((f) => group.includes(f.day))
      const staged = await Effect.runPromise(
        Effect.forEach(group, (day) =>
          Effect.forEach(
            files.filter((f) => f.day === day),
            stage,
            { concurrency: 4 }
          )
        )
      )
      const written = await Effect.runPromise(Partition.publish(staged.flat()))
      for (const [i, w] of written.entries()) count({ ...w, table: files[i].table })
    }
    const seconds = (performance.now() - t0) / 1000
    return {
      scenario,
      format,
      seconds,
      rows,
      bytes,
      files: tableDays.length,
      rowsPerSecond: rows / seconds,
      mbPerSecond: bytes / 1e6 / seconds,
      tables,
      peakRssBytes: peakRssBytes()
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------

const runChild = (kind, input, nodeArgs = []) => {
  const tmp = mkdtempSync(join(os.tmpdir(), "bench-io-"))
  try {
    const inPath = join(tmp, "in.json")
    const outPath = join(tmp, "out.json")
    writeFileSync(inPath, JSON.stringify(input))
    execFileSync(
      process.execPath,
      [...nodeArgs, fileURLToPath(import.meta.url), "--child", kind, inPath, outPath],
      {
        stdio: ["ignore", "inherit", "inherit"],
        maxBuffer: 1 << 26
      }
    )
    return JSON.parse(readFileSync(outPath, "utf8"))
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

const argOf = (name, fallback) => {
  const i = process.argv.indexOf(name)
  if (i < 0) return fallback
  return process.argv[i + 1].split(",").map((s) => s.trim())
}

/** The run with the median fact time. */
const median = (runs) => [...runs].sort((a, b) => a.factSeconds - b.factSeconds)[(runs.length - 1) >> 1]

const fmt = (n, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
const mb = (b) => fmt(b / 1e6, 1)

const main = () => {
  const scenarios = argOf("--scenarios", ["S", "M"]).map((s) => s.toUpperCase())
  const formats = argOf("--formats", FORMATS).map((f) => f.toLowerCase())
  const workersArg = argOf("--workers", undefined)?.[0]
  const workers = workersArg === undefined ? undefined : Number(workersArg)
  const repeat = Number(argOf("--repeat", ["1"])[0])
  if (!(Number.isInteger(repeat) && repeat >= 1)) throw new Error("--repeat: expected an integer ≥ 1")
  const baselineArg = argOf("--baseline", undefined)?.[0]
  const baseline = baselineArg === undefined ? undefined : resolve(baselineArg)
  const stamp = new Date().toISOString().replace(/[:.]/g, "-")
  const profileDir = process.argv.includes("--profile")
    ? join(ROOT, "bench-results", `profile-${stamp}`)
    : undefined
  const profileArgs = (name) =>
    profileDir === undefined
      ? []
      : ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`]
  for (const s of scenarios)
    if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s} (${Object.keys(SCENARIOS).join(", ")})`)
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1))
    throw new Error(`--workers: expected an integer ≥ 1, got ${workersArg}`)
  for (const f of formats) if (!FORMATS.includes(f)) throw new Error(`unknown format ${f} (csv, parquet)`)

  const machine = {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    loadAverageStart: os.loadavg()
  }
  console.log(
    `node ${machine.node}, ${machine.cores} cores (${machine.cpu}), load average ${machine.loadAverageStart.map((l) => l.toFixed(2)).join(" ")}`
  )
  for (const s of scenarios) {
    const v = SCENARIOS[s].volume
    console.log(
      `${s}: ${v.stores} stores, ${v.dcs} DCs, ${fmt(v.customers_per_day)} customers/day (chain-wide), ${fmt(v.customers)} customers, ${fmt(v.products)} products, ${v.geographies} geographies, ${fmt(v.online_orders_per_day)} online orders/day, ${fmt(v.marketing_impressions_per_day)} impressions/day; ${SCENARIOS[s].days} days from ${START}`
    )
  }

  const runs = []
  const failed = []
  for (const scenario of scenarios) {
    for (const format of formats) {
      process.stderr.write(`${scenario} ${format}: generator… `)
      let gen
      let base
      try {
        // With --repeat, the two trees alternate (A B A B …) so load changes hit both alike, and
        // the run with the median fact time of each is kept.
        const gens = []
        const bases = []
        for (let i = 0; i < repeat; i++) {
          gens.push(
            runChild(
              "generate",
              { scenario, format, root: ROOT, workers },
              profileArgs(`${scenario}-${format}-${i}`)
            )
          )
          if (baseline !== undefined) {
            bases.push(
              runChild(
                "generate",
                { scenario, format, root: baseline, workers },
                profileArgs(`${scenario}-${format}-baseline-${i}`)
              )
            )
          }
        }
        gen = median(gens)
        base = bases.length === 0 ? undefined : median(bases)
      } catch (e) {
        process.stderr.write(`failed (${e.message.split("\n")[0]})\n`)
        failed.push({ scenario, format, error: String(e.message) })
        continue
      }
      process.stderr.write(
        `${fmt(gen.factSeconds, 2)} s${base === undefined ? "" : `, baseline ${fmt(base.factSeconds, 2)} s`} (median of ${repeat}); ceiling… `
      )
      const ceiling = runChild("ceiling", { scenario, format, shapes: gen.shapes, tableDays: gen.tableDays })
      process.stderr.write(`${fmt(ceiling.seconds, 2)} s\n`)
      const { shapes: _s, tableDays: _d, ...generator } = gen
      const baselineGenerator =
        base === undefined ? undefined : (({ shapes: _bs, tableDays: _bd, ...g }) => g)(base)
      runs.push({
        scenario,
        format,
        cores: os.availableParallelism(),
        workers: workers ?? "default",
        generator,
        ...(baselineGenerator === undefined ? {} : { baseline: baselineGenerator }),
        ceiling,
        ratio: generator.rowsPerSecond / ceiling.rowsPerSecond
      })
    }
  }
  machine.loadAverageEnd = os.loadavg()

  console.log(
    "\n| scenario | format | cores | cores used | days | master s | total s | fact rows | fact MB | fact s | rows/s | MB/s | peak RSS MB | lost sales | ceiling rows/s | ceiling MB/s | gen/ceiling |"
  )
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
  const row = (label, r, g, c) =>
    `| ${label} | ${r.format} | ${r.cores} | ${g.factCores === undefined ? "–" : fmt(g.factCores, 2)} | ${g.days} | ${fmt(g.masterSeconds, 2)} | ${fmt(g.totalSeconds, 2)} | ${fmt(g.rows)} | ${mb(g.bytes)} | ${fmt(g.factSeconds, 2)} | ${fmt(g.rowsPerSecond)} | ${fmt(g.mbPerSecond, 1)} | ${mb(g.peakRssBytes)} | ${g.lostSales ? `${fmt(g.lostSales.share * 100, 1)} %` : "–"} | ${fmt(c.rowsPerSecond)} | ${fmt(c.mbPerSecond, 1)} | ${fmt(g.rowsPerSecond / c.rowsPerSecond, 2)} |`
  for (const r of runs) {
    if (r.baseline !== undefined) console.log(row(`${r.scenario} baseline`, r, r.baseline, r.ceiling))
    console.log(row(r.scenario, r, r.generator, r.ceiling))
  }
  if (baseline !== undefined) {
    console.log(`\nbaseline: ${baseline}`)
    for (const r of runs) {
      if (r.baseline === undefined) continue
      const b = r.baseline
      const g = r.generator
      console.log(
        `${r.scenario} ${r.format}: fact rows/s ×${fmt(g.rowsPerSecond / b.rowsPerSecond, 2)}, total s ${fmt(b.totalSeconds, 2)} → ${fmt(g.totalSeconds, 2)}, peak RSS ${mb(b.peakRssBytes)} → ${mb(g.peakRssBytes)} MB`
      )
    }
  }
  if (profileDir !== undefined) console.log(`\nCPU profiles (one per generator run): ${profileDir}`)
  for (const r of runs) {
    console.log(`\n${r.scenario} ${r.format} — rows / MB per table (generator; ceiling MB):`)
    for (const [t, e] of Object.entries(r.generator.tables).sort((a, b) => b[1].rows - a[1].rows)) {
      console.log(
        `  ${t.padEnd(22)} ${fmt(e.rows).padStart(12)} rows ${mb(e.bytes).padStart(9)} MB   ceiling ${mb(r.ceiling.tables[t]?.bytes ?? 0).padStart(9)} MB`
      )
    }
  }
  console.log(`\nload average at end ${machine.loadAverageEnd.map((l) => l.toFixed(2)).join(" ")}`)

  const outDir = join(ROOT, "bench-results")
  mkdirSync(outDir, { recursive: true })
  const file = join(outDir, `${stamp}.json`)
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), start: START, machine, scenarios: Object.fromEntries(scenarios.map((s) => [s, SCENARIOS[s]])), runs, failed }, null, 2)}\n`
  )
  console.log(`results: ${file}`)
  if (failed.length > 0) {
    console.log(
      `failed: ${failed.map((f) => `${f.scenario} ${f.format}`).join(", ")} (see the child's error above)`
    )
    process.exitCode = 1
  }
}

if (process.argv[2] === "--child") {
  const [, , , kind, inPath, outPath] = process.argv
  const input = JSON.parse(readFileSync(inPath, "utf8"))
  const result = kind === "generate" ? await childGenerate(input) : await childCeiling(input)
  writeFileSync(outPath, JSON.stringify(result))
} else {
  main()
}
