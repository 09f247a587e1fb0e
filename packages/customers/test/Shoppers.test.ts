import { describe, expect, it } from "@effect/vitest"
import { type Batch, Calendar, Money, type Plugin, Timestamp } from "@retail-datagen/core"
import type { Registry } from "@retail-datagen/engine"
import type { Master } from "@retail-datagen/master"
import { Effect, FastCheck as fc } from "effect"
import { OnlineOrders, Receipts, ShopperError, Shoppers, Stock, Tables } from "../src/index.js"
import * as F from "./shoppers-fixture.js"

interface Config {
  readonly seed: number
  readonly stores: number
  readonly dcs: number
  readonly customers: number
  readonly products: number
  readonly customersPerDay: number
  readonly itemsPerTicketMean: number
  readonly onlineOrdersPerDay: number
  readonly start: number
  readonly days: number
}

/** Special days worth landing on: Black Friday, Christmas Eve/Day, July 4, a new year. */
const SPECIAL = ["2024-11-29", "2024-12-24", "2024-12-25", "2025-07-04", "2025-12-31"].map(Calendar.parse)

const configs: fc.Arbitrary<Config> = fc
  .record({
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    stores: fc.integer({ min: 2, max: 12 }),
    dcs: fc.integer({ min: 1, max: 4 }),
    customers: fc.integer({ min: 300, max: 1500 }),
    products: fc.integer({ min: 150, max: 500 }),
    customersPerDay: fc.integer({ min: 10, max: 300 }),
    itemsPerTicketMean: fc.double({ min: 1, max: 8, noNaN: true }),
    onlineOrdersPerDay: fc.integer({ min: 0, max: 80 }),
    start: fc.oneof(
      fc.integer({ min: Calendar.parse("2024-01-01"), max: Calendar.parse("2025-12-28") }),
      fc.constantFrom(...SPECIAL)
    ),
    days: fc.integer({ min: 1, max: 3 })
  })
  .map((c) => ({ ...c, dcs: Math.min(c.dcs, c.stores) }))

const property = (runs: number, body: (c: Config) => Promise<void>) =>
  fc.assert(fc.asyncProperty(configs, body), { numRuns: runs, seed: 5150 })

const masterOf = (c: Config): Master.Master =>
  F.master({ seed: c.seed, stores: c.stores, dcs: c.dcs, customers: c.customers, products: c.products })

const shoppers = (c: Config) =>
  Shoppers.plugins({
    customersPerDay: c.customersPerDay,
    itemsPerTicketMean: c.itemsPerTicketMean,
    onlineOrdersPerDay: c.onlineOrdersPerDay
  })

/** A plugin that records, per day, the shopper services' counters and the online lines. */
const probe = (record: {
  stats: Array<Receipts.Stats>
  online: Array<OnlineOrders.Stats>
  lines: Array<OnlineOrders.OnlineLines>
}): Plugin.FactPlugin<null, Master.Master> => ({
  name: "probe",
  tables: [],
  dependsOn: [Receipts.NAME, OnlineOrders.NAME],
  init: () => null,
  step: (_s, ctx) => {
    record.stats.push(ctx.service<Receipts.ReceiptsService>(Receipts.NAME).stats())
    const online = ctx.service<OnlineOrders.OnlineOrdersService>(OnlineOrders.NAME)
    record.online.push(online.stats())
    const l = online.linesOf(ctx.day)
    record.lines.push({
      ...l,
      traceId: l.traceId.slice(),
      nodeType: l.nodeType.slice(),
      nodeId: l.nodeId.slice(),
      productId: l.productId.slice(),
      qty: l.qty.slice(),
      eventTs: l.eventTs.slice()
    })
    return []
  }
})

/** Runs `plugins` over `c`'s days, on `master` when the caller already generated it. */
const runOf = (
  c: Config,
  plugins: ReadonlyArray<Registry.AnyPlugin<Master.Master>>,
  shard?: Plugin.Shard,
  master: Master.Master = masterOf(c)
) =>
  Effect.runPromise(
    F.run({
      plugins,
      master,
      seed: c.seed,
      start: c.start,
      end: c.start + c.days - 1,
      ...(shard === undefined ? {} : { shard })
    })
  )

/** Tax of one receipt/order by the facts-common rule, from its lines' (product, ExtPrice). */
const taxOf = (
  m: Master.Master,
  storeRow: number,
  lines: ReadonlyArray<readonly [number, number]>
): number => {
  let taxable = 0
  let reduced = 0
  for (const [productId, ext] of lines) {
    const t = m.products.taxability[productId - 1]!
    if (t === 0) taxable += ext
    else if (t === 2) reduced += ext
  }
  return (
    Money.applyBps(taxable, m.stores.taxRateBps[storeRow]!) +
    Money.applyBps(reduced, m.stores.reducedTaxRateBps[storeRow]!)
  )
}

