// Cost of the canonical order and of merging shards. Run after `pnpm build` (engine and sinks):
//   node bench/merge.bench.mjs [rows=1000000] [format=csv]
// 1. ownedSorted of 1M receipt-line-like rows in 3 interleaved batches, ties of ~12 and ~50 rows
//    per second: the whole call, the order alone, and the EventTS counting sort within it (the
//    order before ties were resolved);
// 2. Merge.run of a 3-shard dataset of `rows` rows (3 days): merged rows per second.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { Batch, Plugin, Table } from "@retail-datagen/core"
import { Effect } from "effect"
import { Merge, Pipeline } from "../dist/index.js"
import { canonicalOrder, ownedSorted, stableOrder } from "../dist/internal/rows.js"

const ROWS = Number(process.argv[2] ?? 1_000_000)
const FORMAT = process.argv[3] ?? "csv"
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
/** CPU milliseconds of this thread since `c0` (less sensitive than wall time to a loaded machine). */
const cpu = (c0) => {
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1000
}

const Lines = Table.make("lines", {
  TraceId: Table.id("TRC", 12),
  EventTS: Table.timestamp,
  StoreID: Table.int,
  ProductID: Table.int,
  Qty: Table.int,
  Price: Table.cents,
  Tender: Table.enumOf(["CASH", "CARD", "MOBILE"]),
  Note: Table.string
})

/** `n` rows over `seconds` seconds of one day, stores in 3 interleaved groups. */
const batches = (n, seconds) => {
  const bs = [Batch.builder(Lines), Batch.builder(Lines), Batch.builder(Lines)]
  let x = 12345
  const rnd = (k) => {
    x = (x * 1103515245 + 12345) % 2147483648
    return x % k
  }
  for (let i = 0; i < n; i++) {
    const store = rnd(1000)
    const b = bs[store % 3]
    b.num("TraceId").push(store * 1e9 + i)
    b.num("EventTS").push(1_700_000_000 + rnd(seconds))
    b.num("StoreID").push(store)
    b.num("ProductID").push(rnd(20000))
    b.num("Qty").push(1 + rnd(3))
    b.num("Price").push(rnd(5000))
    b.code("Tender").push(rnd(3))
    b.str("Note").push("")
  }
  return bs.map((b) => b.finish())
}

// 1. The order
for (const seconds of [86400, 20000]) {
  const parts = batches(1_000_000, seconds)
  const whole = Batch.concat(Lines, parts)
  let all = Infinity
  let order = Infinity
  let ts = Infinity
  for (let r = 0; r < 3; r++) {
    let c0 = process.cpuUsage()
    ownedSorted(Lines, parts)
    all = Math.min(all, cpu(c0))
    c0 = process.cpuUsage()
    canonicalOrder(Lines, whole.columns, whole.length)
    order = Math.min(order, cpu(c0))
    c0 = process.cpuUsage()
    stableOrder(whole.columns[1])
    ts = Math.min(ts, cpu(c0))
  }
  console.log(
    `1M rows, ~${(1_000_000 / seconds).toFixed(0)} rows per second (CPU ms): ownedSorted ${all.toFixed(0)} (concat + order + gather); order ${order.toFixed(0)}, of which the EventTS counting sort ${ts.toFixed(0)}`
  )
}

// 2. Merge
const STORES = 300
const perStoreDay = Math.ceil(ROWS / 3 / STORES)
const plugin = Plugin.make({
  name: "lines",
  tables: [Lines],
  dependsOn: [],
  init: () => Batch.builder(Lines),
  step: (b, ctx) => {
    b.reset()
    for (let s = 0; s < STORES; s++) {
      if (!Plugin.ownsRegion(ctx.shard, s)) continue
      const rng = ctx.rng("lines", s, ctx.day)
      let t = ctx.day * 86400 + 8 * 3600
      for (let k = 0; k < perStoreDay; k++) {
        t += rng.int(0, 1)
        b.num("TraceId").push(ctx.day * 1e7 + s * 1e4 + k)
        b.num("EventTS").push(t)
        b.num("StoreID").push(s)
        b.num("ProductID").push(rng.int(1, 20000))
        b.num("Qty").push(rng.int(1, 3))
        b.num("Price").push(rng.int(-100, 5000))
        b.code("Tender").push(rng.int(0, 2))
        b.str("Note").push(k % 7 === 0 ? 'a, "quoted" note' : "")
      }
    }
    return [b.finish()]
  }
})
const root = fs.mkdtempSync(path.join(os.tmpdir(), "merge-bench-"))
try {
  const start = 19783
  for (let index = 0; index < 3; index++) {
    await Effect.runPromise(
      Pipeline.run({
        plugins: [plugin],
        master: {},
        seed: 1,
        defaultStart: start,
        end: start + 2,
        root,
        format: FORMAT,
        configHash: "bench",
        toolVersion: "0",
        shard: { index, count: 3 }
      })
    )
  }
  const t0 = process.hrtime.bigint()
  const c0 = process.cpuUsage()
  const s = await Effect.runPromise(Merge.run({ root, tables: [Lines] }))
  const t = ms(t0) / 1000
  const c = cpu(c0) / 1000
  console.log(
    `Merge.run ${FORMAT}: ${s.totalRows} rows, ${(s.totalBytes / 1048576).toFixed(0)} MiB in ${s.files} files, 3 shards: ${t.toFixed(2)} s wall = ${Math.round(s.totalRows / t).toLocaleString("en")} rows/s; ${c.toFixed(2)} s CPU = ${Math.round(s.totalRows / c).toLocaleString("en")} rows per CPU-second`
  )
} finally {
  fs.rmSync(root, { recursive: true, force: true })
}
