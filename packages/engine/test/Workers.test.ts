import * as fs from "node:fs"
import { tmpdir } from "node:os"
import * as path from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, type Plugin, Table } from "@retail-datagen/core"
import { Chunk, Deferred, Effect, Exit, FastCheck, Fiber, Stream } from "effect"
import { afterAll } from "vitest"
import { Days, Pipeline, type Progress, Run, Workers } from "../src/index.js"
import { mergeSorted, ownedSorted } from "../src/internal/rows.js"
import * as F from "./fixtures/workerPlugins.mjs"

// Worker threads load the compiled engine (dist/internal/worker.js): `pnpm build` runs before the tests.
const MODULE = new URL("./fixtures/workerPlugins.mjs", import.meta.url).href

const root = fs.mkdtempSync(path.join(tmpdir(), "engine-workers-"))
afterAll(() => fs.rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = (): string => path.join(root, `run${n++}`)

const D1 = Calendar.parse("2024-11-28")
const day = (k: number) => D1 + k - 1
const REGIONS = 7

type Input = Parameters<typeof F.plugins>[0]

const base = (
  dir: string,
  input: Input = {},
  overrides: Partial<Pipeline.Options> = {}
): Pipeline.Options => ({
  plugins: F.plugins(input),
  master: F.master(REGIONS),
  seed: 11,
  defaultStart: D1,
  end: day(4),
  root: dir,
  format: "csv",
  configHash: "h",
  toolVersion: "1.0.0",
  ...overrides
})

const withWorkers = (count: number, input: Input = {}) => ({ count, setup: { module: MODULE, input } })

/** Every file under `dir` except the saved plugin states (they hold per-worker states) → its bytes. */
const tree = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) {
        if (e.name !== "_state") walk(p)
      } else out.set(path.relative(dir, p), fs.readFileSync(p))
    }
  }
  walk(dir)
  return out
}

const expectSameFiles = (a: string, b: string) => {
  const ta = tree(a)
  const tb = tree(b)
  expect([...ta.keys()].sort()).toStrictEqual([...tb.keys()].sort())
  for (const [k, v] of ta) expect(v.equals(tb.get(k)!), k).toBe(true)
  return ta.size
}

const messagePorts = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort").length

describe("Workers.share", () => {
  it("copies typed arrays into shared memory and keeps everything else", () => {
    const names = ["a", "b"]
    const already = new Int32Array(new SharedArrayBuffer(8))
    already[1] = 5
    class Lookup {
      readonly k = 1
    }
    const lookup = new Lookup()
    const input = {
      stores: { price: Float64Array.of(1.5, -2, Number.NaN), codes: Uint16Array.of(1, 65535) },
      list: [{ ids: Uint32Array.of(7, 8) }, { ids: new BigInt64Array([3n]) }],
      names,
      already,
      lookup,
      count: 3
    }
    const shared = Workers.share(input)
    for (const a of [shared.stores.price, shared.stores.codes, shared.list[0]!.ids, shared.list[1]!.ids]) {
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer)
    }
    expect(shared.stores.price).toBeInstanceOf(Float64Array)
    expect(Array.from(shared.stores.price)).toStrictEqual([1.5, -2, Number.NaN])
    expect(shared.stores.codes).toBeInstanceOf(Uint16Array)
    expect(Array.from(shared.stores.codes)).toStrictEqual([1, 65535])
    expect(shared.list[1]!.ids[0]).toBe(3n)
    expect(shared.names).toBe(names)
    expect(shared.already).toBe(already)
    expect(shared.lookup).toBe(lookup)
    expect(shared.count).toBe(3)
    // the input is not changed
    expect(input.stores.price.buffer).toBeInstanceOf(ArrayBuffer)
  })

  it.prop("keeps the values of any typed array", [FastCheck.array(FastCheck.double())], ([values]) => {
    const a = Float64Array.from(values)
    const s = Workers.share({ a }).a
    expect(s.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(Object.is(s.length, a.length) && a.every((v, i) => Object.is(v, s[i]))).toBe(true)
  })
})

