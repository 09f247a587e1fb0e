import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Plugin, Table } from "@retail-datagen/core"
import type { Layout } from "@retail-datagen/sinks"
import { Effect, Exit } from "effect"
import { afterAll } from "vitest"
import { Manifest, Merge, Pipeline } from "../src/index.js"
import * as F from "./fixtures/pipeline.js"

const root = fs.mkdtempSync(path.join(tmpdir(), "engine-merge-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = (): string => path.join(root, `run${n++}`)

const D1 = Calendar.parse("2024-03-01")
const day = (k: number) => D1 + k - 1

/** Many rows per second: the canonical order's ties decide the bytes. */
const TicksTable = Table.make("ticks", {
  EventTS: Table.timestamp,
  Kind: Table.enumOf(["SCAN", "BEEP", "ALARM"]),
  StoreID: Table.int,
  Value: Table.cents
})
const ticks = Plugin.make<Batch.Builder, F.Master>({
  name: "ticks",
  tables: [TicksTable],
  dependsOn: [],
  init: () => Batch.builder(TicksTable),
  step: (b, ctx) => {
    b.reset()
    for (let s = 1; s <= ctx.master.stores; s++) {
      if (!Plugin.ownsRegion(ctx.shard, s - 1)) continue
      const rng = ctx.rng("ticks", s, ctx.day)
      for (let k = rng.int(0, 20); k > 0; k--) {
        b.num("EventTS").push(ctx.day * 86400 + 9 * 3600 + rng.int(0, 3))
        b.code("Kind").push(rng.int(0, 2))
        b.num("StoreID").push(rng.int(1, 3))
        b.num("Value").push(rng.int(-3, 3))
      }
    }
    return [b.finish()]
  }
})

/** Plugins whose output splits by region (`audit` counts per shard, so its rows depend on the split). */
const plugins = [F.sales, F.quiet, ticks]
const tables = [F.SalesTable, F.QuietTable, TicksTable]

const base = (
  dir: string,
  overrides: Partial<Pipeline.Options<F.Master>> = {}
): Pipeline.Options<F.Master> => ({
  plugins,
  master: { stores: 7 },
  seed: 11,
  defaultStart: D1,
  end: day(3),
  root: dir,
  format: "csv",
  configHash: "hash-m",
  toolVersion: "1.0.0",
  ...overrides
})

/** Every file under `dir` (relative path → bytes). */
const tree = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(path.relative(dir, p), fs.readFileSync(p))
    }
  }
  if (fs.existsSync(dir)) walk(dir)
  return out
}

/** The data files of a tree (manifests and saved states may differ between a split and a single run). */
const dataFiles = (dir: string): Map<string, Buffer> =>
  new Map([...tree(dir)].filter(([k]) => !k.startsWith("_")))

const expectSameData = (single: string, merged: string) => {
  const a = dataFiles(single)
  const b = dataFiles(merged)
  expect([...b.keys()].sort()).toStrictEqual([...a.keys()].sort())
  for (const [k, v] of a) expect(v.equals(b.get(k)!), k).toBe(true)
}

const shards = (count: number): Array<Plugin.Shard> =>
  Array.from({ length: count }, (_, index) => ({ index, count }))

/** A single run into one directory and a `count`-shard run into another. */
const runBoth = (format: Layout.Format, count: number, overrides: Partial<Pipeline.Options<F.Master>> = {}) =>
  Effect.gen(function* () {
    const single = fresh()
    const split = fresh()
    yield* Pipeline.run(base(single, { format, ...overrides }))
    for (const shard of shards(count)) yield* Pipeline.run(base(split, { format, shard, ...overrides }))
    return { single, split }
  })

const reasonOf = <A, E extends { readonly _tag: string }>(exit: Exit.Exit<A, E>): string => {
  if (Exit.isSuccess(exit)) throw new Error("expected a failure")
  if (exit.cause._tag !== "Fail") throw new Error(`expected a failure, got ${exit.cause._tag}`)
  const e = exit.cause.error as unknown as { _tag: string; message: string }
  expect(e._tag).toBe("MergeError")
  return e.message
}

