import { describe, expect, it } from "@effect/vitest"
import { Batch, Ids, Plugin, Timestamp } from "@retail-datagen/core"
import { Run } from "@retail-datagen/engine"
import type { Master } from "@retail-datagen/master"
import { PatternsService } from "@retail-datagen/patterns"
import { Effect, Exit } from "effect"
import { Stock, SupplyChain } from "../src/index.js"
import { replay, storeRows } from "./checks.js"
import * as Fixtures from "./fixtures/Shoppers.js"
import { masterOf, START, type Tables } from "./helpers.js"

/** A purchase the script asks for: store, product, units, ts. */
type Ask = readonly [number, number, number, number]

interface Grant {
  readonly ask: Ask
  readonly granted: number
}

/**
 * A scripted `receipts` plugin: each day, `script(day, stock)` lists purchases; each becomes a
 * one-line receipt of the granted units (plus `inflate` when granted > 0, and `shift` seconds
 * later than the take, to break the ledger).
 */
const scripted = (
  script: (day: number, stock: Stock.SupplyStock) => ReadonlyArray<Ask>,
  log: Array<Grant>,
  inflate = 0,
  shift = 0
) =>
  Plugin.make({
    name: "receipts",
    tables: [Fixtures.Receipts, Fixtures.ReceiptLines],
    dependsOn: ["stock"],
    init: (ctx) => ({
      stock: ctx.service<Stock.SupplyStock>("stock"),
      r: Batch.builder(Fixtures.Receipts),
      l: Batch.builder(Fixtures.ReceiptLines)
    }),
    step: (s, ctx) => {
      s.r.reset()
      s.l.reset()
      const seq = new Map<number, number>()
      for (const ask of script(ctx.day, s.stock)) {
        const [store, product, qty, ts] = ask
        const granted = s.stock.takeFromStore(store, product, qty, ts)
        log.push({ ask, granted })
        if (granted === 0) continue
        const n = seq.get(store) ?? 0
        seq.set(store, n + 1)
        const rid = Ids.append(Ids.append(ctx.day, store, 4), n, 5)
        const trace = Ids.append(1, rid, 14)
        const units = granted + inflate
        const cells = { TraceId: trace, EventTS: ts + shift, ReceiptId: rid }
        for (const [k, v] of Object.entries({
          ...cells,
          StoreID: store,
          CustomerID: Number.NaN,
          Subtotal: 0,
          Tax: 0,
          Total: 0
        }))
          s.r.num(k).push(v)
        s.r.code("TenderType").push(0)
        for (const [k, v] of Object.entries({
          ...cells,
          Line: 1,
          ProductID: product,
          Qty: units,
          UnitPrice: 0,
          ExtPrice: 0
        }))
          s.l.num(k).push(v)
        s.l.str("PromoCode").push("")
      }
      return [s.r.finish(), s.l.finish()]
    }
  })

const quiet = {
  onlineOrdersPlugin: null,
  storeShrinkPerDay: 0,
  storeCycleCountsPerDay: 0,
  dcShrinkPerDay: 0,
  dcCycleCountsPerDay: 0
}

const runScript = (
  master: Master.Master,
  days: number,
  plugin: ReturnType<typeof scripted>,
  shard?: Plugin.Shard
): Effect.Effect<Tables, unknown> => {
  const tables: Tables = {}
  const [stock, inventory] = SupplyChain.plugins(quiet)
  return Run.run({
    plugins: [PatternsService.plugin(), stock, plugin, inventory],
    seed: 3,
    start: START,
    end: START + days - 1,
    master,
    shard,
    onBatches: (_d, _p, batches) =>
      Effect.sync(() => {
        for (const b of batches) (tables[b.table.name] ??= []).push(Batch.concat(b.table, [b]))
      })
  }).pipe(Effect.as(tables))
}

const at = (day: number, h: number, m = 0, s = 0): number => Timestamp.make(day, h * 3600 + m * 60 + s)

/** A position of store 1: its product, start quantity and reorder point. */
const position = (master: Master.Master, k = 0) => {
  const snap = master.storeInventory
  const row = snap.locationStart[0]! + k
  return { product: snap.productId[row]!, q0: snap.currentQuantity[row]!, rop: snap.reorderPoint[row]! }
}