/** A numeric cell of a row (a missing column fails the test). */
const num = (v: Batch.Cell | undefined): number => {
  if (v === undefined) throw new Error("no such column")
  return v as number
}

// The reconciliation below checks every row of every run: these helpers make the same assertions
// as `expect(a).toBe(b)` & co. but build the (costly) expect only when the check fails.
const is = (a: unknown, b: unknown) => {
  if (!Object.is(a, b)) expect(a).toBe(b)
}
const defined = (a: unknown, message?: string) => {
  if (a === undefined) expect(a, message).toBeDefined()
}
const atMost = (a: number, b: number) => {
  if (!(a <= b)) expect(a).toBeLessThanOrEqual(b)
}
const atLeast = (a: number, b: number) => {
  if (!(a >= b)) expect(a).toBeGreaterThanOrEqual(b)
}
const below = (a: number, b: number) => {
  if (!(a < b)) expect(a).toBeLessThan(b)
}

describe("Shoppers.plugins", () => {
  it("returns receipts then online_orders with the contract tables and dependencies", () => {
    const [r, o] = Shoppers.plugins({ customersPerDay: 100, itemsPerTicketMean: 4.2, onlineOrdersPerDay: 10 })
    expect(r.name).toBe("receipts")
    expect(r.tables.map((t) => t.name)).toEqual(["receipts", "receipt_lines"])
    expect(r.dependsOn).toEqual(["patterns", "stock"])
    expect(o.name).toBe("online_orders")
    expect(o.tables.map((t) => t.name)).toEqual(["online_orders"])
    expect(o.dependsOn).toEqual(["stock", "receipts"])
    const [rx, ox] = Shoppers.plugins({
      customersPerDay: 100,
      itemsPerTicketMean: 4.2,
      onlineOrdersPerDay: 10,
      exposure: true
    })
    expect(rx.dependsOn).toContain("marketing")
    expect(ox.dependsOn).toContain("marketing")
  })

  it("rejects bad options with a message naming the field", () => {
    const bad = [
      { customersPerDay: -1, itemsPerTicketMean: 4, onlineOrdersPerDay: 0 },
      { customersPerDay: 10, itemsPerTicketMean: 0.5, onlineOrdersPerDay: 0 },
      { customersPerDay: 10, itemsPerTicketMean: 51, onlineOrdersPerDay: 0 },
      { customersPerDay: 10, itemsPerTicketMean: 4, onlineOrdersPerDay: Number.NaN }
    ]
    const fields = ["customersPerDay", "itemsPerTicketMean", "itemsPerTicketMean", "onlineOrdersPerDay"]
    bad.forEach((o, i) => {
      try {
        Shoppers.plugins(o)
        expect.unreachable()
      } catch (e) {
        expect(e).toBeInstanceOf(ShopperError.InvalidOptions)
        expect((e as ShopperError.InvalidOptions).field).toBe(fields[i])
        expect((e as Error).message).toContain(fields[i])
      }
    })
  })

  it("fails a day with more receipts than the id layout allows, naming the store and the limit", async () => {
    const m = F.master({ seed: 1, stores: 1, dcs: 1, customers: 300, products: 150 })
    const result = await Effect.runPromise(
      Effect.either(
        F.run({
          plugins: [
            Stock.unlimited,
            ...Shoppers.plugins({ customersPerDay: 2_000_000, itemsPerTicketMean: 2, onlineOrdersPerDay: 0 })
          ],
          master: m,
          seed: 1,
          start: Calendar.parse("2024-03-06"),
          end: Calendar.parse("2024-03-06")
        })
      )
    )
    expect(result._tag).toBe("Left")
    const message = String((result as { left: unknown }).left)
    expect(message).toContain("store 1 on 2024-03-06")
    expect(message).toContain(String(Receipts.MAX_PER_STORE_DAY))
  })
})

