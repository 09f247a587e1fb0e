import { describe, expect, it } from "@effect/vitest"
import { Calendar, Plugin, Timestamp } from "@retail-datagen/core"
import { Inventory, type Master } from "@retail-datagen/master"
import type { Stock } from "../src/index.js"
import { dcRows, storeRows } from "./checks.js"
import { masterOf, run, START, type Scenario } from "./helpers.js"

interface Seen {
  day: number
  onHand: number
  inTransit: number
  backlog: number
  dcOnHand: number
}

/** A table-less plugin stepping after `inventory` that records one position at each day's end. */
const probe = (store: number, product: number, dc: number, seen: Array<Seen>) =>
  Plugin.make({
    name: "probe",
    tables: [],
    dependsOn: ["stock", "inventory"],
    init: (ctx) => ctx.service<Stock.SupplyStock>("stock"),
    step: (stock, ctx) => {
      seen.push({
        day: ctx.day,
        onHand: stock.onHand(store, product),
        inTransit: stock.inTransit(store, product),
        backlog: stock.backlog(store, product),
        dcOnHand: stock.dcOnHand(dc, product)
      })
      return []
    }
  })

/** The launched product of store 1 with the largest starting quantity. */
const hotProduct = (master: Master.Master): { product: number; q0: number; rop: number } => {
  const snap = master.storeInventory
  let best = -1
  for (let r = snap.locationStart[0]!; r < snap.locationStart[1]!; r++)
    if (best < 0 || snap.currentQuantity[r]! > snap.currentQuantity[best]!) best = r
  return { product: snap.productId[best]!, q0: snap.currentQuantity[best]!, rop: snap.reorderPoint[best]! }
}

/** The master with the DC's stock of `product` emptied. */
const emptyDc = (master: Master.Master, dc: number, product: number): Master.Master => {
  const qty = master.dcInventory.currentQuantity.slice()
  qty[Inventory.rowOf(master.dcInventory, dc, product)] = 0
  return { ...master, dcInventory: { ...master.dcInventory, currentQuantity: qty } }
}

const runWithProbe = async (s: Scenario, store: number, product: number) => {
  const seen: Array<Seen> = []
  const out = await run(s, undefined, undefined, [
    probe(store, product, s.master.stores.dcId[store - 1]!, seen)
  ])
  return { seen, tables: out.tables, lost: out.lost }
}

const quiet = { storeShrinkPerDay: 0, storeCycleCountsPerDay: 0, dcShrinkPerDay: 0, dcCycleCountsPerDay: 0 }

describe("reorder scenarios", () => {
  it("a product selling fast reaches its reorder point and is delivered within the lead time", async () => {
    const master = masterOf({ seed: 21, stores: 6, dcs: 1, products: 80, unitsPerStoreDay: 400 })
    const { product, q0, rop } = hotProduct(master)
    const s: Scenario = {
      master,
      seed: 21,
      days: 7,
      receiptsPerDay: 300,
      hot: [{ storeId: 1, productId: product, unitsPerDay: Math.ceil((q0 - rop) / 3), unitsPerReceipt: 2 }],
      options: quiet
    }
    const { seen, tables } = await runWithProbe(s, 1, product)
    const reorder = seen.findIndex((x) => x.backlog + x.inTransit > 0)
    expect(reorder).toBeGreaterThanOrEqual(0)
    // the order came when the position reached the reorder point, not before
    expect(seen[reorder]!.onHand).toBeLessThanOrEqual(rop)
    for (const x of seen.slice(0, reorder)) expect(x.onHand).toBeGreaterThan(rop)
    const inbound = storeRows(tables).filter(
      (r) => r.node === 1 && r.product === product && r.reason === "INBOUND_SHIPMENT"
    )
    expect(inbound.length).toBeGreaterThan(0)
    const first = inbound[0]!
    expect(first.day).toBeGreaterThan(seen[reorder]!.day)
    expect(first.day).toBeLessThanOrEqual(seen[reorder]!.day + Inventory.STORE_LEAD_DAYS)
    // the DC shipped what the store received, with the same trace
    const out = dcRows(tables).filter((r) => r.trace === first.trace && r.product === product)
    expect(out.map((r) => -r.delta)).toEqual([first.delta])
  })

  it("with the DC empty, the backorder waits for the supplier and is filled right after", async () => {
    const base = masterOf({ seed: 22, stores: 5, dcs: 1, products: 120, unitsPerStoreDay: 100 })
    const { product, q0 } = hotProduct(base)
    const master = emptyDc(base, 1, product)
    const lead = 4
    const s: Scenario = {
      master,
      seed: 22,
      days: 8,
      receiptsPerDay: 250,
      hot: [{ storeId: 1, productId: product, unitsPerDay: Math.ceil(q0 / 2), unitsPerReceipt: 2 }],
      options: { ...quiet, supplierLeadDays: lead }
    }
    const { seen, tables, lost } = await runWithProbe(s, 1, product)
    const supplier = dcRows(tables).filter((r) => r.product === product && r.reason === "INBOUND_SHIPMENT")
    expect(supplier.length).toBeGreaterThan(0)
    const arrival = supplier[0]!
    expect(Math.floor(arrival.trace / 1e14)).toBe(9)
    expect(arrival.day).toBe(START + lead) // ordered at the end of the first day
    const reorder = seen.findIndex((x) => x.backlog > 0)
    expect(seen[reorder]!.day).toBeLessThan(arrival.day)
    // backordered until the supplier delivery, nothing shipped before it
    for (const x of seen.filter((x) => x.day >= seen[reorder]!.day && x.day < arrival.day)) {
      expect(x.backlog).toBeGreaterThan(0)
      expect(x.dcOnHand).toBe(0)
    }
    const inbound = storeRows(tables).filter(
      (r) => r.node === 1 && r.product === product && r.reason === "INBOUND_SHIPMENT"
    )
    expect(inbound.length).toBeGreaterThan(0)
    expect(inbound[0]!.ts).toBeGreaterThan(arrival.ts)
    expect(inbound[0]!.day).toBe(arrival.day + 1)
    expect(Calendar.format(Timestamp.day(inbound[0]!.ts))).toBe(Calendar.format(arrival.day + 1))
    // and the store sold out meanwhile: lost sales were counted
    expect(seen.some((x) => x.onHand === 0)).toBe(true)
    expect(lost.totalLost).toBeGreaterThan(0)
  })
})