describe("the stock service", () => {
  const master = masterOf({ seed: 4, stores: 4, dcs: 1, products: 60, unitsPerStoreDay: 120 })

  it.effect("never grants more than is on hand", () =>
    Effect.gen(function* () {
      const { product, q0 } = position(master)
      const log: Array<Grant> = []
      const ask = Math.ceil(q0 / 3) + 1
      yield* runScript(
        master,
        1,
        scripted((day) => Array.from({ length: 6 }, (_, k) => [1, product, ask, at(day, 9, k)] as const), log)
      )
      const granted = log.map((g) => g.granted)
      expect(granted.reduce((a, b) => a + b, 0)).toBe(q0)
      granted.forEach((g, k) => {
        expect(g).toBeLessThanOrEqual(ask)
        if (k > 0 && granted[k - 1]! < ask) expect(g).toBe(0)
      })
    })
  )

  it.effect("grants nothing for products a store does not carry, or before their launch", () =>
    Effect.gen(function* () {
      const m = masterOf({ seed: 8, stores: 3, dcs: 1, products: 300, horizonDays: 30, unitsPerStoreDay: 50 })
      const snap = m.storeInventory
      const carried = new Set(
        Array.from(snap.productId.subarray(snap.locationStart[0]!, snap.locationStart[1]!))
      )
      const missing = Array.from({ length: m.products.length }, (_, i) => i + 1).find((p) => !carried.has(p))!
      const later = [...carried].find((p) => m.products.launchDate[p - 1]! > START)!
      expect(missing).toBeDefined()
      expect(later).toBeDefined()
      const log: Array<Grant> = []
      let dcGrant = -1
      yield* runScript(
        m,
        1,
        scripted((day, stock) => {
          dcGrant = stock.takeFromDc(1, later, 1, at(day, 10))
          expect(stock.dcOnHand(1, later)).toBeGreaterThan(0)
          return [
            [1, missing, 2, at(day, 9)],
            [1, later, 2, at(day, 9)]
          ]
        }, log)
      )
      expect(log.map((g) => g.granted)).toEqual([0, 0])
      expect(dcGrant).toBe(0)
    })
  )

  it.effect("applies a delivery at its unloading time, and never to an earlier take", () =>
    Effect.gen(function* () {
      const { product, q0 } = position(master, 1)
      const log: Array<Grant> = []
      const tables = yield* runScript(
        master,
        2,
        scripted(
          (day) =>
            day === START
              ? [[1, product, q0, at(day, 8)]] // sell out: the end of day reorders
              : [
                  [1, product, 5, at(day, 0, 0, 10)], // before any truck left the DC
                  [1, product, q0 * 10, at(day, 23, 59)], // after the delivery
                  [1, product, 5, at(day, 0, 0, 20)] // out of time order: the delivery is later
                ],
          log
        )
      )
      expect(log.map((g) => g.granted).slice(0, 2)).toEqual([q0, 0])
      expect(log[3]!.granted).toBe(0)
      const inbound = storeRows(tables).filter(
        (r) => r.node === 1 && r.product === product && r.reason === "INBOUND_SHIPMENT"
      )
      expect(inbound.length).toBe(1)
      expect(inbound[0]!.ts).toBeLessThan(at(START + 1, 23, 59))
      expect(log[2]!.granted).toBe(inbound[0]!.delta)
      expect(replay(master, tables).problems).toEqual([])
    })
  )

  it.effect("fails the day when the receipts carry more units than were granted", () =>
    Effect.gen(function* () {
      const { product } = position(master)
      const exit = yield* Effect.exit(
        runScript(
          master,
          1,
          scripted((day) => [[1, product, 1, at(day, 9)]], [], 1)
        )
      )
      expect(Exit.isFailure(exit)).toBe(true)
      expect(String(Exit.isFailure(exit) ? exit.cause : "")).toMatch(
        /granted 1 units but the day's receipt\/online lines carry 2/
      )
    })
  )

  it.effect("fails the day when the receipts are written at other times than the takes", () =>
    Effect.gen(function* () {
      const { product } = position(master)
      const ok = yield* Effect.exit(
        runScript(
          master,
          1,
          scripted((day) => [[1, product, 1, at(day, 9)]], [], 0, 0)
        )
      )
      expect(Exit.isSuccess(ok)).toBe(true)
      const exit = yield* Effect.exit(
        runScript(
          master,
          1,
          scripted((day) => [[1, product, 1, at(day, 9)]], [], 0, 60)
        )
      )
      expect(String(Exit.isFailure(exit) ? exit.cause : "")).toMatch(
        /carry other EventTS than the stock service's takes/
      )
    })
  )

  it.effect("refuses stores of regions the shard does not generate", () =>
    Effect.gen(function* () {
      const m = masterOf({ seed: 4, stores: 6, dcs: 2, products: 60 })
      const foreign = Array.from(m.stores.dcId).indexOf(1) + 1 // region 0 → shard 0 of 2
      const snap = m.storeInventory
      const product = snap.productId[snap.locationStart[foreign - 1]!]!
      const exit = yield* Effect.exit(
        runScript(
          m,
          1,
          scripted((day) => [[foreign, product, 1, at(day, 9)]], []),
          { index: 1, count: 2 }
        )
      )
      expect(String(Exit.isFailure(exit) ? exit.cause : "")).toMatch(/which shard 1\/2 does not generate/)
    })
  )

  it.effect("counts requested, granted and lost units per day", () =>
    Effect.gen(function* () {
      const { product, q0 } = position(master)
      const log: Array<Grant> = []
      const [stock, inventory] = SupplyChain.plugins(quiet)
      const summary = yield* Run.run({
        plugins: [
          PatternsService.plugin(),
          stock,
          scripted((day) => [[1, product, q0 + 7, at(day, 12)]], log),
          inventory
        ],
        seed: 1,
        start: START,
        end: START + 2,
        master
      })
      const lost = Stock.lostSales(summary.resume.states.stock)
      expect(lost.days).toEqual([START, START + 1, START + 2])
      expect(lost.requested).toEqual([q0 + 7, q0 + 7, q0 + 7])
      expect(lost.granted).toEqual(log.map((g) => g.granted))
      expect(lost.lost[0]).toBe(7)
      expect(lost.totalLost).toBe(lost.totalRequested - lost.totalGranted)
      expect(lost.lostShare).toBeCloseTo(lost.totalLost / lost.totalRequested, 12)
    })
  )
})
