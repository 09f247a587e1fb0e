import { describe, expect, it } from "@effect/vitest"
import { Plugin, Rng } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Patterns, PatternsService } from "@retail-datagen/patterns"
import { FastCheck as fc } from "effect"
import { Stock } from "../src/index.js"
import { Bytes, Differ, packRows, unpackFloats, unpackInts, unpackRows } from "../src/internal/codec.js"
import { text } from "./checks.js"
import { masterOf, run, type Scenario, START } from "./helpers.js"

const SUPPLY = ["store_inventory_txn", "dc_inventory_txn", "truck_moves"]

/** Integers as the pending rows hold them: times, trace ids up to 15 digits, small codes, signs. */
const cell = fc.oneof(
  fc.integer({ min: -50, max: 50 }),
  fc.integer({ min: 1_700_000_000, max: 1_800_000_000 }),
  fc.integer({ min: 0, max: 999_999_999_999_999 }),
  fc.constant(0)
)

describe("saved-state codec", () => {
  it.prop(
    "rows of integers round-trip through the varint column differences",
    [fc.integer({ min: 1, max: 9 }), fc.array(cell, { maxLength: 200 })],
    ([stride, values]) => {
      const n = Math.floor(values.length / stride) * stride
      const rows = Float64Array.from(values.slice(0, n))
      const back = unpackRows(packRows(rows, stride, new Bytes()), "rows", stride)
      expect(Array.from(back)).toEqual(Array.from(rows))
    }
  )

  it("rows with a non-integer or an infinite value are kept exactly (raw)", () => {
    const rows = Float64Array.from([1, 2.5, Number.NEGATIVE_INFINITY, 4, -0.125, 2 ** 60])
    const back = unpackRows(packRows(rows, 3, new Bytes()), "rows", 3)
    expect(Array.from(back)).toEqual(Array.from(rows))
  })

  it("refuses rows of the wrong stride or count, and garbage", () => {
    const packed = packRows(Float64Array.from([1, 2, 3, 4, 5, 6]), 3, new Bytes())
    expect(() => unpackRows(packed, "rows", 3, 3)).toThrow(/holds 2 rows, expected 3/)
    expect(() => unpackRows(Buffer.from([7, 1, 2]).toString("base64"), "rows", 3)).toThrow(/not packed rows/)
    expect(() => unpackRows(42, "rows", 3)).toThrow(/not a base64 string/)
  })

  it.prop(
    "a ledger saved against its baseline restores every entry (sparse and dense)",
    [
      fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 0, max: 100 })
    ],
    ([base, changedPct]) => {
      const d = new Differ()
      const baseline = Int16Array.from(base)
      const now = Int16Array.from(base, (v, i) => ((i * 37) % 100 < changedPct ? (v * 7 + 3) % 30000 : v))
      const floatsBase = Float32Array.from(base, (v) => v / 7)
      const floatsNow = Float32Array.from(now, (v) => v / 7)
      for (const ints of [now, Int32Array.from(now)]) {
        d.reset()
        for (let i = 0; i < ints.length; i++) if (ints[i] !== baseline[i]) d.int(i, ints[i]!)
        const packed = d.packInts(ints)
        expect(packed.sparse === undefined).toBe(d.length * 3 > ints.length)
        const out = ints instanceof Int16Array ? Int16Array.from(baseline) : Int32Array.from(baseline)
        unpackInts(JSON.parse(JSON.stringify(packed)), "ledger", out)
        expect(Array.from(out)).toEqual(Array.from(ints))
      }
      d.reset()
      for (let i = 0; i < floatsNow.length; i++) if (floatsNow[i] !== floatsBase[i]) d.float(i, floatsNow[i]!)
      const packed = d.packFloats(floatsNow)
      const out = Float32Array.from(floatsBase)
      unpackFloats(JSON.parse(JSON.stringify(packed)), "ledger", out)
      expect(Array.from(out)).toEqual(Array.from(floatsNow))
    }
  )

  it("refuses a ledger of another size or with values a 16-bit ledger cannot hold", () => {
    const d = new Differ()
    d.int(1, 40000)
    const packed = d.packInts(new Int32Array(10))
    expect(() => unpackInts(packed, "onHand", new Int32Array(11))).toThrow(/not a ledger of 11 values/)
    expect(() => unpackInts(packed, "onHand", new Int16Array(10))).toThrow(/out of range/)
    const wide = new Int32Array(10)
    unpackInts(packed, "onHand", wide)
    expect(wide[1]).toBe(40000)
  })
})