describe("receipts and online_orders (property tests with the engine)", () => {
  it("pass validation I1–I3, I5, I6 and reconcile to the cent", async () => {
    await property(12, async (c) => {
      const m = masterOf(c)
      const rec = { stats: [], online: [], lines: [] } as Parameters<typeof probe>[0]
      const out = await runOf(c, [Stock.unlimited, ...shoppers(c), probe(rec)], undefined, m)
      const report = F.validate(m, out.tables)
      expect(F.ok(report), F.reportText(report)).toBe(true)

      const receipts = F.rows(out, "receipts")
      const lines = F.rows(out, "receipt_lines")
      const byId = new Map(receipts.map((r) => [num(r.ReceiptId), r]))
      is(byId.size, receipts.length)
      // Every line has its receipt; every receipt its lines, numbered 1..n, sharing TraceId and EventTS.
      const linesOf = new Map<number, Array<Record<string, Batch.Cell>>>()
      for (const l of lines) {
        const r = byId.get(num(l.ReceiptId))
        defined(r)
        is(l.TraceId, r!.TraceId)
        is(l.EventTS, r!.EventTS)
        const list = linesOf.get(num(l.ReceiptId)) ?? []
        list.push(l)
        linesOf.set(num(l.ReceiptId), list)
      }
      for (const r of receipts) {
        const ls = linesOf.get(num(r.ReceiptId))
        defined(ls, `receipt ${r.ReceiptId} has lines`)
        if (ls!.some((l, i) => l.Line !== i + 1))
          expect(ls!.map((l) => l.Line)).toEqual(ls!.map((_, i) => i + 1))
        const day = Timestamp.day(num(r.EventTS))
        const store = num(r.StoreID)
        // Ids: RCP = day(5) store(4) seq(5); TRC = 1 + the same digits.
        is(Math.floor(num(r.ReceiptId) / 1e9), day)
        is(Math.floor(num(r.ReceiptId) / 1e5) % 1e4, store)
        is(num(r.TraceId), 1e14 + num(r.ReceiptId))
        let subtotal = 0
        const ext: Array<[number, number]> = []
        for (const l of ls!) {
          const p = num(l.ProductID) - 1
          atMost(m.products.launchDate[p]!, day)
          const sale = m.products.salePrice[p]!
          atLeast(num(l.Qty), 1)
          is(num(l.ExtPrice), num(l.Qty) * num(l.UnitPrice))
          if (l.PromoCode === null) is(l.UnitPrice, sale)
          else below(num(l.UnitPrice), sale)
          subtotal += num(l.ExtPrice)
          ext.push([num(l.ProductID), num(l.ExtPrice)])
        }
        is(new Set(ls!.map((l) => l.ProductID)).size, ls!.length)
        is(r.Subtotal, subtotal)
        is(r.Tax, taxOf(m, store - 1, ext))
        is(r.Total, subtotal + num(r.Tax))
        atLeast(num(r.CustomerID), 1)
        atMost(num(r.CustomerID), m.customers.length)
      }
      // Receipt sequences are contiguous per store-day, rows ordered by (EventTS, StoreID, seq).
      const seqs = new Map<string, Array<number>>()
      receipts.forEach((r, i) => {
        const key = `${Timestamp.day(num(r.EventTS))}:${r.StoreID}`
        const seq = seqs.get(key) ?? []
        seq.push(num(r.ReceiptId) % 1e5)
        seqs.set(key, seq)
        if (i > 0) {
          const p = receipts[i - 1]!
          if (Timestamp.day(num(p.EventTS)) === Timestamp.day(num(r.EventTS)))
            is(
              num(p.EventTS) < num(r.EventTS) ||
                (p.EventTS === r.EventTS && num(p.ReceiptId) < num(r.ReceiptId)),
              true
            )
        }
      })
      for (const s of seqs.values()) expect(s).toEqual(s.map((_, i) => i))
      const lastStats = rec.stats[rec.stats.length - 1]!
      is(lastStats.receipts, receipts.length)
      is(lastStats.lines, lines.length)
      is(lastStats.lostUnits, 0)

      // Online orders: totals reconcile with the lines the service shares, nodes near the customer.
      const orders = F.rows(out, "online_orders")
      const onlineLines = new Map<number, Array<[number, number, number, number]>>()
      rec.lines.forEach((l, d) => {
        is(l.day, out.days[d])
        for (let i = 0; i < l.length; i++) {
          const list = onlineLines.get(l.traceId[i]!) ?? []
          list.push([l.productId[i]!, l.qty[i]!, l.nodeId[i]!, l.eventTs[i]!])
          onlineLines.set(l.traceId[i]!, list)
          is(Timestamp.day(l.eventTs[i]!), l.day)
          if (l.nodeType[i] === Tables.NODE_STORE)
            is(Timestamp.secondOfDay(l.eventTs[i]!), OnlineOrders.PICK_SECOND)
        }
      })
      is(onlineLines.size, orders.length)
      const k = m.customers.nearestCount
      for (const o of orders) {
        const ls = onlineLines.get(num(o.TraceId))
        defined(ls)
        is(num(o.TraceId), 2e14 + num(o.OrderId))
        const c = num(o.CustomerID) - 1
        const home = m.customers.nearestStoreIds[c * k]!
        const region = m.stores.dcId[home - 1]! - 1
        is(Math.floor(num(o.OrderId) / 1e5) % 1e4, region + 1)
        const node = num(o.FulfillmentNodeID)
        let rateStore = home - 1
        if (o.FulfillmentMode === "SHIP_FROM_DC") {
          is(o.FulfillmentNodeType, "DC")
          is(node, region + 1)
        } else {
          is(o.FulfillmentNodeType, "STORE")
          const near = Array.from(m.customers.nearestStoreIds.subarray(c * k, c * k + k))
          expect(near).toContain(node)
          is(m.stores.dcId[node - 1]! - 1, region)
          if (o.FulfillmentMode === "BOPIS") is(node, home)
          rateStore = node - 1
        }
        let subtotal = 0
        const ext: Array<[number, number]> = []
        for (const [productId, qty, nodeId] of ls!) {
          is(nodeId, node)
          atMost(m.products.launchDate[productId - 1]!, Timestamp.day(num(o.EventTS)))
          subtotal += qty * m.products.salePrice[productId - 1]!
          ext.push([productId, qty * m.products.salePrice[productId - 1]!])
        }
        is(o.Subtotal, subtotal)
        is(o.Tax, taxOf(m, rateStore, ext))
        is(o.Total, subtotal + num(o.Tax))
        if (o.TenderType === "CASH") is(o.FulfillmentMode, "BOPIS")
      }
    })
  })

  it("gives the same rows with 1 and 3 shards (ordered by EventTS, then id)", async () => {
    await property(6, async (c) => {
      const m = masterOf(c)
      const one = await runOf(c, [Stock.unlimited, ...shoppers(c)], undefined, m)
      const parts = await Promise.all(
        [0, 1, 2].map((index) => runOf(c, [Stock.unlimited, ...shoppers(c)], { index, count: 3 }, m))
      )
      const merged = (table: string, key: string) =>
        parts
          .flatMap((p) => F.rows(p, table))
          .sort(
            (a, b) =>
              num(a.EventTS) - num(b.EventTS) ||
              num(a[key]) - num(b[key]) ||
              num(a.Line ?? 0) - num(b.Line ?? 0)
          )
      expect(merged("receipts", "ReceiptId")).toEqual(F.rows(one, "receipts"))
      expect(merged("receipt_lines", "ReceiptId")).toEqual(F.rows(one, "receipt_lines"))
      expect(merged("online_orders", "OrderId")).toEqual(F.rows(one, "online_orders"))
    })
  })

  it("never sells more than the stock grants, substitutes or drops lines, and counts lost units", async () => {
    await property(8, async (c) => {
      const m = masterOf(c)
      const log: Array<F.Take> = []
      const stock = F.limitedStock(
        (node, id, p) => F.hash(node === "dc" ? 1000 + id : id, p, c.seed) % (node === "dc" ? 4 : 3),
        log
      )
      const rec = { stats: [], online: [], lines: [] } as Parameters<typeof probe>[0]
      const cc = { ...c, customersPerDay: Math.max(c.customersPerDay, 200), onlineOrdersPerDay: 40 }
      const out = await runOf(cc, [stock, ...shoppers(cc), probe(rec)], undefined, m)
      expect(F.ok(F.validate(m, out.tables)), F.reportText(F.validate(m, out.tables))).toBe(true)
      const granted = new Map<string, number>()
      const lastTs = new Map<number, number>()
      let shortfall = 0
      let partial = 0
      for (const t of log) {
        expect(t.granted).toBeGreaterThanOrEqual(0)
        expect(t.granted).toBeLessThanOrEqual(t.asked)
        const key = `${t.node}:${t.id}:${t.productId}`
        granted.set(key, (granted.get(key) ?? 0) + t.granted)
        shortfall += t.asked - t.granted
        if (t.granted > 0) partial += t.asked - t.granted
        if (t.node === "store") {
          expect(t.ts).toBeGreaterThanOrEqual(lastTs.get(t.id) ?? 0)
          lastTs.set(t.id, t.ts)
        }
      }
      // No node ever grants more than it had.
      for (const [key, g] of granted) {
        const [node, id, p] = key.split(":")
        const had =
          F.hash(node === "dc" ? 1000 + Number(id) : Number(id), Number(p), c.seed) % (node === "dc" ? 4 : 3)
        expect(g).toBeLessThanOrEqual(had)
      }
      // Everything sold was granted, unit for unit.
      const sold = new Map<string, number>()
      for (const l of F.rows(out, "receipt_lines")) {
        const store = Math.floor(num(l.ReceiptId) / 1e5) % 1e4
        const key = `store:${store}:${l.ProductID}`
        sold.set(key, (sold.get(key) ?? 0) + num(l.Qty))
      }
      for (const l of rec.lines)
        for (let i = 0; i < l.length; i++) {
          const key = `${l.nodeType[i] === Tables.NODE_DC ? "dc" : "store"}:${l.nodeId[i]}:${l.productId[i]}`
          sold.set(key, (sold.get(key) ?? 0) + l.qty[i]!)
        }
      for (const [key, g] of granted) expect(sold.get(key) ?? 0).toBe(g)
      for (const key of sold.keys()) expect(granted.has(key)).toBe(true)
      // Lost units: every partial shortfall is lost; a zero grant may be replaced by a substitute.
      const r = rec.stats[rec.stats.length - 1]!
      const o = rec.online[rec.online.length - 1]!
      const lost = r.lostUnits + o.lostUnits
      expect(lost).toBeGreaterThanOrEqual(partial)
      expect(lost).toBeLessThanOrEqual(shortfall)
      if (shortfall > 0) expect(lost).toBeGreaterThan(0)
      expect(r.lines).toBe(F.rows(out, "receipt_lines").length)
    })
  })

  it("a visit the shelves turn away does not shift the store-day's later visits", async () => {
    await property(4, async (c) => {
      const m = masterOf(c)
      const cc = { ...c, customersPerDay: Math.max(c.customersPerDay, 100), onlineOrdersPerDay: 0 }
      // nothing on any shelf before noon of the first day, everything after
      const noon = cc.start * 86400 + 12 * 3600
      const empty: Plugin.FactPlugin<null, Master.Master, Stock.StockService> = {
        ...Stock.unlimited,
        service: () => ({
          takeFromStore: (_s, _p, qty, ts) => (ts < noon ? 0 : qty),
          takeFromDc: (_d, _p, qty) => qty
        })
      }
      const recFull = { stats: [], online: [], lines: [] } as Parameters<typeof probe>[0]
      const recStarved = { stats: [], online: [], lines: [] } as Parameters<typeof probe>[0]
      const full = await runOf(cc, [Stock.unlimited, ...shoppers(cc), probe(recFull)], undefined, m)
      const starved = await runOf(cc, [empty, ...shoppers(cc), probe(recStarved)], undefined, m)
      // the visits of the afternoon and later days: the same customers, times, tenders and totals
      // (ReceiptId and TraceId number the receipts of a store-day, which the morning's lost visits shift)
      const later = (out: F.Output) =>
        F.rows(out, "receipts")
          .filter((r) => num(r.EventTS) >= noon)
          .map(({ ReceiptId: _id, TraceId: _trace, ...rest }) => JSON.stringify(rest))
      // (a visit can buy nothing even with full shelves: count only the morning's extra ones)
      const turnedAway = recStarved.stats[0]!.lostVisits - recFull.stats[0]!.lostVisits
      expect(later(starved)).toEqual(later(full))
      expect(F.rows(starved, "receipts").length).toBe(F.rows(full, "receipts").length - turnedAway)
    })
  })

  it("resumes from saved state with exactly the rows of one uninterrupted run", async () => {
    await property(4, async (c0) => {
      const c = { ...c0, days: 4 }
      const m = masterOf(c)
      const full = await runOf(c, [Stock.unlimited, ...shoppers(c)], undefined, m)
      const first = await Effect.runPromise(
        F.run({
          plugins: [Stock.unlimited, ...shoppers(c)],
          master: m,
          seed: c.seed,
          start: c.start,
          end: c.start + 1
        })
      )
      const rest = await Effect.runPromise(
        F.run({
          plugins: [Stock.unlimited, ...shoppers(c)],
          master: m,
          seed: c.seed,
          start: c.start,
          end: c.start + 3,
          resume: first.summary.resume
        })
      )
      for (const t of ["receipts", "receipt_lines", "online_orders"])
        expect([...F.rows(first, t), ...F.rows(rest, t)]).toEqual(F.rows(full, t))
      expect(rest.summary.resume.states.receipts).toEqual(full.summary.resume.states.receipts)
    })
  })
})
