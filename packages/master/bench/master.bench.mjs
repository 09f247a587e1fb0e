// Master-data bench: 1,000,000 customers + 10,000 products + 1,000 stores + 50 DCs.
// Reports seconds and rows/s per table (generation), the streaming (`chunks`) and whole-table
// (`toBatch`) conversions, and peak RSS after each.
// Run after `pnpm build`: `pnpm bench` (or `node bench/master.bench.mjs [customers] [products] [stores] [dcs]`).
import { Master, MasterSpec } from "../dist/index.js"

const [customers = 1_000_000, products = 10_000, stores = 1_000, dcs = 50] = process.argv
  .slice(2)
  .map((x) => Number(x))

const spec = MasterSpec.make({ seed: 42, customers, products, stores, dcs, horizonDays: 365 })
// Process CPU seconds since `c0` (on a machine shared with other work it varies less than
// wall time; generation is single-threaded, so on an idle machine the two agree).
const cpuSince = (c0) => {
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1e6
}

const rows = []
let last = performance.now()
let lastCpu = process.cpuUsage()
const t0 = last
const cpu0 = lastCpu
const master = Master.generateMaster(spec, {
  onTable: (table, n) => {
    const now = performance.now()
    rows.push({ table, rows: n, seconds: (now - last) / 1000, cpu: cpuSince(lastCpu) })
    last = now
    lastCpu = process.cpuUsage()
  }
})
const generateSeconds = (performance.now() - t0) / 1000
const generateCpu = cpuSince(cpu0)

// Streaming conversion first (what the master files are written from), so the peak RSS it
// reports is not raised by the whole-table batches below.
const tc = performance.now()
const chunkCpu0 = process.cpuUsage()
let chunkRows = 0
for (const name of Master.TABLE_NAMES) for (const b of Master.chunks(master, name)) chunkRows += b.length
const chunkSeconds = (performance.now() - tc) / 1000
const chunkCpu = cpuSince(chunkCpu0)
const chunkRss = process.resourceUsage().maxRSS

const t1 = performance.now()
const batchCpu0 = process.cpuUsage()
let batchRows = 0
for (const name of Master.TABLE_NAMES) {
  const b = Master.toBatch(master, name)
  batchRows += b.length
}
const batchSeconds = (performance.now() - t1) / 1000
const batchCpu = cpuSince(batchCpu0)

const fmt = (x, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d })
console.log(
  `master bench: ${fmt(customers)} customers, ${fmt(products)} products, ${fmt(stores)} stores, ${fmt(dcs)} DCs (node ${process.version})`
)
console.log("table                          rows       seconds      rows/s   cpu seconds")
for (const r of rows) {
  console.log(
    `${r.table.padEnd(28)} ${fmt(r.rows).padStart(10)} ${fmt(r.seconds, 3).padStart(12)} ${fmt(r.rows / Math.max(r.seconds, 1e-6)).padStart(12)} ${fmt(r.cpu, 3).padStart(13)}`
  )
}
const total = rows.reduce((s, r) => s + r.rows, 0)
console.log(
  `${"generateMaster total".padEnd(28)} ${fmt(total).padStart(10)} ${fmt(generateSeconds, 3).padStart(12)} ${fmt(total / generateSeconds).padStart(12)} ${fmt(generateCpu, 3).padStart(13)}`
)
console.log(
  `${"chunks (all 8 tables)".padEnd(28)} ${fmt(chunkRows).padStart(10)} ${fmt(chunkSeconds, 3).padStart(12)} ${fmt(chunkRows / chunkSeconds).padStart(12)} ${fmt(chunkCpu, 3).padStart(13)}`
)
console.log(`peak RSS after generateMaster + chunks: ${fmt(chunkRss / 1024)} MiB`)
console.log(
  `${"toBatch (all 8 tables)".padEnd(28)} ${fmt(batchRows).padStart(10)} ${fmt(batchSeconds, 3).padStart(12)} ${fmt(batchRows / batchSeconds).padStart(12)} ${fmt(batchCpu, 3).padStart(13)}`
)
// maxRSS is the process's true peak resident set (kilobytes).
console.log(`peak RSS: ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`)
