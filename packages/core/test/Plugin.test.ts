import { describe, expect, it } from "@effect/vitest"
import { FastCheck } from "effect"
import { Batch, type Calendar, Plugin, Rng, Table } from "../src/index.js"

const Visits = Table.make("visits", { StoreID: Table.int, Count: Table.int })

/** The README's example plugin: one row per store with a keyed random count. */
const visits = Plugin.make<{ b: Batch.Builder; stores: number }, { stores: number }>({
  name: "visits",
  tables: [Visits],
  dependsOn: [],
  init: (ctx) => ({ b: Batch.builder(Visits), stores: ctx.master.stores }),
  step: (state, ctx) => {
    state.b.reset()
    const store = state.b.num("StoreID")
    const count = state.b.num("Count")
    for (let s = 1; s <= state.stores; s++) {
      store.push(s)
      count.push(ctx.rng("count", s).int(0, 9))
    }
    return [state.b.finish()]
  }
})

const none = (): never => {
  throw new Error("no network in this master")
}
const noNetwork = { stores: none, dcs: none, customers: none, ownsStore: none, ownsDc: none }

/** A minimal stand-in for the engine: streams are named (seed, plugin, day, ...keys). */
const context = (seed: number, day: Calendar.EpochDay): Plugin.DayContext<{ stores: number }> => ({
  seed,
  shard: { index: 0, count: 1 },
  master: { stores: 5 },
  start: day,
  day,
  rng: (...keys) => Rng.make(seed, "visits", day, ...keys),
  service: () => {
    throw new Error("no services")
  },
  upstream: () => {
    throw new Error("no upstream")
  },
  ...noNetwork
})

describe("Plugin contract", () => {
  it("a plugin's day is a pure function of (seed, day): re-running it gives the same rows", () => {
    const ctx = context(42, 19_000)
    const a = Batch.rows(visits.step(visits.init(ctx), ctx)[0]!)
    const b = Batch.rows(visits.step(visits.init(ctx), ctx)[0]!)
    expect(a).toHaveLength(5)
    expect(a).toEqual(b)
    expect(a.map((r) => r.StoreID)).toEqual([1, 2, 3, 4, 5])
    // Another day draws from other streams.
    const other = context(42, 19_001)
    const c = Batch.rows(visits.step(visits.init(other), other)[0]!)
    const counts = (rows: typeof a) => rows.map((r) => r.Count).join()
    expect(counts(c)).not.toBe(counts(a))
  })

  it("make returns the plugin unchanged", () => {
    expect(visits.name).toBe("visits")
    expect(visits.tables).toEqual([Visits])
  })

  it.prop(
    "ownsRegion deals every region to exactly one shard, for any shard count",
    [FastCheck.integer({ min: 1, max: 64 }), FastCheck.integer({ min: 0, max: 10_000 })],
    ([count, region]) => {
      const owners = Array.from({ length: count }, (_, index) => index).filter((index) =>
        Plugin.ownsRegion({ index, count }, region)
      )
      expect(owners).toHaveLength(1)
    }
  )
})
