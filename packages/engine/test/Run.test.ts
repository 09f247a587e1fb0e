import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Table } from "@retail-datagen/core"
import { Data, Deferred, Effect, Exit, Fiber, Stream } from "effect"
import { Progress, Registry, Run } from "../src/index.js"
import { capture } from "./fixtures/helpers.js"
import { custom, type Master, sales, stock, tills, visits } from "./fixtures/plugins.js"

const start = Calendar.fromYmd(2024, 1, 1)
const master: Master = { stores: 6 }
const all = [visits, tills, stock, sales]
const base = { seed: 42, start, end: start + 9, master }

const T = Table.make("t", { A: Table.int })
const rowOf = (table: Table.Table, value: number): Batch.Batch => {
  const b = Batch.builder(table)
  b.num("A").push(value)
  return b.finish()
}

describe("Run.run", () => {
  it.effect("upstream reads see the same day's output of the dependency", () =>
    Effect.gen(function* () {
      const seen: Array<number> = []
      const spy = custom("spy", ["visits"], [], (ctx) => {
        const v = ctx.upstream("visits", "visits")
        const days = v.columns[0] as Float64Array
        for (let r = 0; r < v.length; r++) expect(days[r]).toBe(ctx.day)
        seen.push(ctx.day)
        return []
      })
      const visitRows = new Map<number, Array<Record<string, Batch.Cell>>>()
      const tillRows = new Map<number, Array<Record<string, Batch.Cell>>>()
      const called: Array<string> = []
      yield* Run.run({
        ...base,
        plugins: [spy, tills, visits],
        onBatches: (day, plugin, batches) =>
          Effect.sync(() => {
            called.push(plugin)
            ;(plugin === "visits" ? visitRows : tillRows).set(day, Batch.rows(batches[0]!))
          })
      })
      expect(seen).toEqual([...Array(10).keys()].map((k) => start + k))
      expect(new Set(called)).toEqual(new Set(["visits", "tills"]))
      for (const [day, vs] of visitRows) {
        const ts = tillRows.get(day)!
        expect(ts.length).toBe(vs.reduce((n, v) => n + (v.Count as number), 0))
        for (const v of vs) {
          const mine = ts.filter((t) => t.StoreID === v.StoreID)
          expect(mine.length).toBe(v.Count)
          for (const t of mine) expect(t.Day).toBe(day)
        }
      }
    })
  )

  it.effect("a dependency's service is shared with its dependents and state carries over days", () =>
    Effect.gen(function* () {
      const out = yield* capture({ ...base, plugins: all })
      const byDay = (table: string, day: number) =>
        out.lines.filter((l) => l.startsWith(`${day}|${table}|`)).map((l) => l.split("|"))
      for (let day = start; day <= base.end; day++) {
        const stockRows = byDay("stock", day)
        const salesRows = byDay("sales", day)
        const visitRows = byDay("visits", day)
        expect(salesRows.length).toBe(master.stores)
        for (const s of salesRows) {
          const onHand = Number(stockRows.find((r) => r[3] === s[3])![4])
          const wanted = Number(visitRows.find((r) => r[3] === s[3])![4])
          expect(Number(s[4])).toBe(Math.min(onHand, wanted))
        }
      }
      // Sold units leave stock: the next day's stock is at most the previous stock minus sales plus 6.
      const first = byDay("stock", start)
      const second = byDay("stock", start + 1)
      const sold = byDay("sales", start)
      for (let k = 0; k < first.length; k++) {
        expect(Number(second[k]![4])).toBeLessThanOrEqual(Number(first[k]![4]) - Number(sold[k]![4]) + 6)
      }
    })
  )

  it.effect("progress events follow the run and count the delivered rows", () =>
    Effect.gen(function* () {
      const out = yield* capture({ ...base, plugins: all })
      const tables = ["visits", "stock", "tills", "sales"]
      expect(out.events.map((e) => e._tag)).toEqual([
        "RunStarted",
        ...Array(10).fill("DayDone"),
        ...Array(4).fill("TableDone"),
        "RunFinished"
      ])
      expect(out.events[0]).toEqual(
        Progress.RunStarted({
          plugins: ["visits", "tills", "stock", "sales"],
          tables: ["visits", "tills", "stock", "sales"],
          days: 10,
          firstDay: start,
          lastDay: start + 9,
          shard: { index: 0, count: 1 }
        })
      )
      const totals: Record<string, number> = Object.fromEntries(tables.map((t) => [t, 0]))
      const dayDone = out.events.filter(Progress.$is("DayDone"))
      dayDone.forEach((e, k) => {
        expect(e.day).toBe(start + k)
        expect(e.index).toBe(k)
        expect(e.days).toBe(10)
        expect(e.rows).toEqual(out.rows.get(e.day))
        for (const t of tables) totals[t]! += e.rows[t]!
        expect(e.cumulative).toEqual(totals)
      })
      expect(out.events.filter(Progress.$is("TableDone")).map((e) => [e.table, e.rows])).toEqual(
        ["visits", "tills", "stock", "sales"].map((t) => [t, totals[t]])
      )
      const finished = out.events.at(-1)!
      if (!Progress.$is("RunFinished")(finished)) throw new Error("no RunFinished")
      expect(finished.summary).toBe(out.summary)
      expect(out.summary.rows).toEqual(totals)
      expect(out.summary.totalRows).toBe(out.lines.length)
      expect(out.summary.days).toBe(10)
      expect(out.summary.plugins).toEqual(["visits", "tills", "stock", "sales"])
    })
  )

  it.effect("accepts a registry and steps plugins in its order every day", () =>
    Effect.gen(function* () {
      const registry = yield* Registry.make<Master>([sales, tills, stock, visits])
      const out = yield* capture({ ...base, end: start + 1, plugins: registry })
      expect(out.calls).toEqual(
        [start, start + 1].flatMap((d) => ["stock", "visits", "sales", "tills"].map((p) => `${d} ${p}`))
      )
    })
  )

  it.effect("is deterministic; the seed changes the output; other plugins do not", () =>
    Effect.gen(function* () {
      const a = yield* capture({ ...base, plugins: all })
      const b = yield* capture({ ...base, plugins: [...all] })
      expect(b.lines).toEqual(a.lines)
      const c = yield* capture({ ...base, seed: 43, plugins: all })
      expect(c.lines).not.toEqual(a.lines)
      const alone = yield* capture({ ...base, plugins: [visits] })
      expect(alone.lines).toEqual(a.lines.filter((l) => l.split("|")[1] === "visits"))
    })
  )

  it.effect("shards split the work without changing it", () =>
    Effect.gen(function* () {
      const whole = yield* capture({ ...base, plugins: all })
      const parts = yield* Effect.forEach([0, 1, 2], (index) =>
        capture({ ...base, plugins: all, shard: { index, count: 3 } })
      )
      expect(parts.flatMap((p) => p.lines).sort()).toEqual([...whole.lines].sort())
      expect(parts[1]!.events[0]).toMatchObject({ shard: { index: 1, count: 3 } })
    })
  )

  it.effect("two halves with save/restore give the same batches as one run", () =>
    Effect.gen(function* () {
      const whole = yield* capture({ ...base, plugins: all })
      const first = yield* capture({ ...base, end: start + 4, plugins: all })
      expect(first.summary.resume.afterDay).toBe(start + 4)
      expect(Object.keys(first.summary.resume.states)).toEqual(["stock"])
      const resume = JSON.parse(JSON.stringify(first.summary.resume)) as Run.Resume
      const second = yield* capture({ ...base, plugins: all, resume })
      expect([...first.lines, ...second.lines]).toEqual(whole.lines)
      expect(second.summary.firstDay).toBe(start + 5)
      expect(second.summary.days).toBe(5)
      expect(second.events[0]).toMatchObject({ days: 5, firstDay: start + 5 })
      // The saved state matters: a fresh start on day 5 produces other stock.
      const fresh = yield* capture({ ...base, start: start + 5, plugins: all })
      expect(fresh.lines).not.toEqual(second.lines)
    })
  )

  it.effect("checkpoints after every day can be resumed from", () =>
    Effect.gen(function* () {
      const checkpoints: Array<Run.Resume> = []
      const whole = yield* Run.run({
        ...base,
        plugins: all,
        onCheckpoint: (r) => Effect.sync(() => checkpoints.push(r))
      })
      expect(checkpoints.map((c) => c.afterDay)).toEqual([...Array(10).keys()].map((k) => start + k))
      expect(checkpoints.at(-1)).toEqual(whole.resume)
      const half = yield* Run.run({ ...base, end: start + 3, plugins: all })
      expect(checkpoints[3]).toEqual(half.resume)
      const tail = yield* capture({ ...base, plugins: all, resume: checkpoints[6]! })
      const full = yield* capture({ ...base, plugins: all })
      expect(tail.lines).toEqual(full.lines.filter((l) => Number(l.split("|")[0]) > start + 6))
    })
  )

  it.effect("checkpointEvery: states after the first day, every k-th day and the last, equal to the daily ones", () =>
    Effect.gen(function* () {
      const daily: Array<Run.Resume> = []
      yield* Run.run({ ...base, plugins: all, onCheckpoint: (r) => Effect.sync(() => daily.push(r)) })
      const sparse: Array<Run.Resume> = []
      yield* Run.run({
        ...base,
        plugins: all,
        checkpointEvery: 4,
        onCheckpoint: (r) => Effect.sync(() => sparse.push(r))
      })
      expect(sparse.map((c) => c.afterDay - start)).toEqual([0, 3, 7, 9])
      for (const c of sparse) expect(c).toEqual(daily[c.afterDay - start])
      const bad = yield* Effect.flip(Run.run({ ...base, plugins: all, checkpointEvery: 0 }))
      expect(bad.message).toBe("invalid run option checkpointEvery: must be an integer ≥ 1, got 0")
    })
  )

  it.effect("rejects inconsistent options and resume data", () =>
    Effect.gen(function* () {
      const fail = (options: Run.Options<Master>) =>
        Effect.flip(Run.run(options)).pipe(Effect.map((e) => e.message))
      expect(yield* fail({ ...base, plugins: all, end: start - 1 })).toBe(
        `invalid run option end: ${start - 1} is before start ${start}`
      )
      expect(yield* fail({ ...base, plugins: all, shard: { index: 3, count: 3 } })).toBe(
        "invalid run option shard.index: must be an integer in 0…2, got 3"
      )
      expect(yield* fail({ ...base, plugins: all, seed: 1.5 })).toBe(
        "invalid run option seed: must be an integer, got 1.5"
      )
      expect(yield* fail({ ...base, plugins: all, resume: { afterDay: start + 2, states: {} } })).toBe(
        `invalid run option resume.states: has no state for plugin "stock"`
      )
      expect(
        yield* fail({
          ...base,
          plugins: all,
          resume: { afterDay: start + 2, states: { stock: [], tills: 1 } }
        })
      ).toBe(
        `invalid run option resume.states: has a state for "tills", which is not a registered plugin with restore`
      )
      expect(
        yield* fail({ ...base, plugins: all, resume: { afterDay: start + 10, states: { stock: [] } } })
      ).toBe(
        `invalid run option resume.afterDay: must be an integer in ${start - 1}…${start + 9}, got ${start + 10}`
      )
      expect(yield* fail({ ...base, plugins: [tills] })).toBe(
        `plugin "tills" depends on "visits", which is not registered (registered: tills)`
      )
    })
  )
})

