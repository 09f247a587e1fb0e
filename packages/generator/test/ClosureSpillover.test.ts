/**
 * What a closure moves elsewhere (docs/scenarios.md): a closed store's shoppers partly visit
 * another store of its region, and a closed DC's online orders ship from a store. Both are
 * additions to the twin, not new draws: the host stores keep every row they had in the baseline,
 * the added visits are exactly the ground truth's `RedirectedVisits`, the other region is
 * identical, and a closed DC's orders are the baseline's orders fulfilled elsewhere.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Calendar } from "@retail-datagen/core"
import { Effect } from "effect"
import { BASE, byRegionOf, type Row, run, withScenario } from "./twins.js"

const TRUTH = Effect.runSync(Config.merge(BASE, { output: { truth: true } }))
const CLOSED_DAYS = ["2024-12-10", "2024-12-11"]
const CLOSED_STORE = 1

const dayOf = (ts: unknown) => Calendar.format(Math.floor((ts as number) / 86400))
const seqOf = (receiptId: unknown) => (receiptId as number) % 100_000

/** The elements of `all` left after taking away one of each of `part` (undefined if one is missing). */
const minus = (all: ReadonlyArray<string>, part: ReadonlyArray<string>): Array<string> | undefined => {
  const left = new Map<string, number>()
  for (const x of all) left.set(x, (left.get(x) ?? 0) + 1)
  for (const x of part) {
    const n = left.get(x) ?? 0
    if (n === 0) return undefined
    left.set(x, n - 1)
  }
  return [...left].flatMap(([x, n]) => Array.from({ length: n }, () => x))
}