describe("shareInPlace", () => {
  it("replaces the typed arrays of the tree itself, keeping values, types and shared references", () => {
    const ids = Int32Array.of(4, 5, 6)
    const tree = {
      stores: { ids, alias: ids, price: Float64Array.of(1.5, Number.NaN) },
      list: [{ codes: Uint16Array.of(1, 65535) }],
      names: ["a", "b"],
      frozen: Object.freeze({ keep: Uint8Array.of(1) })
    }
    const out = Workers.shareInPlace(tree)
    expect(out).toBe(tree)
    expect(tree.stores.ids.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(tree.stores.ids).toBeInstanceOf(Int32Array)
    expect(Array.from(tree.stores.ids)).toStrictEqual([4, 5, 6])
    expect(tree.stores.alias).toBe(tree.stores.ids)
    expect(Array.from(tree.stores.price)).toStrictEqual([1.5, Number.NaN])
    expect(tree.list[0]!.codes.buffer).toBeInstanceOf(SharedArrayBuffer)
    expect(tree.names).toStrictEqual(["a", "b"])
    expect(tree.frozen.keep.buffer).toBeInstanceOf(ArrayBuffer)
  })
})

describe("merging the workers' sorted runs", () => {
  const T = Table.make("t", {
    EventTS: Table.timestamp,
    Id: Table.int,
    Kind: Table.enumOf(["B", "A"]),
    Flag: Table.bool,
    Note: Table.string
  })
  const row = FastCheck.record({
    EventTS: FastCheck.option(FastCheck.integer({ min: 0, max: 4 }), { nil: null }),
    Id: FastCheck.option(FastCheck.integer({ min: -2, max: 2 }), { nil: null }),
    Kind: FastCheck.constantFrom(null, "A", "B"),
    Flag: FastCheck.constantFrom(null, true, false),
    Note: FastCheck.constantFrom("", "x", "y", "x,y")
  })
  it.prop(
    "gives the rows of one sort of them all, for any split",
    [FastCheck.array(FastCheck.tuple(row, FastCheck.integer({ min: 0, max: 3 })), { maxLength: 60 })],
    ([rows]) => {
      const all = Batch.fromRows(
        T,
        rows.map(([r]) => r)
      )
      const parts = [0, 1, 2, 3].map((w) =>
        ownedSorted(T, [
          Batch.fromRows(
            T,
            rows.filter(([, k]) => k === w).map(([r]) => r)
          )
        ])
      )
      const merged = mergeSorted(T, parts)
      const expected = ownedSorted(T, [all])
      expect(merged.length).toBe(expected.length)
      expect(Batch.rows(merged)).toStrictEqual(Batch.rows(expected))
    }
  )
})

describe("Workers.run", () => {
  const options = (count: number, input: Input = {}) => ({
    count,
    setup: { module: MODULE, input },
    master: Workers.share(F.master(REGIONS)),
    seed: 3,
    start: day(1),
    end: day(3)
  })

  it.effect("shares the master with the workers and reports like Run.run", () =>
    Effect.gen(function* () {
      const events: Array<Progress.ProgressEvent> = []
      const rows = new Map<string, number>()
      const summary = yield* Workers.run({
        ...options(3),
        onBatches: (d, plugin, batches) =>
          Effect.sync(() => {
            expect(batches.length).toBe(1)
            rows.set(`${d} ${plugin}`, batches[0]!.length)
          }),
        onProgress: (e) => Effect.sync(() => events.push(e))
      })
      // in process, on the same plugins
      const inProcess: Array<Progress.ProgressEvent> = []
      const single = yield* Run.run({
        plugins: F.plugins({}),
        master: F.master(REGIONS),
        seed: 3,
        start: day(1),
        end: day(3),
        onBatches: (d, plugin, batches) =>
          Effect.sync(() => expect(rows.get(`${d} ${plugin}`), `${d} ${plugin}`).toBe(batches[0]!.length)),
        onProgress: (e) => Effect.sync(() => inProcess.push(e))
      })
      expect(rows.size).toBe(9)
      expect(summary.rows).toStrictEqual(single.rows)
      expect(summary.totalRows).toBe(single.totalRows)
      expect(events.map((e) => e._tag)).toStrictEqual(inProcess.map((e) => e._tag))
      const dayDone = (list: Array<Progress.ProgressEvent>) =>
        list
          .filter((e) => e._tag === "DayDone")
          .map(({ day, rows, cumulative }) => ({ day, rows, cumulative }))
      expect(dayDone(events)).toStrictEqual(dayDone(inProcess))
      expect(summary.workers).toBe(3)
      expect(summary.reports).toHaveLength(3)
      for (const r of summary.reports) expect(r).toMatchObject({ shared: true, namesKept: true })
      const made = summary.reports.reduce((n: number, r) => n + (r as { made: number }).made, 0)
      expect(made).toBe(single.rows.wsales)
      expect((summary.resume.states as { workers: Array<unknown> }).workers).toHaveLength(3)
    })
  )

  it.effect("a worker runs at most one day ahead of the main thread", () =>
    Effect.gen(function* () {
      const master = Workers.share(F.master(REGIONS))
      const ahead: Array<number> = []
      // The main thread is slow (30 ms per day): free workers would have stepped every day by then.
      const slow = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 30)))
      yield* Workers.run({
        ...options(2),
        master,
        end: day(6),
        onBatches: (d, plugin) =>
          plugin !== "wsales"
            ? Effect.void
            : Effect.zipRight(
                slow,
                Effect.sync(() => ahead.push(Atomics.load(master.stepped, 0) - d))
              )
      })
      expect(ahead).toHaveLength(6)
      expect(Math.max(...ahead)).toBeLessThanOrEqual(1)
    })
  )

  it.effect("a plugin failure in a worker is the same PluginFailed, with its day", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Workers.run(options(2, { failDay: day(2), failRegion: 5 })))
      expect(error._tag).toBe("PluginFailed")
      if (error._tag !== "PluginFailed") return
      expect(error.plugin).toBe("wsales")
      expect(error.phase).toBe("step")
      expect(error.day).toBe(day(2))
      expect(error.reason).toBe("no stock model for region 5")
    })
  )

  it.effect("a crashed worker or a broken setup module is a WorkerFailed naming the worker", () =>
    Effect.gen(function* () {
      const crashed = yield* Effect.flip(Workers.run(options(1, { exitDay: day(2) })))
      expect(crashed).toMatchObject({ _tag: "WorkerFailed", worker: 0 })
      expect(crashed.message).toContain("exited with code 7")
      const uncaught = yield* Effect.flip(
        Workers.run({ ...options(1, { uncaughtDay: day(1) }), end: day(20) })
      )
      expect(uncaught).toMatchObject({ _tag: "WorkerFailed", worker: 0 })
      expect(uncaught.message).toContain("async failure in region 0")
      const missing = new URL("./fixtures/no-such-setup.mjs", import.meta.url).href
      const broken = yield* Effect.flip(Workers.run({ ...options(1), setup: { module: missing, input: {} } }))
      expect(broken._tag).toBe("WorkerFailed")
      expect(broken.message).toContain("no-such-setup.mjs")
    })
  )

  it.effect("interruption terminates every worker and emits RunCancelled", () =>
    Effect.gen(function* () {
      const before = messagePorts()
      const firstDay = yield* Deferred.make<void>()
      const events: Array<string> = []
      const fiber = yield* Effect.fork(
        Workers.run({
          ...options(2, { slowMs: 150 }),
          end: day(200),
          onProgress: (e) =>
            Effect.zipRight(
              Effect.sync(() => events.push(e._tag)),
              e._tag === "DayDone" ? Deferred.succeed(firstDay, undefined) : Effect.void
            )
        })
      )
      yield* Deferred.await(firstDay)
      expect(messagePorts()).toBe(before + 2)
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(events.at(-1)).toBe("RunCancelled")
      expect(messagePorts()).toBe(before)
    })
  )

  it.effect("resume states belong to their worker count", () =>
    Effect.gen(function* () {
      const first = yield* Workers.run({ ...options(2), end: day(2) })
      const resume = first.resume
      const wrong = yield* Effect.flip(Workers.run({ ...options(3), resume }))
      expect(wrong).toMatchObject({ _tag: "InvalidRunOptions", field: "resume.states" })
      expect(wrong.message).toContain("2 worker threads")
      const plain = yield* Effect.flip(
        Workers.run({ ...options(2), resume: { afterDay: day(2), states: {} } })
      )
      expect(plain).toMatchObject({ _tag: "InvalidRunOptions", field: "resume.states" })
      const rest = yield* Workers.run({ ...options(2), resume })
      const whole = yield* Run.run({
        plugins: F.plugins({}),
        master: F.master(REGIONS),
        seed: 3,
        start: day(1),
        end: day(3)
      })
      expect(rest.firstDay).toBe(day(3))
      expect(rest.rows.wsales).toBe(whole.rows.wsales! - first.rows.wsales!)
    })
  )

  it.effect("validates the worker count", () =>
    Effect.gen(function* () {
      for (const count of [0, 1.5, 257]) {
        const e = yield* Effect.flip(Workers.run(options(count)))
        expect(e).toMatchObject({ _tag: "InvalidRunOptions", field: "count" })
      }
    })
  )
})