describe("Run.run plugin failures", () => {
  const fail = (plugins: ReadonlyArray<Registry.AnyPlugin<Master>>) =>
    Effect.flip(Run.run({ ...base, plugins })).pipe(
      Effect.map((e) => {
        if (e._tag !== "PluginFailed") throw new Error(`expected PluginFailed, got ${e._tag}`)
        return e
      })
    )
  const on = `on 2024-01-01 (day ${start})`

  it.effect("reading an undeclared plugin or an unknown table fails naming the plugin and day", () =>
    Effect.gen(function* () {
      const spy = custom("spy", [], [], (ctx) => [ctx.upstream("visits", "visits")].slice(1))
      const e = yield* fail([visits, spy])
      expect(e.plugin).toBe("spy")
      expect(e.day).toBe(start)
      expect(e.message).toBe(
        `plugin "spy" failed in step ${on}: plugin "spy" read the output of "visits", which is not in its dependsOn (none)`
      )
      const typo = custom("typo", ["visits"], [], (ctx) => [ctx.upstream("visits", "visit")].slice(1))
      expect((yield* fail([visits, typo])).message).toBe(
        `plugin "typo" failed in step ${on}: plugin "visits" has no table "visit" (its tables: visits)`
      )
      const svc = custom("svc", ["visits"], [], (ctx) => [ctx.service("visits")].slice(1) as [])
      expect((yield* fail([visits, svc])).message).toBe(
        `plugin "svc" failed in step ${on}: plugin "visits" exposes no service`
      )
      const hidden = custom("hidden", ["visits"], [], (ctx) => [ctx.service("stock")].slice(1) as [])
      expect((yield* fail([visits, stock, hidden])).reason).toBe(
        `plugin "hidden" read the service of "stock", which is not in its dependsOn (visits)`
      )
    })
  )

  it.effect("a wrong number of batches or a wrong table fails naming the plugin", () =>
    Effect.gen(function* () {
      const none = custom("none", [], [T], () => [])
      const e1 = yield* fail([none])
      expect(e1.plugin).toBe("none")
      expect(e1.message).toBe(
        `plugin "none" failed in step ${on}: step returned 0 batches, expected 1 (one per table: t)`
      )
      const other = Table.make("other", { A: Table.int })
      const wrong = custom("wrong", [], [T], () => [rowOf(other, 1)])
      expect((yield* fail([wrong])).reason).toBe(`batch 0 is of table "other", expected "t"`)
      const two = custom("two", [], [T], () => [rowOf(T, 1), rowOf(T, 2)])
      expect((yield* fail([two])).reason).toBe("step returned 2 batches, expected 1 (one per table: t)")
      const ragged = custom("ragged", [], [T], () => [{ ...rowOf(T, 1), length: 2 }])
      expect((yield* fail([ragged])).reason).toBe(`batch of table "t": column A has 1 values, expected 2`)
    })
  )

  it.effect("a throwing plugin is a PluginFailed failure, not a defect", () =>
    Effect.gen(function* () {
      const boom = new Error("boom")
      const late = custom("late", [], [T], (ctx) => {
        if (ctx.day === start + 2) throw boom
        return [rowOf(T, ctx.day)]
      })
      const e = yield* fail([visits, late])
      expect(e.message).toBe(`plugin "late" failed in step on 2024-01-03 (day ${start + 2}): boom`)
      expect(e.cause).toBe(boom)
      const badInit = {
        ...visits,
        init: () => {
          throw new Error("no stores")
        }
      }
      const e2 = yield* fail([badInit])
      expect(e2.message).toBe(`plugin "visits" failed in init: no stores`)
      expect(e2.day).toBeUndefined()
    })
  )

  it.effect("callback errors fail the run with the caller's error", () =>
    Effect.gen(function* () {
      class SinkFull extends Data.TaggedError("SinkFull")<{ readonly day: number }> {}
      const e = yield* Effect.flip(
        Run.run({
          ...base,
          plugins: all,
          onBatches: (day) => (day === start + 1 ? Effect.fail(new SinkFull({ day })) : Effect.void)
        })
      )
      expect(e).toEqual(new SinkFull({ day: start + 1 }))
    })
  )
})