describe("Merge.run", () => {
  for (const format of ["csv", "parquet", "ndjson"] as const) {
    it.live(`1 shard vs 3 shards merged: every data file byte-identical (${format})`, () =>
      Effect.gen(function* () {
        const { single, split } = yield* runBoth(format, 3)
        expect([...dataFiles(split).keys()].some((k) => k.includes(".part-2-of-3."))).toBe(true)
        const events: Array<Merge.Event> = []
        const summary = yield* Merge.run({
          root: split,
          tables,
          onEvent: (e) => Effect.sync(() => events.push(e))
        })
        expectSameData(single, split)
        expect(summary.files).toBe(9)
        expect(summary.shards).toBe(3)
        expect(summary.totalRows).toBe((yield* Manifest.read(single))!.files.reduce((s, f) => s + f.rows, 0))
        // parts, part manifests and part states are gone; the merged manifest lists the merged files
        const left = [...tree(split).keys()]
        expect(left.filter((k) => k.includes("part-"))).toStrictEqual([])
        const m = (yield* Manifest.read(split))!
        const s = (yield* Manifest.read(single))!
        expect(m.shard).toStrictEqual({ index: 0, count: 1 })
        expect(Manifest.hasState(m)).toBe(false)
        expect(m.files).toStrictEqual(s.files)
        expect(
          events.filter((e) => e._tag === "FileMerged").map((e) => (e as { index: number }).index)
        ).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
        expect(events[0]?._tag).toBe("MergeStarted")
        expect(events.at(-1)?._tag).toBe("MergeFinished")
      })
    )
  }

  it.live("2 shards with more stores than the day's ties: still identical; keepParts keeps the parts", () =>
    Effect.gen(function* () {
      const { single, split } = yield* runBoth("csv", 2, { master: { stores: 40 }, end: day(2) })
      const summary = yield* Merge.run({ root: split, tables, keepParts: true })
      expect(summary.removed).toBe(0)
      const files = [...tree(split).keys()]
      expect(files.filter((k) => k.startsWith("_manifest.part-")).sort()).toStrictEqual([
        "_manifest.part-1-of-2.json",
        "_manifest.part-2-of-2.json"
      ])
      const merged = new Map([...dataFiles(split)].filter(([k]) => !k.includes(".part-")))
      const expected = dataFiles(single)
      expect([...merged.keys()].sort()).toStrictEqual([...expected.keys()].sort())
      for (const [k, v] of expected) expect(v.equals(merged.get(k)!), k).toBe(true)
      // a rerun finds the merge done and, without keepParts, only removes the parts
      const again = yield* Merge.run({ root: split, tables })
      expect(again.files).toBe(0)
      expect(again.removed).toBeGreaterThan(0)
      expectSameData(single, split)
    })
  )

  it.live("continue the shards (parts kept), merge again: the single run of all the days", () =>
    Effect.gen(function* () {
      const { split } = yield* runBoth("csv", 3, { end: day(2) })
      yield* Merge.run({ root: split, tables, keepParts: true })
      for (const shard of shards(3)) yield* Pipeline.run(base(split, { shard, end: day(3) }))
      const single = fresh()
      yield* Pipeline.run(base(single, { end: day(3) }))
      const again = yield* Merge.run({ root: split, tables })
      expect(again.files).toBe(9)
      expectSameData(single, split)
      expect((yield* Manifest.read(split))!.lastDay).toBe("2024-03-03")
    })
  )

  it.live("a rerun after an interrupted merge completes it", () =>
    Effect.gen(function* () {
      const { single, split } = yield* runBoth("csv", 3)
      // stop after the third merged file: some merged files exist, no merged manifest
      let seen = 0
      const stopped = yield* Effect.exit(
        Merge.run({
          root: split,
          tables,
          onEvent: (e) =>
            e._tag === "FileMerged" && ++seen === 3 ? Effect.fail("stop" as const) : Effect.void
        })
      )
      expect(Exit.isFailure(stopped)).toBe(true)
      expect(fs.existsSync(Manifest.pathOf(split))).toBe(false)
      expect(fs.existsSync(Manifest.pathOf(split, { index: 1, count: 3 }))).toBe(true)
      const summary = yield* Merge.run({ root: split, tables })
      expect(summary.files).toBe(9)
      expectSameData(single, split)
    })
  )

  it.live("a rerun after a merge stopped while removing the part manifests finishes the clean-up", () =>
    Effect.gen(function* () {
      const { single, split } = yield* runBoth("csv", 3)
      yield* Merge.run({ root: split, tables, keepParts: true })
      // as if the process died during the clean-up (part files and states first, then the part
      // manifests), after removing shard 1's manifest
      for (const k of tree(split).keys())
        if ((k.includes(".part-") && !k.startsWith("_manifest")) || k.startsWith("_state/"))
          fs.rmSync(path.join(split, k))
      fs.rmSync(Manifest.pathOf(split, { index: 0, count: 3 }))
      const summary = yield* Merge.run({ root: split, tables })
      expect(summary.files).toBe(0)
      expect([...tree(split).keys()].filter((k) => k.includes("part-"))).toStrictEqual([])
      expectSameData(single, split)
      // nothing left to merge
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: split, tables })))).toMatch(/already merged/)
    })
  )

  it.live("fails naming a missing shard, and changes nothing", () =>
    Effect.gen(function* () {
      const dir = fresh()
      for (const shard of [shards(3)[0]!, shards(3)[2]!]) yield* Pipeline.run(base(dir, { shard }))
      const before = tree(dir)
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: dir, tables })))).toMatch(
        /shard 2 of 3 has no manifest/
      )
      expect(tree(dir)).toStrictEqual(before)
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: fresh(), tables })))).toMatch(/no shard manifests/)
    })
  )

  it.live("fails naming the shard whose manifest differs", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const [s1, s2, s3] = shards(3)
      yield* Pipeline.run(base(dir, { shard: s1 }))
      yield* Pipeline.run(base(dir, { shard: s2 }))
      yield* Pipeline.run(base(dir, { shard: s3, end: day(2) }))
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: dir, tables })))).toMatch(
        /shard 3 of 3 covers 2024-03-01 … 2024-03-02, shard 1 covers 2024-03-01 … 2024-03-03/
      )
      yield* Pipeline.run(base(dir, { shard: s3, seed: 12, force: true }))
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: dir, tables })))).toMatch(
        /shard 3 of 3 has seed 12, shard 1 has seed 11/
      )
      yield* Pipeline.run(base(dir, { shard: s3, force: true }))
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: dir, tables: [F.SalesTable] })))).toMatch(
        /the shards have tables sales, quiet, ticks; the merge was given sales/
      )
      // a part file gone missing
      const gone = path.join(dir, Manifest.filePath("quiet", day(2), "csv", s2!))
      fs.rmSync(gone)
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: dir, tables })))).toMatch(
        /shard 2 of 3 has no file quiet\/dt=2024-03-02\/quiet_20240302\.part-2-of-3\.csv/
      )
    })
  )

  it.live("an existing single-run _manifest.json needs force, which replaces it", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const single = fresh()
      yield* Pipeline.run(base(single))
      // a single run of another seed, then the shards, in one root
      yield* Pipeline.run(base(dir, { seed: 99 }))
      for (const shard of shards(3)) yield* Pipeline.run(base(dir, { shard }))
      expect(reasonOf(yield* Effect.exit(Merge.run({ root: dir, tables })))).toMatch(
        /already holds a dataset .*single run.*force/
      )
      yield* Merge.run({ root: dir, tables, force: true })
      expectSameData(single, dir)
      expect(Manifest.hasState((yield* Manifest.read(dir))!)).toBe(false)
      expect(fs.existsSync(path.join(dir, "_state"))).toBe(false)
    })
  )
})

describe("a merged dataset", () => {
  it.live("cannot be continued by Pipeline.run (it has no saved states); its files stay", () =>
    Effect.gen(function* () {
      const { split } = yield* runBoth("csv", 2)
      yield* Merge.run({ root: split, tables })
      const before = tree(split)
      const error = yield* Effect.flip(Pipeline.run(base(split, { end: day(5) })))
      expect(error._tag).toBe("ManifestUnreadable")
      expect(error.message).toContain("merged dataset")
      expect(tree(split)).toStrictEqual(before)
    })
  )
})
