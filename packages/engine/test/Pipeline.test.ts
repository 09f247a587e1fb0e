import { createHash } from "node:crypto"
import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Calendar, type Plugin } from "@retail-datagen/core"
import { Effect, Exit, Fiber, Stream } from "effect"
import { afterAll } from "vitest"
import { Manifest, Pipeline } from "../src/index.js"
import * as F from "./fixtures/pipeline.js"

const root = fs.mkdtempSync(path.join(tmpdir(), "engine-pipeline-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = (): string => path.join(root, `run${n++}`)

const D1 = Calendar.parse("2024-03-01")
const day = (k: number) => D1 + k - 1

const base = (
  dir: string,
  overrides: Partial<Pipeline.Options<F.Master>> = {}
): Pipeline.Options<F.Master> => ({
  plugins: F.all,
  master: { stores: 6 },
  seed: 7,
  defaultStart: D1,
  end: day(4),
  root: dir,
  format: "csv",
  configHash: "hash-a",
  toolVersion: "1.0.0",
  ...overrides
})

/** Every file under `dir` (hidden ones included) → its bytes; empty when a run stopped before creating `dir`. */
const tree = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  if (!fs.existsSync(dir)) return out
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(path.relative(dir, p), fs.readFileSync(p))
    }
  }
  walk(dir)
  return out
}

const expectSameTree = (a: string, b: string) => {
  const ta = tree(a)
  const tb = tree(b)
  expect([...ta.keys()].sort()).toStrictEqual([...tb.keys()].sort())
  for (const [k, v] of ta) expect(v.equals(tb.get(k)!), k).toBe(true)
}

const lines = (file: string) => fs.readFileSync(file, "utf8").trimEnd().split("\n")

