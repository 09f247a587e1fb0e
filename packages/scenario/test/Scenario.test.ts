import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Taxonomy } from "@retail-datagen/master"
import { Weather } from "@retail-datagen/patterns"
import { Arbitrary, Schema } from "effect"
import { Scenario } from "../src/index.js"

const day = Calendar.parse
const SNACKS = Taxonomy.CATEGORIES.indexOf("Snacks")
const DAIRY = Taxonomy.CATEGORIES.indexOf("Dairy & Eggs")

describe("Scenario", () => {
  it("an empty scenario is the baseline: nothing applies on any day", () => {
    const s = Scenario.decodeSync({ interventions: [] })
    expect(Scenario.isEmpty(s)).toBe(true)
    const d = Scenario.compile(s).at(day("2024-12-10"))
    expect([d.active, d.storeClosed(1), d.visits(1), d.units(1), d.prices]).toEqual([
      false,
      false,
      1,
      null,
      null
    ])
  })

  it("store_closed applies on the days of its range only, both ends included", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [{ type: "store_closed", stores: [3, 5], start: "2024-12-10", end: "2024-12-12" }]
      })
    )
    const closed = (d: string, s: number) => plan.at(day(d)).storeClosed(s)
    expect([
      closed("2024-12-09", 3),
      closed("2024-12-10", 3),
      closed("2024-12-12", 5),
      closed("2024-12-13", 5)
    ]).toEqual([false, true, true, false])
    expect(closed("2024-12-11", 4)).toBe(false)
  })

  it("store_closed redirects a share of the visits: REDIRECT_SHARE by default, the largest when closures overlap", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "store_closed", stores: [3], start: "2024-12-10", end: "2024-12-12" },
          { type: "store_closed", stores: [3, 4], redirect: 0.8, start: "2024-12-12", end: "2024-12-13" },
          { type: "store_closed", stores: [5], redirect: 0, start: "2024-12-10", end: "2024-12-10" }
        ]
      })
    )
    const share = (d: string, s: number) => plan.at(day(d)).redirect(s)
    expect([share("2024-12-10", 3), share("2024-12-12", 3), share("2024-12-13", 4)]).toEqual([
      Scenario.REDIRECT_SHARE,
      0.8,
      0.8
    ])
    // an open store redirects nothing; a closure with redirect 0 closes without redirecting
    expect([share("2024-12-09", 3), share("2024-12-10", 4), share("2024-12-10", 5)]).toEqual([0, 0, 0])
    expect(plan.at(day("2024-12-10")).storeClosed(5)).toBe(true)
    expect(() =>
      Scenario.decodeSync({
        interventions: [
          { type: "store_closed", stores: [1], redirect: 1.5, start: "2024-12-01", end: "2024-12-02" }
        ]
      })
    ).toThrow(/redirect[\s\S]*expected a number ≥ 0 and ≤ 1, got 1.5/)
  })

  it("dc_closed closes the DC on its days only (online orders too); a capacity cut does not", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-12" },
          { type: "dc_capacity", dc: 2, factor: 0.01, start: "2024-12-01", end: "2024-12-31" }
        ]
      })
    )
    expect(["09", "10", "12", "13"].map((d) => plan.at(day(`2024-12-${d}`)).dcClosed(1))).toEqual([
      false,
      true,
      true,
      false
    ])
    expect(plan.at(day("2024-12-10")).dcClosed(2)).toBe(false)
  })

  it("demand shocks multiply: region visits, category units everywhere or in one region", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "demand_shock", dc: 2, factor: 1.5, start: "2024-01-01", end: "2024-01-31" },
          { type: "demand_shock", dc: 2, factor: 2, start: "2024-01-10", end: "2024-01-10" },
          { type: "demand_shock", category: "Snacks", factor: 0.5, start: "2024-01-01", end: "2024-01-31" },
          {
            type: "demand_shock",
            dc: 1,
            category: "Dairy & Eggs",
            factor: 3,
            start: "2024-01-01",
            end: "2024-01-31"
          }
        ]
      })
    )
    const d = plan.at(day("2024-01-10"))
    expect([d.visits(1), d.visits(2)]).toEqual([1, 3])
    expect(d.units(2)![SNACKS]).toBe(0.5)
    expect(d.units(2)![DAIRY]).toBe(1)
    expect(d.units(1)![SNACKS]).toBe(0.5)
    expect(d.units(1)![DAIRY]).toBe(3)
    expect(plan.at(day("2024-01-11")).visits(2)).toBe(1.5)
    expect(plan.at(day("2024-02-01")).active).toBe(false)
  })

  it("price_change sets the category's price factor and lowers its units by the elasticity", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "price_change", category: "Snacks", percent: 20, start: "2024-01-01", end: "2024-01-02" }
        ]
      })
    ).at(day("2024-01-02"))
    expect(d.prices![SNACKS]).toBeCloseTo(1.2, 12)
    expect(d.prices![DAIRY]).toBe(1)
    expect(d.units(1)![SNACKS]).toBeCloseTo(1.2 ** -Scenario.PRICE_ELASTICITY, 12)
    expect(d.units(1)![SNACKS]).toBeLessThan(1)
  })

  it("dc_closed stops a DC's outbound on its days; dc_capacity scales it", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "dc_closed", dc: 1, start: "2024-12-10", end: "2024-12-12" },
          { type: "dc_capacity", dc: 2, factor: 0.5, start: "2024-12-01", end: "2024-12-31" }
        ]
      })
    )
    expect(["09", "10", "12", "13"].map((d) => plan.at(day(`2024-12-${d}`)).dcCapacity(1))).toEqual([
      1, 0, 0, 1
    ])
    expect(plan.at(day("2024-12-10")).dcCapacity(2)).toBe(0.5)
    expect(() =>
      Scenario.decodeSync({
        interventions: [{ type: "dc_capacity", dc: 1, factor: 1.5, start: "2024-12-01", end: "2024-12-02" }]
      })
    ).toThrow(/expected a number > 0 and ≤ 1, got 1.5/)
  })

  it("truck_delay delays about its share of a DC's trips, chosen by the trip's keys", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "truck_delay", dc: 1, hours: 6, share: 0.25, start: "2024-12-01", end: "2024-12-31" }
        ]
      })
    ).at(day("2024-12-10"))
    const delays = Array.from({ length: 4000 }, (_, seq) => d.tripDelay(1, day("2024-12-10"), seq))
    expect(new Set(delays)).toStrictEqual(new Set([0, 6 * 3600]))
    const share = delays.filter((x) => x > 0).length / delays.length
    expect(share).toBeGreaterThan(0.22)
    expect(share).toBeLessThan(0.28)
    expect(d.tripDelay(2, day("2024-12-10"), 1)).toBe(0)
    // the same trip is picked every time
    expect(d.tripDelay(1, day("2024-12-10"), 17)).toBe(delays[17])
  })

  it("supplier_shortage scales a category's supplier deliveries, for one DC or all", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          {
            type: "supplier_shortage",
            category: "Snacks",
            factor: 0.5,
            start: "2024-12-01",
            end: "2024-12-31"
          },
          {
            type: "supplier_shortage",
            dc: 2,
            category: "Snacks",
            factor: 0.5,
            start: "2024-12-01",
            end: "2024-12-31"
          }
        ]
      })
    ).at(day("2024-12-10"))
    expect([d.supply(1)![SNACKS], d.supply(2)![SNACKS], d.supply(2)![DAIRY]]).toEqual([0.5, 0.25, 1])
    expect(d.units(1)).toBeNull()
  })

  it("rejects bad interventions, naming the field", () => {
    const bad = (i: unknown) => () => Scenario.decodeSync({ interventions: [i] })
    expect(bad({ type: "demand_shock", dc: 1, factor: -1, start: "2024-01-01", end: "2024-01-02" })).toThrow(
      /factor[\s\S]*expected a number > 0 and ≤ 100, got -1/
    )
    expect(bad({ type: "demand_shock", factor: 2, start: "2024-01-01", end: "2024-01-02" })).toThrow(
      /expected a target/
    )
    expect(
      bad({ type: "price_change", category: "Nope", percent: 5, start: "2024-01-01", end: "2024-01-02" })
    ).toThrow(/expected a product category name/)
    expect(bad({ type: "store_closed", stores: [1], start: "2024-01-05", end: "2024-01-02" })).toThrow(
      /expected a date on or after start/
    )
    expect(bad({ type: "meteor", start: "2024-01-05", end: "2024-01-06" })).toThrow(/store_closed/)
  })

  it("checkWorld names ids the world does not have", () => {
    const s = Scenario.decodeSync({
      interventions: [
        { type: "store_closed", stores: [1, 12], start: "2024-01-01", end: "2024-01-01" },
        { type: "demand_shock", dc: 3, factor: 2, start: "2024-01-01", end: "2024-01-01" }
      ]
    })
    expect(Scenario.checkWorld(s, { stores: 10, dcs: 2 })).toEqual([
      {
        path: "interventions[0].stores[1]",
        message: "expected a StoreID from 1 to 10 (volume.stores), got 12"
      },
      { path: "interventions[1].dc", message: "expected a DCID from 1 to 2 (volume.dcs), got 3" }
    ])
  })

  it("marketing_budget multiplies a channel's impressions, in one region or all", () => {
    const d = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "marketing_budget", channel: "EMAIL", factor: 2, start: "2024-12-01", end: "2024-12-31" },
          {
            type: "marketing_budget",
            channel: "EMAIL",
            dc: 2,
            factor: 0.25,
            start: "2024-12-01",
            end: "2024-12-31"
          }
        ]
      })
    ).at(day("2024-12-10"))
    const email = Scenario.CHANNELS.indexOf("EMAIL")
    expect([d.budget(email, 1), d.budget(email, 2), d.budget(email + 1, 2)]).toEqual([2, 0.5, 1])
    expect(() =>
      Scenario.decodeSync({
        interventions: [
          { type: "marketing_budget", channel: "TV", factor: 2, start: "2024-12-01", end: "2024-12-02" }
        ]
      })
    ).toThrow(/channel[\s\S]*expected a marketing channel \(FACEBOOK, [^)]*\), got "TV"/)
  })

  it("price_change by brand: resolved against the master's brands, which must exist", () => {
    const s = Scenario.decodeSync({
      interventions: [
        { type: "price_change", brand: "Beta", percent: 30, start: "2024-01-01", end: "2024-01-02" }
      ]
    })
    const d = Scenario.compile(s, { brands: ["Alpha", "Beta", "Gamma"] }).at(day("2024-01-01"))
    expect([...d.brandPrices!]).toEqual([1, 1.3, 1])
    expect(d.brandUnits![1]).toBeCloseTo(1.3 ** -Scenario.PRICE_ELASTICITY, 12)
    expect(d.prices).toBeNull()
    // without the master the brand is not resolved, so nothing applies
    expect(Scenario.compile(s).at(day("2024-01-01")).brandPrices).toBeNull()
    expect(Scenario.checkMaster(s, { brands: ["Alpha"] })).toEqual([
      {
        path: "interventions[0].brand",
        message: 'expected a brand of the master products (products_master.Brand, e.g. "Alpha"), got "Beta"'
      }
    ])
    expect(() => Scenario.compile(s, { brands: ["Alpha"] })).toThrow(
      /interventions\[0\]\.brand: expected a brand/
    )
    const bad = (i: unknown) => () => Scenario.decodeSync({ interventions: [i] })
    const range = { start: "2024-01-01", end: "2024-01-02" }
    expect(bad({ type: "price_change", percent: 5, ...range })).toThrow(
      /category[\s\S]*expected a target: category or brand/
    )
    expect(bad({ type: "price_change", category: "Snacks", brand: "Beta", percent: 5, ...range })).toThrow(
      /expected either category or brand, not both/
    )
    expect(bad({ type: "price_change", brand: "", percent: 5, ...range })).toThrow(
      /brand[\s\S]*expected a brand name/
    )
  })

  it("promotions added and removed, by category or brand, for one region or all", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "promotion_removed", category: "Snacks", start: "2024-12-01", end: "2024-12-31" },
          {
            type: "promotion_added",
            brand: "Gamma",
            discount: 20,
            dc: 1,
            start: "2024-12-05",
            end: "2024-12-06"
          },
          {
            type: "promotion_added",
            category: "Dairy & Eggs",
            discount: 12.5,
            code: "MILK12",
            start: "2024-12-05",
            end: "2024-12-05"
          },
          { type: "promotion_removed", dc: 2, start: "2024-12-06", end: "2024-12-06" }
        ]
      }),
      { brands: ["Alpha", "Beta", "Gamma"] }
    )
    expect(plan.added).toEqual([
      undefined,
      { code: "SCENARIO2", discountBps: 2000 },
      { code: "MILK12", discountBps: 1250 },
      undefined
    ])
    const d5 = plan.at(day("2024-12-05"))
    const one = d5.promotions(1)!
    expect([one.removeAll, one.removedCategories![SNACKS], one.removedCategories![DAIRY]]).toEqual([
      false,
      1,
      0
    ])
    expect([...one.addedBrands!]).toEqual([-1, -1, 1])
    expect([one.addedCategories![DAIRY], one.addedCategories![SNACKS]]).toEqual([2, -1])
    const two = d5.promotions(2)!
    expect(two.addedBrands).toBeNull()
    expect(plan.at(day("2024-12-06")).promotions(2)!.removeAll).toBe(true)
    expect(plan.at(day("2024-12-06")).promotions(1)!.removeAll).toBe(false)
    expect(plan.at(day("2025-01-01")).promotions(1)).toBeNull()
    const bad = (i: unknown) => () => Scenario.decodeSync({ interventions: [i] })
    const range = { start: "2024-01-01", end: "2024-01-02" }
    expect(bad({ type: "promotion_added", category: "Snacks", discount: 100, ...range })).toThrow(
      /discount[\s\S]*expected a percentage > 0 and < 100, got 100/
    )
    expect(bad({ type: "promotion_added", discount: 10, ...range })).toThrow(
      /expected a target: category or brand/
    )
    expect(bad({ type: "promotion_added", category: "Snacks", discount: 10, code: "x y", ...range })).toThrow(
      /code[\s\S]*expected a promotion code/
    )
    expect(bad({ type: "promotion_removed", category: "Snacks", brand: "Beta", ...range })).toThrow(
      /expected either category or brand, not both/
    )
  })

  it("weather_event forces a condition on a region; its factor defaults to the condition's traffic", () => {
    const plan = Scenario.compile(
      Scenario.decodeSync({
        interventions: [
          { type: "weather_event", dc: 2, condition: "snow", start: "2024-12-01", end: "2024-12-03" },
          { type: "weather_event", condition: "heat", factor: 1.2, start: "2024-12-03", end: "2024-12-04" },
          {
            type: "weather_event",
            dc: 1,
            condition: "rain",
            factor: 0.5,
            start: "2024-12-04",
            end: "2024-12-04"
          }
        ]
      })
    )
    const w = (d: string, dc: number) => [plan.at(day(d)).weatherCode(dc), plan.at(day(d)).weatherFactor(dc)]
    expect(w("2024-12-01", 2)).toEqual([Weather.SNOW, Weather.TRAFFIC.snow])
    expect(w("2024-12-01", 1)).toEqual([-1, 1])
    // a later chain-wide event replaces the regional one; a later regional one refines it
    expect(w("2024-12-03", 2)).toEqual([Weather.HEAT, 1.2])
    expect(w("2024-12-04", 1)).toEqual([Weather.RAIN, 0.5])
    expect(w("2024-12-04", 2)).toEqual([Weather.HEAT, 1.2])
    expect(() =>
      Scenario.decodeSync({
        interventions: [{ type: "weather_event", condition: "hail", start: "2024-12-01", end: "2024-12-02" }]
      })
    ).toThrow(/condition[\s\S]*expected a weather condition \(clear, rain, snow, heat\), got "hail"/)
  })

  it("checkWorld names the DCs of the new interventions the world does not have", () => {
    const s = Scenario.decodeSync({
      interventions: [
        {
          type: "marketing_budget",
          channel: "SEARCH",
          dc: 4,
          factor: 2,
          start: "2024-01-01",
          end: "2024-01-01"
        },
        { type: "weather_event", dc: 3, condition: "snow", start: "2024-01-01", end: "2024-01-01" },
        { type: "promotion_removed", dc: 2, start: "2024-01-01", end: "2024-01-01" }
      ]
    })
    expect(Scenario.checkWorld(s, { stores: 10, dcs: 2 }).map((p) => p.path)).toEqual([
      "interventions[0].dc",
      "interventions[1].dc"
    ])
  })

  // Any intervention of the new kinds survives its JSON form, and applies exactly on its days.
  // (JSON has no -0: a generated `percent: -0` is made +0.)
  const withoutNegativeZero = <A extends object>(i: A): A =>
    Object.fromEntries(Object.entries(i).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v])) as A
  const NEW = Schema.Union(
    Scenario.MarketingBudget,
    Scenario.PromotionAdded,
    Scenario.PromotionRemoved,
    Scenario.WeatherEvent,
    Scenario.PriceChange
  )
  it.prop(
    "new interventions: JSON round trip, and active exactly on their days",
    [Arbitrary.make(NEW).map(withoutNegativeZero)],
    ([i]) => {
      const json = JSON.parse(JSON.stringify(Schema.encodeSync(Scenario.Scenario)({ interventions: [i] })))
      const s = Scenario.decodeSync(json)
      expect(s.interventions[0]).toEqual(i)
      const plan = Scenario.compile(s)
      const [a, b] = [day(i.start), day(i.end)]
      expect([plan.at(a - 1).active, plan.at(a).active, plan.at(b).active, plan.at(b + 1).active]).toEqual([
        false,
        true,
        true,
        false
      ])
    }
  )
})