describe("saved state of the stock plugin", () => {
  it.prop(
    "restores every ledger of every region exactly (model round trip through JSON)",
    [fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 400 })],
    ([seed, days, takes]) => {
      const master = masterOf({ seed: 3, stores: 5, dcs: 2, products: 60, unitsPerStoreDay: 40 })
      const plugin = Stock.plugin({})
      const ctx: Plugin.InitContext<Master.Master> = {
        ...Plugin.shardView(master, { index: 0, count: 1 }),
        master,
        seed,
        start: START,
        shard: { index: 0, count: 1 },
        rng: (...keys) => Rng.make(seed, "stock", ...keys),
        // the one service the stock reads: the shard's patterns
        service: <S>(key: Plugin.Key<string, S> | string): S => {
          if ((typeof key === "string" ? key : key.name) === PatternsService.NAME)
            return Patterns.make({ seed, start: START }) as S
          throw new Error("no services")
        }
      }
      const model = plugin.init(ctx)
      const rng = Rng.make(seed, "test")
      for (let day = START; day <= START + days; day++) {
        for (let k = 0; k < takes; k++) {
          const ts = day * 86400 + rng.int(0, 86399)
          if (rng.chance(0.9)) model.takeFromStore(rng.int(1, 5), rng.int(1, 60), rng.int(1, 12), ts)
          else model.takeFromDc(rng.int(1, 2), rng.int(1, 60), rng.int(1, 4), ts)
        }
        model.endOfDay(day, (...keys) => Rng.make(seed, "inventory", ...keys))
      }
      const back = plugin.restore!(JSON.parse(JSON.stringify(plugin.save!(model))), ctx)
      model.owned.forEach((r, k) => {
        const b = back.owned[k]!
        for (const name of [
          "onHand",
          "inTransit",
          "backlog",
          "demand",
          "dcOnHand",
          "dcPipeline",
          "dcOnlineDemand"
        ] as const)
          expect(Array.from(b[name]), name).toEqual(Array.from(r[name]))
        expect(b.pendStore.length).toBe(r.pendStore.length)
        for (const pend of ["pendStore", "pendDc", "pendTruck"] as const)
          expect(Array.from(b[pend].view()), pend).toEqual(Array.from(r[pend].view()))
        expect(b.queues).toEqual(r.queues.map((q, ls) => q.slice(r.heads[ls]! * 3)))
        expect(b.reviews).toBe(days + 1)
      })
    },
    { fastCheck: { numRuns: 12 } }
  )

  it("resumes byte-identically after weeks of heavy demand (most positions asked for: dense ledgers)", async () => {
    const master = masterOf({
      seed: 5,
      stores: 4,
      dcs: 2,
      products: 40,
      trucksPerDc: 1,
      unitsPerStoreDay: 20
    })
    const s: Scenario = { master, seed: 5, days: 16, receiptsPerDay: 600, onlineOrdersPerDay: 60 }
    const full = await run(s)
    const head = await run(s, undefined, START + 11)
    const saved = JSON.parse(JSON.stringify(head.resume))
    const regions = saved.states.stock.regions as ReadonlyArray<{ demand: { dense?: string } }>
    expect(regions.some((r) => r.demand.dense !== undefined)).toBe(true)
    const tail = await run(s, saved)
    const fullText = text(full.tables)
    const tailText = text(tail.tables)
    for (const name of SUPPLY) expect(tailText[name]).toEqual(fullText[name]!.slice(12))
    expect(tail.lost).toEqual(full.lost)
  })

  it("refuses a state of an older version, and one whose master data differ", async () => {
    const master = masterOf({ seed: 9, stores: 6, dcs: 2, products: 80 })
    const s: Scenario = { master, seed: 9, days: 2, receiptsPerDay: 200 }
    const head = await run(s)
    const old = JSON.parse(JSON.stringify(head.resume))
    old.states.stock.version = 1
    await expect(run(s, old, START + 3)).rejects.toThrow(
      /state is of version 1; this version .* reads version 2 only/
    )
    const other = JSON.parse(JSON.stringify(head.resume))
    other.states.stock.regions[0].fingerprint ^= 1
    await expect(run(s, other, START + 3)).rejects.toThrow(/saved from other master data/)
  })
})