describe("closures move demand elsewhere", () => {
  it("a closed store's redirected visits are added to its region's other stores, which keep every baseline row", () => {
    // unlimited stock: the hosts' later days do not feel the extra sales, so the property is exact
    const closure = {
      type: "store_closed",
      stores: [CLOSED_STORE],
      redirect: 0.8,
      start: "2024-12-10",
      end: "2024-12-11"
    }
    const base = run(TRUTH, ["stock"])
    const twin = run(withScenario([closure], TRUTH), ["stock"])
    const { master } = base
    const region = master.stores.dcId[CLOSED_STORE - 1]!
    const hosts = Array.from({ length: master.stores.length }, (_, s) => s + 1).filter(
      (id) => id !== CLOSED_STORE && master.stores.dcId[id - 1] === region
    )
    expect(hosts.length).toBeGreaterThan(0)

    // the other region: every row of every table (facts and truth) identical
    const a = byRegionOf(master, base.facts)
    const b = byRegionOf(master, twin.facts)
    let compared = 0
    for (const [key, rows] of a)
      if (key.endsWith(`@${3 - region}`)) {
        expect(b.get(key), key).toStrictEqual(rows)
        compared += rows.length
      }
    expect(compared).toBeGreaterThan(1000)
    // nor do online orders or ads notice a store closure
    expect(b.get(`online_orders@${region}`)).toStrictEqual(a.get(`online_orders@${region}`))
    expect(b.get("marketing@0")).toStrictEqual(a.get("marketing@0"))

    const receipts = (facts: Record<string, Array<Row>>, store: number) =>
      facts.receipts!.filter((r) => r.StoreID === store)
    const truthOf = (facts: Record<string, Array<Row>>, store: number, day: string) =>
      facts["_truth/store_day"]!.find(
        (r) => r.StoreID === store && Calendar.format(r.Date as number) === day
      )!
    let redirected = 0
    for (const host of hosts) {
      const baseRows = receipts(base.facts, host)
      const added = minus(
        receipts(twin.facts, host).map((r) => JSON.stringify(r)),
        baseRows.map((r) => JSON.stringify(r))
      )
      // every baseline receipt of the host is still there, unchanged
      expect(added, `store ${host}`).toBeDefined()
      const extra = added!.map((x) => JSON.parse(x) as Row)
      for (let day = Calendar.parse(TRUTH.dates.start); day <= Calendar.parse(TRUTH.dates.end); day++) {
        const d = Calendar.format(day)
        const own = baseRows.filter((r) => dayOf(r.EventTS) === d).length
        const extraToday = extra.filter((r) => dayOf(r.EventTS) === d)
        const truth = truthOf(twin.facts, host, d)
        // the added receipts are exactly the day's redirected visits (unlimited stock: none is lost),
        // numbered after the host's own receipts
        expect(extraToday.length, `store ${host} ${d}`).toBe(truth.RedirectedVisits)
        expect(extraToday.every((r) => seqOf(r.ReceiptId) >= own)).toBe(true)
        expect(truth.Visits).toBe((truthOf(base.facts, host, d).Visits as number) + extraToday.length)
        if (!CLOSED_DAYS.includes(d)) expect(extraToday).toStrictEqual([])
        redirected += extraToday.length
      }
      // their lines come with them; the baseline lines are all there
      const lines = (facts: Record<string, Array<Row>>) => {
        const ids = new Set(receipts(facts, host).map((r) => r.ReceiptId))
        return facts.receipt_lines!.filter((l) => ids.has(l.ReceiptId)).map((l) => JSON.stringify(l))
      }
      const addedLines = minus(lines(twin.facts), lines(base.facts))
      expect(addedLines).toBeDefined()
      const extraIds = new Set(extra.map((r) => r.ReceiptId))
      expect(addedLines!.every((l) => extraIds.has((JSON.parse(l) as Row).ReceiptId))).toBe(true)
    }
    // the closed store sells nothing; about 80 % of its baseline visits happen elsewhere
    const closedVisits = CLOSED_DAYS.reduce(
      (s, d) => s + (truthOf(base.facts, CLOSED_STORE, d).Visits as number),
      0
    )
    expect(
      receipts(twin.facts, CLOSED_STORE).filter((r) => CLOSED_DAYS.includes(dayOf(r.EventTS)))
    ).toStrictEqual([])
    expect(redirected).toBeGreaterThan(0.6 * closedVisits)
    expect(redirected).toBeLessThanOrEqual(closedVisits)
  })

  it("with the supply chain, the hosts' own sales of the first closed day are the baseline's", () => {
    const base = run(BASE)
    const twin = run(
      withScenario([{ type: "store_closed", stores: [CLOSED_STORE], start: "2024-12-10", end: "2024-12-11" }])
    )
    const region = base.master.stores.dcId[CLOSED_STORE - 1]!
    const of = (facts: Record<string, Array<Row>>, d: string) =>
      facts
        .receipts!.filter(
          (r) =>
            r.StoreID !== CLOSED_STORE &&
            base.master.stores.dcId[(r.StoreID as number) - 1] === region &&
            dayOf(r.EventTS) === d
        )
        .map((r) => JSON.stringify(r))
    expect(of(twin.facts, "2024-12-09")).toStrictEqual(of(base.facts, "2024-12-09"))
    const added = minus(of(twin.facts, "2024-12-10"), of(base.facts, "2024-12-10"))
    expect(added).toBeDefined()
    expect(added!.length).toBeGreaterThan(0)
  })

  it("a closed DC's online orders are the baseline's, shipped from the customer's nearest store", () => {
    // unlimited stock: no order is lost in either twin, so they pair one to one
    const dc = 1
    const base = run(BASE, ["stock"])
    const twin = run(withScenario([{ type: "dc_closed", dc, start: "2024-12-10", end: "2024-12-11" }]), [
      "stock"
    ])
    const { master } = base
    const home = (customerId: unknown) =>
      master.customers.nearestStoreIds[((customerId as number) - 1) * master.customers.nearestCount]!
    const a = base.facts.online_orders!
    const b = twin.facts.online_orders!
    expect(b.length).toBe(a.length)
    let rerouted = 0
    a.forEach((was, i) => {
      const now = b[i]!
      const closed =
        CLOSED_DAYS.includes(dayOf(was.EventTS)) &&
        was.FulfillmentNodeType === "DC" &&
        was.FulfillmentNodeID === dc
      if (!closed) {
        expect(now).toStrictEqual(was)
        return
      }
      // same order, other fulfilment: shipped from the customer's nearest store (same tax rates)
      expect(now).toStrictEqual({
        ...was,
        FulfillmentMode: "SHIP_FROM_STORE",
        FulfillmentNodeType: "STORE",
        FulfillmentNodeID: home(was.CustomerID)
      })
      rerouted++
    })
    expect(rerouted).toBeGreaterThan(0)
  })

  it("with the supply chain, a closed DC fulfils no online order in its range, and again after it", () => {
    const dc = 1
    const base = run(BASE)
    const twin = run(withScenario([{ type: "dc_closed", dc, start: "2024-12-10", end: "2024-12-11" }]))
    const fromDc = (facts: Record<string, Array<Row>>, d: string) =>
      facts.online_orders!.filter(
        (r) => dayOf(r.EventTS) === d && r.FulfillmentNodeType === "DC" && r.FulfillmentNodeID === dc
      ).length
    for (const d of CLOSED_DAYS) {
      expect(fromDc(base.facts, d), d).toBeGreaterThan(0)
      expect(fromDc(twin.facts, d), d).toBe(0)
    }
    expect(fromDc(twin.facts, "2024-12-12")).toBeGreaterThan(0)
    // the day before is the baseline's, order for order
    const day = (facts: Record<string, Array<Row>>, d: string) =>
      facts.online_orders!.filter((r) => dayOf(r.EventTS) === d)
    expect(day(twin.facts, "2024-12-09")).toStrictEqual(day(base.facts, "2024-12-09"))
  })
})
