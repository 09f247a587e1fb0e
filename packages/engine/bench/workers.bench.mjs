// Worker threads: what moving a day's rows to the main thread costs, and the speed-up of a
// CPU-heavy plugin. Run after `pnpm build`:  node bench/workers.bench.mjs
// 1. transfer overhead: one plugin making 1,000,000 rows a day (EventTS, 6 numbers, an enum, and
//    optionally a string column) through Run.run in process vs Workers.run on 1 worker thread; both
//    end with the day's owned batch in the canonical order on the main thread (in process: the
//    pipeline's `ownedSorted`; workers: sorted in the worker, merged on the main thread), so the
//    difference is the worker's cost: posting (typed arrays moved, strings cloned) and the thread's start.
// 2. speed-up: a plugin doing ~2 µs of arithmetic per row, in process vs 2 worker threads.
// This file is also the setup module of the workers (`setup` below; the bench runs only when run as a script).
import { pathToFileURL } from "node:url"
import { Batch, Plugin, Rng, Table, Timestamp } from "@retail-datagen/core"

const REGIONS = 64
const Facts = Table.make("facts", {
  EventTS: Table.timestamp,
  Region: Table.int,
  Store: Table.int,
  Product: Table.int,
  Qty: Table.int,
  Price: Table.cents,
  Total: Table.cents,
  Kind: Table.enumOf(["SALE", "RETURN", "VOID"])
})
const FactsWithText = Table.make("facts", {
  ...Object.fromEntries(Facts.columns.map((c) => [c.name, c.type])),
  Note: Table.string
})

const facts = ({ rows, work, text }) => {
  const table = text ? FactsWithText : Facts
  return Plugin.make({
    name: "facts",
    tables: [table],
    dependsOn: [],
    init: () => Batch.builder(table, rows),
    step: (b, ctx) => {
      b.reset()
      const ts = b.num("EventTS")
      const region = b.num("Region")
      const store = b.num("Store")
      const product = b.num("Product")
      const qty = b.num("Qty")
      const price = b.num("Price")
      const total = b.num("Total")
      const kind = b.code("Kind")
      const note = text ? b.str("Note") : undefined
      const per = Math.floor(rows / REGIONS)
      for (let r = 0; r < REGIONS; r++) {
        if (!Plugin.ownsRegion(ctx.shard, r)) continue
        const rng = ctx.rng(r, ctx.day)
        let sec = 8 * 3600
        for (let i = 0; i < per; i++) {
          let acc = i
          for (let k = 0; k < work; k++) acc = (acc * 1103515245 + 12345) % 2147483648
          sec += rng.int(0, 1)
          const q = rng.int(1, 4)
          const p = rng.int(99, 9999)
          ts.push(Timestamp.make(ctx.day, Math.min(sec, 86399)))
          region.push(r)
          store.push(r * 100 + rng.int(0, 9))
          product.push(rng.int(1, 20000) + (acc % 2))
          qty.push(q)
          price.push(p)
          total.push(p * q)
          kind.push(rng.int(0, 2))
          note?.push(i % 10 === 0 ? `promo ${r}-${i % 7}` : "")
        }
      }
      return [b.finish()]
    }
  })
}

/** The workers' setup module. */
export const setup = (input) => ({ plugins: [facts(input)] })

const main = async () => {
  const { Effect } = await import("effect")
  const { Run, Workers } = await import("../dist/index.js")
  // The pipeline's per-batch work, in process: an owned, sorted copy of the day's batch.
  const { ownedSorted } = await import("../dist/internal/rows.js")
  const module = new URL(import.meta.url).href
  const DAYS = 3
  // Wall seconds and CPU seconds of the whole process (all threads).
  const time = async (f) => {
    const t0 = process.hrtime.bigint()
    const c0 = process.cpuUsage()
    const rows = await f()
    const c = process.cpuUsage(c0)
    return { s: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6, rows }
  }
  const inProcess = (input) =>
    time(() =>
      Effect.runPromise(
        Run.run({
          plugins: [facts(input)],
          seed: 1,
          start: 0,
          end: DAYS - 1,
          onBatches: (_d, _p, batches) => Effect.sync(() => ownedSorted(batches[0].table, batches))
        })
      ).then((s) => s.totalRows)
    )
  const onWorkers = (input, count) =>
    time(() =>
      Effect.runPromise(
        Workers.run({
          count,
          setup: { module, input },
          seed: 1,
          start: 0,
          end: DAYS - 1
          // the batches arrive owned and in the canonical order (merged on the main thread): the
          // pipeline writes them as they are
        })
      ).then((s) => s.totalRows)
    )
  const best = async (f, reps = 3) => {
    let out
    for (let i = 0; i < reps; i++) {
      const r = await f()
      if (out === undefined || r.s < out.s) out = r
    }
    return out
  }
  const start = await best(() => onWorkers({ rows: REGIONS, work: 0, text: false }, 1))
  console.log(
    `thread start (setup module, plugins, ${DAYS} tiny days): ${(start.s * 1000).toFixed(0)} ms wall, ${(start.cpu * 1000).toFixed(0)} ms CPU`
  )
  for (const text of [false, true]) {
    const input = { rows: 1_000_000, work: 0, text }
    const a = await best(() => inProcess(input))
    const b = await best(() => onWorkers(input, 1))
    const m = a.rows / 1e6
    console.log(
      `transfer, ${text ? "with a string column" : "numbers only"}, ${a.rows} rows: in process ${a.s.toFixed(2)} s (CPU ${a.cpu.toFixed(2)} s), ` +
        `1 worker ${b.s.toFixed(2)} s (CPU ${b.cpu.toFixed(2)} s) → per 1M rows besides the thread start: ` +
        `${(((b.s - start.s - a.s) / m) * 1000).toFixed(0)} ms wall, ${(((b.cpu - start.cpu - a.cpu) / m) * 1000).toFixed(0)} ms CPU`
    )
  }
  // The main thread's share with W workers: merging their sorted runs of a day (1M rows).
  const { mergeSorted } = await import("../dist/internal/workerProtocol.js")
  for (const W of [2, 4]) {
    const runs = []
    for (let w = 0; w < W; w++) {
      const p = facts({ rows: 1_000_000, work: 0, text: true })
      const b = p.step(p.init({}), {
        day: 0,
        shard: { index: w, count: W },
        rng: (...keys) => Rng.make(1, "facts", ...keys),
        master: {}
      })
      runs.push(ownedSorted(b[0].table, b))
    }
    const t0 = process.hrtime.bigint()
    const merged = mergeSorted(runs[0].table, runs)
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    const t1 = process.hrtime.bigint()
    ownedSorted(runs[0].table, runs)
    const sortMs = Number(process.hrtime.bigint() - t1) / 1e6
    console.log(
      `main thread, ${W} workers' runs of a day (${merged.length} rows, with a string column): merge ${ms.toFixed(0)} ms, vs a full ownedSorted ${sortMs.toFixed(0)} ms`
    )
  }
  const heavy = { rows: 200_000, work: 300, text: false }
  const a = await best(() => inProcess(heavy), 2)
  const b = await best(() => onWorkers(heavy, 2), 2)
  console.log(
    `CPU-heavy (${heavy.rows} rows/day × ${DAYS} days): in process ${a.s.toFixed(2)} s (CPU ${a.cpu.toFixed(2)} s), ` +
      `2 workers ${b.s.toFixed(2)} s (CPU ${b.cpu.toFixed(2)} s) → speed-up ×${(a.s / b.s).toFixed(2)}`
  )
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main()