describe("Pipeline.run", () => {
  it.effect("writes one file per table per day, the manifest and the latest states", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const summary = yield* Pipeline.run(base(dir))
      expect(summary.days).toBe(4)
      expect(summary.files).toBe(12)
      expect(summary.tables).toStrictEqual(["sales", "audit", "quiet"])
      for (let k = 1; k <= 4; k++) {
        const d = day(k)
        for (const t of ["sales", "audit", "quiet"]) {
          const file = path.join(dir, t, `dt=${Calendar.format(d)}`, `${t}_${Calendar.compact(d)}.csv`)
          expect(fs.existsSync(file), file).toBe(true)
        }
      }
      // quiet: header only
      expect(fs.readFileSync(path.join(dir, "quiet/dt=2024-03-02/quiet_20240302.csv"), "utf8")).toBe(
        "EventTS,Value\n"
      )
      // sales: sorted by EventTS (stores interleave); audit counts the day's sales
      const sales2 = lines(path.join(dir, "sales/dt=2024-03-02/sales_20240302.csv"))
      expect(sales2[0]).toBe("TraceId,EventTS,StoreID,Amount,Tender,Note")
      const times = sales2.slice(1).map((l) => l.split(",")[1]!)
      expect(times).toStrictEqual([...times].sort())
      expect(new Set(sales2.slice(1).map((l) => l.split(",")[2])).size).toBeGreaterThan(1)
      const audit2 = lines(path.join(dir, "audit/dt=2024-03-02/audit_20240302.csv"))
      expect(audit2).toStrictEqual(["Day,Sales,Stores", `2024-03-02,${sales2.length - 1},6`])
      const m = (yield* Manifest.read(dir))!
      expect(m.lastDay).toBe("2024-03-04")
      expect(m.start).toBe("2024-03-01")
      expect(m.state).toBe("_state/20240304.json")
      expect(m.files).toHaveLength(12)
      for (const f of m.files) {
        const bytes = fs.readFileSync(path.join(dir, f.path))
        expect(f.bytes).toBe(bytes.length)
        expect(f.sha256).toBe(createHash("sha256").update(bytes).digest("hex"))
        expect(f.rows).toBe(bytes.toString("utf8").trimEnd().split("\n").length - 1)
      }
      expect(fs.readdirSync(path.join(dir, "_state"))).toStrictEqual(["20240304.json"])
      const totals = m.files.filter((f) => f.table === "sales").reduce((s, f) => s + f.rows, 0)
      expect(summary.rows.sales).toBe(totals)
      expect(summary.totalBytes).toBe(m.files.reduce((s, f) => s + f.bytes, 0))
    })
  )

  it.effect("days 1–2, then a continuation to day 5 without a start, equal one run 1–5 byte for byte", () =>
    Effect.gen(function* () {
      const whole = fresh()
      yield* Pipeline.run(base(whole, { end: day(5) }))
      const parts = fresh()
      const first = yield* Pipeline.run(base(parts, { end: day(2) }))
      expect(first.resumedAfter).toBeUndefined()
      // a later start in the config must not matter: the dataset continues
      const second = yield* Pipeline.run(base(parts, { defaultStart: day(9), end: day(5) }))
      expect(second.resumedAfter).toBe(day(2))
      expect(second.firstDay).toBe(day(3))
      expect(second.days).toBe(3)
      expectSameTree(whole, parts)
      // an explicit start of the day after the last one continues too
      const explicit = fresh()
      yield* Pipeline.run(base(explicit, { end: day(2) }))
      yield* Pipeline.run(base(explicit, { start: day(3), end: day(5) }))
      expectSameTree(whole, explicit)
    })
  )

  it.effect("a run over a dataset already complete through `end` changes nothing", () =>
    Effect.gen(function* () {
      const dir = fresh()
      yield* Pipeline.run(base(dir))
      const before = tree(dir)
      const again = yield* Pipeline.run(base(dir, { start: D1, end: day(3) }))
      expect(again.days).toBe(0)
      expect(again.files).toBe(0)
      const after = tree(dir)
      expect([...after.keys()].sort()).toStrictEqual([...before.keys()].sort())
      for (const [k, v] of before) expect(v.equals(after.get(k)!)).toBe(true)
    })
  )

  it.live("an interrupted run, rerun with the same options, ends byte-identical", () =>
    Effect.gen(function* () {
      const whole = fresh()
      yield* Pipeline.run(base(whole, { end: day(6) }))
      for (const stopAfter of [1, 2, 3, 5, 7, 11, 16]) {
        const dir = fresh()
        let files = 0
        const fiber = yield* Effect.fork(
          Pipeline.run(
            base(dir, {
              end: day(6),
              onEvent: (e) => (e._tag === "FileWritten" && ++files === stopAfter ? Effect.never : Effect.void)
            })
          )
        )
        yield* Effect.yieldNow()
        while (files < stopAfter) yield* Effect.sleep("1 millis")
        yield* Fiber.interrupt(fiber)
        const m = yield* Manifest.read(dir)
        expect(m?.files.length ?? 0).toBe(Math.floor((stopAfter - 1) / 3) * 3)
        // the unfinished day's committed files were taken back
        const visible = [...tree(dir).keys()].filter((k) => k.endsWith(".csv"))
        expect(visible.length).toBe(m?.files.length ?? 0)
        const rerun = yield* Pipeline.run(base(dir, { end: day(6) }))
        expect(rerun.resumedAfter).toBe(m === undefined ? undefined : Calendar.parse(m.lastDay))
        expectSameTree(whole, dir)
      }
    })
  )

  it.live(
    "checkpointEvery: days commit together; a run stopped between checkpoints redoes the days after the last one",
    () =>
      Effect.gen(function* () {
        const whole = fresh()
        yield* Pipeline.run(base(whole, { end: day(7) }))
        const grouped = fresh()
        const committed: Array<number> = []
        yield* Pipeline.run(
          base(grouped, {
            end: day(7),
            checkpointEvery: 3,
            onEvent: (e) => Effect.sync(() => e._tag === "DayCommitted" && committed.push(e.day - D1 + 1))
          })
        )
        expect(committed).toStrictEqual([1, 2, 3, 4, 5, 6, 7])
        expectSameTree(whole, grouped)
        // stopped once day 5 is generated: days 1–3 are committed, days 4–5 were never visible
        const dir = fresh()
        const stop = yield* Effect.flip(
          Pipeline.run({
            ...base(dir, { end: day(7), checkpointEvery: 3 }),
            onEvent: (e) =>
              e._tag === "DayDone" && e.day === day(5) ? Effect.fail("stop" as const) : Effect.void
          })
        )
        expect(stop).toBe("stop")
        expect((yield* Manifest.read(dir))!.lastDay).toBe(Calendar.format(day(3)))
        const left = [...tree(dir).keys()]
        expect(left.filter((k) => k.endsWith(".csv"))).toHaveLength(9)
        expect(left.filter((k) => k.includes(".tmp-"))).toStrictEqual([])
        const rerun = yield* Pipeline.run(base(dir, { end: day(7), checkpointEvery: 3 }))
        expect(rerun.resumedAfter).toBe(day(3))
        expectSameTree(whole, dir)
      })
  )

  it.effect("stale temporary files of a dead process, stray states and empty partitions are removed", () =>
    Effect.gen(function* () {
      const whole = fresh()
      yield* Pipeline.run(base(whole))
      const dir = fresh()
      yield* Pipeline.run(base(dir, { end: day(2) }))
      const part = path.join(dir, "sales", "dt=2024-03-03")
      fs.mkdirSync(part, { recursive: true })
      // pid 2^22 + 1 is above Linux's pid_max default range: no such process
      fs.writeFileSync(path.join(part, ".sales_20240303.csv.tmp-4194305-abcdef012345"), "partial")
      fs.writeFileSync(path.join(dir, "._manifest.json.tmp-4194305-0123456789ab"), "{")
      fs.mkdirSync(path.join(dir, "audit", "dt=2024-03-09"), { recursive: true })
      // states of a day before the manifest's (killed before deleting it) and after it (killed before the manifest)
      fs.writeFileSync(path.join(dir, "_state", "20240301.json"), "{}")
      fs.writeFileSync(path.join(dir, "_state", "20240303.json"), "{}")
      const events: Array<Pipeline.Event> = []
      yield* Pipeline.run(base(dir, { onEvent: (e) => Effect.sync(() => events.push(e)) }))
      const started = events.find((e) => e._tag === "PipelineStarted")
      expect(started?._tag === "PipelineStarted" && started.removedTemps).toBe(2)
      expectSameTree(whole, dir)
    })
  )

  it.effect("a manifest of another configuration fails with a message naming both; force starts over", () =>
    Effect.gen(function* () {
      const dir = fresh()
      yield* Pipeline.run(base(dir, { end: day(5) }))
      const before = tree(dir)
      const exit = yield* Effect.exit(Pipeline.run(base(dir, { configHash: "hash-b" })))
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) {
        const e = exit.cause._tag === "Fail" ? exit.cause.error : undefined
        expect(e?._tag).toBe("ManifestMismatch")
        expect(e?.message).toContain(dir)
        expect(e?.message).toContain("another configuration")
        expect(e?.message).toContain("--overwrite")
      }
      // nothing was touched
      expect(tree(dir).size).toBe(before.size)
      for (const [field, o] of [
        ["seed", { seed: 8 }],
        ["format", { format: "ndjson" as const }],
        ["toolVersion", { toolVersion: "2.0.0" }],
        ["tables", { plugins: [F.sales] }]
      ] as const) {
        const r = yield* Effect.flip(Pipeline.run(base(dir, o)))
        expect(r._tag === "ManifestMismatch" && r.field).toBe(field)
      }
      // force: a clean start with the new configuration; days 5 of the old run are gone
      const forced = yield* Pipeline.run(base(dir, { configHash: "hash-b", end: day(3), force: true }))
      expect(forced.resumedAfter).toBeUndefined()
      const expected = fresh()
      yield* Pipeline.run(base(expected, { configHash: "hash-b", end: day(3) }))
      expectSameTree(expected, dir)
    })
  )

  it.effect("a start that does not continue the dataset is a RangeConflict (force starts over)", () =>
    Effect.gen(function* () {
      const dir = fresh()
      yield* Pipeline.run(base(dir, { end: day(3) }))
      const gap = yield* Effect.flip(Pipeline.run(base(dir, { start: day(6), end: day(8) })))
      expect(gap._tag).toBe("RangeConflict")
      expect(gap.message).toBe(
        `the facts in ${dir} cover 2024-03-01 … 2024-03-03; a run starting 2024-03-06 cannot continue them (continue from 2024-03-04 by omitting the start day, or use --overwrite (option force) to discard them and start over)`
      )
      const overlap = yield* Effect.flip(Pipeline.run(base(dir, { start: day(2), end: day(8) })))
      expect(overlap._tag).toBe("RangeConflict")
      const forced = yield* Pipeline.run(base(dir, { start: day(6), end: day(7), force: true }))
      expect(forced.start).toBe(day(6))
      expect([...tree(dir).keys()].filter((k) => k.includes("2024-03-01"))).toStrictEqual([])
    })
  )

  it.effect("a missing or resized file listed in the manifest is reported", () =>
    Effect.gen(function* () {
      const dir = fresh()
      yield* Pipeline.run(base(dir, { end: day(2) }))
      const victim = path.join(dir, "audit/dt=2024-03-01/audit_20240301.csv")
      fs.appendFileSync(victim, "x")
      const resized = yield* Effect.flip(Pipeline.run(base(dir)))
      expect(resized._tag).toBe("DatasetDamaged")
      expect(resized.message).toContain("audit/dt=2024-03-01/audit_20240301.csv has")
      fs.rmSync(victim)
      const missing = yield* Effect.flip(Pipeline.run(base(dir)))
      expect(missing.message).toContain("audit_20240301.csv is listed in the manifest but missing")
      fs.writeFileSync(path.join(dir, "_manifest.json"), "{ not json")
      const corrupt = yield* Effect.flip(Pipeline.run(base(dir)))
      expect(corrupt._tag).toBe("ManifestUnreadable")
      expect(corrupt.message).toContain("invalid JSON")
      const forced = yield* Pipeline.run(base(dir, { force: true }))
      expect(forced.days).toBe(4)
    })
  )

  it.effect("an output directory that cannot be created fails naming it and the cause", () =>
    Effect.gen(function* () {
      const dir = fresh()
      fs.mkdirSync(dir)
      fs.writeFileSync(path.join(dir, "file"), "")
      const target = path.join(dir, "file", "facts")
      const e = yield* Effect.flip(Pipeline.run(base(target)))
      expect(e._tag).toBe("SinkError")
      expect(e.message).toBe(
        `cannot write ${target}: a parent path is not a directory (ENOTDIR) while creating its directory`
      )
    })
  )

  it.effect(
    "a write failure mid-day takes back the day's committed files; the manifest stays at the last day",
    () =>
      Effect.gen(function* () {
        const dir = fresh()
        yield* Pipeline.run(base(dir, { end: day(2) }))
        // the audit partition of day 3 cannot be created: a file is in the way
        fs.mkdirSync(path.join(dir, "audit"), { recursive: true })
        fs.writeFileSync(path.join(dir, "audit", "dt=2024-03-03"), "")
        const e = yield* Effect.flip(Pipeline.run(base(dir)))
        expect(e._tag).toBe("SinkError")
        expect(e.message).toContain("audit_20240303.csv")
        expect(fs.existsSync(path.join(dir, "sales", "dt=2024-03-03"))).toBe(false)
        expect((yield* Manifest.read(dir))?.lastDay).toBe("2024-03-02")
        fs.rmSync(path.join(dir, "audit", "dt=2024-03-03"))
        const whole = fresh()
        yield* Pipeline.run(base(whole))
        yield* Pipeline.run(base(dir))
        expectSameTree(whole, dir)
      })
  )

  it.effect("Parquet and NDJSON: same layout with their extensions", () =>
    Effect.gen(function* () {
      for (const format of ["parquet", "ndjson"] as const) {
        const dir = fresh()
        const s = yield* Pipeline.run(base(dir, { format, end: day(2) }))
        expect(s.files).toBe(6)
        const m = (yield* Manifest.read(dir))!
        expect(m.format).toBe(format)
        expect(m.files.map((f) => f.path)).toContain(`sales/dt=2024-03-02/sales_20240302.${format}`)
        for (const f of m.files) expect(fs.statSync(path.join(dir, f.path)).size).toBe(f.bytes)
      }
    })
  )

  it.effect("a shard writes its own part files, manifest and states", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const shard: Plugin.Shard = { index: 1, count: 3 }
      yield* Pipeline.run(base(dir, { shard, end: day(2) }))
      expect(fs.existsSync(path.join(dir, "_manifest.part-2-of-3.json"))).toBe(true)
      expect(fs.existsSync(path.join(dir, "sales/dt=2024-03-02/sales_20240302.part-2-of-3.csv"))).toBe(true)
      expect(fs.readdirSync(path.join(dir, "_state/part-2-of-3"))).toStrictEqual(["20240302.json"])
      expect(yield* Manifest.read(dir)).toBeUndefined()
      expect((yield* Manifest.read(dir, shard))?.shard).toStrictEqual(shard)
    })
  )

  const committedDays = (events: Iterable<Pipeline.Event>) =>
    [...events].flatMap((e) => (e._tag === "DayCommitted" ? [e.day] : []))

  it.effect("stream: engine and pipeline events in order, ending with PipelineFinished", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const events = yield* Stream.runCollect(Pipeline.stream(base(dir, { end: day(2) })))
      const tags = [...events].map((e) => e._tag)
      expect(tags[0]).toBe("PipelineStarted")
      expect(tags.at(-1)).toBe("PipelineFinished")
      expect(tags.filter((t) => t === "FileWritten")).toHaveLength(6)
      expect(tags.filter((t) => t === "DayCommitted")).toHaveLength(2)
      // each day: DayDone (engine), then its files, then DayCommitted; days commit in order (a
      // day's files may be written while the engine already makes the next day)
      for (const d of [day(1), day(2)]) {
        const at = (tag: string) => [...events].findIndex((e) => e._tag === tag && "day" in e && e.day === d)
        const files = [...events].flatMap((e, i) => (e._tag === "FileWritten" && e.day === d ? [i] : []))
        expect(files).toHaveLength(3)
        expect(at("DayDone")).toBeLessThan(Math.min(...files))
        expect(Math.max(...files)).toBeLessThan(at("DayCommitted"))
      }
      expect(committedDays(events)).toStrictEqual([day(1), day(2)])
      // the run's first day is committed before the engine makes the second (its rows land first)
      const index = (tag: string, d: number) =>
        [...events].findIndex((e) => e._tag === tag && "day" in e && e.day === d)
      expect(index("DayCommitted", day(1))).toBeLessThan(index("DayDone", day(2)))
      const committed = [...events].filter((e) => e._tag === "DayCommitted")
      const written = [...events].filter((e) => e._tag === "FileWritten")
      expect(committed.reduce((s, e) => s + (e._tag === "DayCommitted" ? e.bytes : 0), 0)).toBe(
        written.reduce((s, e) => s + (e._tag === "FileWritten" ? e.bytes : 0), 0)
      )
      expect(Pipeline.format(committed[0]!)).toMatch(
        /^2024-03-01 committed \(1\/2\): \d+ rows, [\d.]+ MiB in 3 files$/
      )
    })
  )

  it.effect("onDay receives the committed batches of every day", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const seen: Array<string> = []
      yield* Pipeline.run(
        base(dir, {
          end: day(2),
          onDay: (d, batches) =>
            Effect.sync(() =>
              seen.push(`${Calendar.format(d)}:${batches.map((b) => b.table.name).join("+")}`)
            )
        })
      )
      expect(seen).toStrictEqual(["2024-03-01:sales+audit+quiet", "2024-03-02:sales+audit+quiet"])
    })
  )

  it.effect("inspect tells what a run would do and changes nothing", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const none = yield* Pipeline.inspect(base(dir))
      expect(none).toMatchObject({ action: "new", start: D1, first: D1, last: day(4), days: 4 })
      expect(fs.existsSync(dir)).toBe(false)
      yield* Pipeline.run(base(dir, { end: day(2) }))
      const cont = yield* Pipeline.inspect(base(dir, { end: day(5) }))
      expect(cont).toMatchObject({ action: "continue", start: D1, first: day(3), last: day(5), days: 3 })
      expect(cont.resume?.afterDay).toBe(day(2))
      const over = yield* Pipeline.inspect(base(dir, { seed: 99, force: true }))
      expect(over.action).toBe("startOver")
      // force starts over a dataset this run could continue too (complete through day 2 here)
      const remake = yield* Pipeline.inspect(base(dir, { end: day(2), force: true }))
      expect(remake).toMatchObject({ action: "startOver", start: D1, first: D1, last: day(2), days: 2 })
      expect((yield* Manifest.read(dir))?.seed).toBe(7)
      const e = yield* Effect.flip(Pipeline.inspect(base(dir, { seed: 99 })))
      expect(e._tag).toBe("ManifestMismatch")
    })
  )

  it.live(
    "interrupted at arbitrary moments: the manifest only lists files that exist; a rerun ends byte-identical",
    () =>
      Effect.gen(function* () {
        const whole = fresh()
        yield* Pipeline.run(base(whole, { end: day(8) }))
        let seed = 12345
        const next = () => {
          seed = (seed * 1103515245 + 12345) % 2147483648
          return seed
        }
        for (let trial = 0; trial < 12; trial++) {
          const dir = fresh()
          const fiber = yield* Effect.fork(Pipeline.run(base(dir, { end: day(8) })))
          yield* Effect.sleep(`${next() % 60} millis`)
          yield* Fiber.interrupt(fiber)
          const m = yield* Manifest.read(dir)
          for (const f of m?.files ?? [])
            expect(fs.existsSync(path.join(dir, f.path)), `trial ${trial}: ${f.path}`).toBe(true)
          const listed = new Set((m?.files ?? []).map((f) => f.path))
          const visible = [...tree(dir).keys()].filter((k) => k.endsWith(".csv"))
          expect(
            visible.filter((k) => !listed.has(k)),
            `trial ${trial}`
          ).toStrictEqual([])
          yield* Pipeline.run(base(dir, { end: day(8) }))
          expectSameTree(whole, dir)
        }
      })
  )
})