describe("Pipeline.run with workers", () => {
  it.effect("writes the same bytes with 1, 2 and 3 workers as in process", () =>
    Effect.gen(function* () {
      const reference = fresh()
      yield* Pipeline.run(base(reference))
      for (const count of [1, 2, 3]) {
        const dir = fresh()
        const summary = yield* Pipeline.run({ ...base(dir), workers: withWorkers(count) })
        expect(summary.files).toBe(12)
        expect(summary.workers).toBe(count)
        // the workers' finish() reports come back (none in process)
        expect(summary.reports).toHaveLength(count > 1 ? count : 0)
        for (const r of summary.reports) expect(r).toMatchObject({ shared: true })
        expect(expectSameFiles(reference, dir)).toBe(13)
        const states = JSON.parse(fs.readFileSync(path.join(dir, "_state", "20241201.json"), "utf8"))
        if (count > 1) expect(states.states.workers).toHaveLength(count)
        else expect(Object.keys(states.states)).toStrictEqual(["wsales"])
      }
      // the rows of different regions do tie on EventTS
      const sales = fs.readFileSync(path.join(reference, "wsales/dt=2024-11-29/wsales_20241129.csv"), "utf8")
      const rows = sales.trimEnd().split("\n").slice(1)
      const regionsAt = new Map<string, Set<string>>()
      for (const r of rows) {
        const [ts, region] = r.split(",")
        regionsAt.set(ts!, (regionsAt.get(ts!) ?? new Set()).add(region!))
      }
      expect([...regionsAt.values()].some((s) => s.size > 2)).toBe(true)
    })
  )

  it.effect("writes the same part files for shards × workers", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<[Plugin.Shard, number]> = [
        [{ index: 0, count: 2 }, 2],
        [{ index: 1, count: 2 }, 3]
      ]
      for (const [shard, count] of cases) {
        const reference = fresh()
        yield* Pipeline.run(base(reference, {}, { shard }))
        const dir = fresh()
        yield* Pipeline.run({ ...base(dir, {}, { shard }), workers: withWorkers(count) })
        expectSameFiles(reference, dir)
        expect(fs.existsSync(path.join(dir, `_manifest.part-${shard.index + 1}-of-2.json`))).toBe(true)
      }
    })
  )

  it.effect("writes the same Parquet files with 2 workers", () =>
    Effect.gen(function* () {
      const reference = fresh()
      yield* Pipeline.run(base(reference, {}, { format: "parquet" }))
      const dir = fresh()
      yield* Pipeline.run({ ...base(dir, {}, { format: "parquet" }), workers: withWorkers(2) })
      expect(expectSameFiles(reference, dir)).toBe(13)
    })
  )

  it.effect("a plugin error in a worker fails the run with PluginFailed and keeps the committed days", () =>
    Effect.gen(function* () {
      const dir = fresh()
      const input = { failDay: day(3), failRegion: 2 }
      const error = yield* Effect.flip(Pipeline.run({ ...base(dir, input), workers: withWorkers(2, input) }))
      expect(error).toMatchObject({ _tag: "PluginFailed", plugin: "wsales", phase: "step", day: day(3) })
      const inspection = yield* Pipeline.inspect({ ...base(dir), workers: withWorkers(2) })
      expect(inspection.action).toBe("continue")
      expect(inspection.first).toBe(day(3))
    })
  )

  it.effect("interrupting the pipeline stops the workers", () =>
    Effect.gen(function* () {
      const before = messagePorts()
      const dir = fresh()
      const committed = yield* Deferred.make<void>()
      const input = { slowMs: 100 }
      const fiber = yield* Effect.fork(
        Pipeline.run({
          ...base(dir, input, { end: day(300) }),
          workers: withWorkers(2, input),
          onEvent: (e) => (e._tag === "DayCommitted" ? Deferred.succeed(committed, undefined) : Effect.void)
        })
      )
      yield* Deferred.await(committed)
      yield* Fiber.interrupt(fiber)
      expect(messagePorts()).toBe(before)
      const inspection = yield* Pipeline.inspect({
        ...base(dir, {}, { end: day(300) }),
        workers: withWorkers(2)
      })
      expect(inspection.action).toBe("continue")
      expect(inspection.workers).toBe(2)
    })
  )

  it.effect("resumes a worker run with its recorded count: same bytes as an uninterrupted run", () =>
    Effect.gen(function* () {
      const reference = fresh()
      yield* Pipeline.run(base(reference))
      const dir = fresh()
      const stop = yield* Effect.flip(
        Pipeline.run({
          ...base(dir),
          workers: withWorkers(2),
          onEvent: (e) =>
            e._tag === "DayCommitted" && e.index === 1 ? Effect.fail("stop" as const) : Effect.void
        })
      )
      expect(stop).toBe("stop")
      // continuing needs the setup module; the count is the recorded one (2), not the requested 3
      const noSetup = yield* Effect.flip(Pipeline.run(base(dir)))
      expect(noSetup).toMatchObject({ _tag: "InvalidRunOptions", field: "workers" })
      const inspection = yield* Pipeline.inspect({ ...base(dir), workers: withWorkers(3) })
      expect(inspection).toMatchObject({ action: "continue", first: day(3), workers: 2 })
      // an explicit continuation (start = the day after the last day done) keeps it too
      yield* Pipeline.run({ ...base(dir, {}, { start: day(3), end: day(3) }), workers: withWorkers(3) })
      const summary = yield* Pipeline.run({ ...base(dir), workers: withWorkers(3) })
      expect(summary.resumedAfter).toBe(day(3))
      expectSameFiles(reference, dir)
      const states = JSON.parse(fs.readFileSync(path.join(dir, "_state", "20241201.json"), "utf8"))
      expect(states.states.workers).toHaveLength(2)
    })
  )

  it.effect("Days.stream on worker threads yields the days of an in-process stream, whatever the count", () =>
    Effect.gen(function* () {
      const collect = (threads: number | undefined) =>
        Effect.map(
          Stream.runCollect(
            Days.stream({
              plugins: F.plugins({}),
              master: F.master(REGIONS),
              seed: 11,
              start: D1,
              end: day(3),
              threads,
              workers: { setup: { module: MODULE, input: {} } }
            })
          ),
          (days) => {
            const list = Chunk.toArray(days)
            // the states of threaded days stay in the workers
            const threaded = list.map((d) => d.resume === undefined)
            return { threaded, days: list.map((d) => ({ day: d.day, rows: d.batches.map(Batch.rows) })) }
          }
        )
      const inProcess = yield* collect(undefined)
      expect(inProcess.threaded).toEqual([false, false, false])
      expect(inProcess.days.map((d) => d.day)).toEqual([day(1), day(2), day(3)])
      expect(inProcess.days.some((d) => d.rows.some((rows) => rows.length > 0))).toBe(true)
      for (const threads of [1, 2]) {
        const threaded = yield* collect(threads)
        expect(threaded.threaded).toEqual([true, true, true])
        expect(threaded.days).toEqual(inProcess.days)
      }
    })
  )

  it.effect("continues an in-process dataset in process, whatever workers.count says", () =>
    Effect.gen(function* () {
      const reference = fresh()
      yield* Pipeline.run(base(reference))
      const dir = fresh()
      yield* Pipeline.run(base(dir, {}, { end: day(2) }))
      const inspection = yield* Pipeline.inspect({ ...base(dir), workers: withWorkers(2) })
      expect(inspection.workers).toBe(1)
      yield* Pipeline.run({ ...base(dir), workers: withWorkers(2) })
      expectSameFiles(reference, dir)
    })
  )

  it.effect("validates workers.count and the setup module's tables", () =>
    Effect.gen(function* () {
      for (const count of [0, 2.5, 257, Number.NaN]) {
        const dir = fresh()
        const e = yield* Effect.flip(Pipeline.run({ ...base(dir), workers: withWorkers(count) }))
        expect(e).toMatchObject({ _tag: "InvalidRunOptions", field: "workers.count" })
        expect(fs.existsSync(dir)).toBe(false)
      }
      const dir = fresh()
      const other = yield* Effect.flip(
        Pipeline.run({ ...base(dir), plugins: F.plugins({}).slice(0, 1), workers: withWorkers(2) })
      )
      expect(other).toMatchObject({ _tag: "InvalidRunOptions", field: "workers.setup" })
    })
  )
})