describe("Run cancellation", () => {
  /** A plugin that counts its steps and signals after `n` of them. */
  const counter = (n: number, reached: Deferred.Deferred<void>) => {
    const state = { steps: 0 }
    const plugin = custom("counter", [], [T], (ctx) => {
      state.steps++
      if (state.steps === n) Deferred.unsafeDone(reached, Exit.void)
      return [rowOf(T, ctx.day)]
    })
    return { state, plugin }
  }

  it.effect("Fiber.interrupt stops the run within a step and emits RunCancelled", () =>
    Effect.gen(function* () {
      const reached = yield* Deferred.make<void>()
      const { state, plugin } = counter(7, reached)
      const events: Array<Progress.ProgressEvent> = []
      let calls = 0
      const fiber = yield* Effect.fork(
        Run.run({
          ...base,
          end: start + 10_000,
          plugins: [visits, plugin],
          onBatches: () => Effect.sync(() => calls++),
          onProgress: (e) => Effect.sync(() => events.push(e))
        })
      )
      yield* Deferred.await(reached)
      const exit = yield* Fiber.interrupt(fiber)
      expect(Exit.isInterrupted(exit)).toBe(true)
      expect(state.steps).toBeGreaterThanOrEqual(7)
      expect(state.steps).toBeLessThanOrEqual(9)
      const last = events.at(-1)!
      const daysDone = events.filter(Progress.$is("DayDone")).length
      expect(last).toEqual(Progress.RunCancelled({ daysDone }))
      expect(daysDone).toBeGreaterThanOrEqual(6)
      const callsAtStop = calls
      const stepsAtStop = state.steps
      expect(callsAtStop).toBeLessThanOrEqual(2 * stepsAtStop)
      for (let k = 0; k < 50; k++) yield* Effect.yieldNow()
      expect(calls).toBe(callsAtStop)
      expect(state.steps).toBe(stepsAtStop)
    })
  )

  it.effect("ending the progress stream early interrupts the run", () =>
    Effect.gen(function* () {
      const reached = yield* Deferred.make<void>()
      const { state, plugin } = counter(Number.POSITIVE_INFINITY, reached)
      const taken = yield* Run.stream({ ...base, end: start + 10_000, plugins: [plugin] }).pipe(
        Stream.take(3),
        Stream.runCollect
      )
      expect([...taken].map((e) => e._tag)).toEqual(["RunStarted", "DayDone", "DayDone"])
      const steps = state.steps
      expect(steps).toBeLessThanOrEqual(10)
      for (let k = 0; k < 50; k++) yield* Effect.yieldNow()
      expect(state.steps).toBe(steps)
    })
  )
})

describe("Run.stream", () => {
  it.effect("emits the same events as onProgress and ends with RunFinished", () =>
    Effect.gen(function* () {
      const seen: Array<Progress.ProgressEvent> = []
      const events = yield* Run.stream({
        ...base,
        plugins: all,
        onProgress: (e) => Effect.sync(() => seen.push(e))
      }).pipe(Stream.runCollect)
      const list = [...events]
      expect(list).toEqual(seen)
      expect(list.at(-1)!._tag).toBe("RunFinished")
      expect(list.filter(Progress.$is("DayDone")).length).toBe(10)
    })
  )

  it.effect("fails with the run's error", () =>
    Effect.gen(function* () {
      const e = yield* Effect.flip(Stream.runDrain(Run.stream({ ...base, plugins: [tills] })))
      expect(e._tag).toBe("MissingDependency")
    })
  )
})
