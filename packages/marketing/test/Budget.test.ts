/**
 * A scenario's `marketing_budget` (docs/scenarios.md): the channel's impressions scale, and every
 * other (channel, region) slice writes the baseline's rows byte for byte (common random numbers).
 */
import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar } from "@retail-datagen/core"
import { Customers } from "@retail-datagen/master"
import { Scenario } from "@retail-datagen/scenario"
import { Effect, FastCheck } from "effect"
import { Channels, plugins } from "../src/index.js"
import * as Audience from "../src/internal/audience.js"
import { C, code, marketingOf, num, regionOfRow, run, smallMaster } from "./helpers.js"

const SEED = 11
const master = smallMaster(SEED, 1500, 3, 8)
const START = Calendar.parse("2024-11-26")
const END = START + 2

/** The region (DC index) of every AdId the master allows: customers' and anonymous devices'. */
const regionOfAd = (() => {
  const m = new Map<number, number>()
  const n = master.customers.length
  master.customers.adId.forEach((a, i) => {
    m.set(a, regionOfRow(master, i))
  })
  const audience = Audience.make(master)
  for (let r = 0; r < audience.regions; r++) {
    const from = audience.anonStart[r]!
    const count = Audience.ANONYMOUS_PER_CUSTOMER * audience.regionCount[r]!
    for (let k = from; k < from + count; k++) m.set(Customers.adIdNumber(master.spec.seed, n + 1 + k), r)
  }
  return m
})()

interface Impression {
  readonly channel: string
  readonly region: number
  readonly cost: number
  /** The whole row, as text. */
  readonly text: string
}

const impressions = (interventions: ReadonlyArray<unknown>, days = END - START): Array<Impression> => {
  const scenario = Scenario.decodeSync({ interventions })
  const result = Effect.runSync(
    run({
      plugins: plugins({ impressionsPerDay: 4000, scenario }),
      master,
      seed: SEED,
      start: START,
      end: START + days
    })
  )
  const b = marketingOf(result)
  const rows = Batch.rows(b)
  return rows.map((row, i) => ({
    channel: Channels.CHANNELS[code(b, C.channel)[i]!]!,
    region: regionOfAd.get(num(b, C.ad)[i]!)!,
    cost: num(b, C.cost)[i]!,
    text: JSON.stringify(row)
  }))
}

const baseline = impressions([])
/** The baseline of the first two days (the property's shorter runs). */
const firstDays = impressions([], 1)
const range = { start: Calendar.format(START), end: Calendar.format(END) }
const texts = (list: ReadonlyArray<Impression>, keep: (i: Impression) => boolean) =>
  list.filter(keep).map((i) => i.text)

describe("marketing_budget", () => {
  it("the scenario's channel list is the marketing table's", () => {
    expect(Scenario.CHANNELS).toEqual(Channels.CHANNELS)
  })

  it("× 2 on a channel about doubles its impressions and spend; other channels' rows are identical", () => {
    const counts = Channels.CHANNELS.map((ch) => baseline.filter((i) => i.channel === ch).length)
    const channel = Channels.CHANNELS[counts.indexOf(Math.max(...counts))]!
    const twin = impressions([{ type: "marketing_budget", channel, factor: 2, ...range }])
    const on = (i: Impression) => i.channel === channel
    expect(texts(twin, (i) => !on(i))).toStrictEqual(texts(baseline, (i) => !on(i)))
    const before = baseline.filter(on)
    const after = twin.filter(on)
    expect(before.length).toBeGreaterThan(300)
    expect(after.length / before.length).toBeGreaterThan(1.8)
    expect(after.length / before.length).toBeLessThan(2.2)
    const spend = (l: ReadonlyArray<Impression>) => l.reduce((s, i) => s + i.cost, 0)
    expect(spend(after) / spend(before)).toBeGreaterThan(1.75)
    expect(spend(after) / spend(before)).toBeLessThan(2.25)
    // the baseline's impressions are all still there: the rise only adds
    const kept = new Set(after.map((i) => i.text))
    expect(before.every((i) => kept.has(i.text))).toBe(true)
  })

  it("× 0.3 in one region keeps a subset of that region's impressions; the rest is identical", () => {
    const channel = "FACEBOOK"
    const twin = impressions([{ type: "marketing_budget", channel, dc: 2, factor: 0.3, ...range }])
    const target = (i: Impression) => i.channel === channel && i.region === 1
    expect(texts(twin, (i) => !target(i))).toStrictEqual(texts(baseline, (i) => !target(i)))
    const before = texts(baseline, target)
    const after = texts(twin, target)
    expect(before.length).toBeGreaterThan(100)
    expect(after.length / before.length).toBeGreaterThan(0.2)
    expect(after.length / before.length).toBeLessThan(0.4)
    const was = new Set(before)
    expect(after.every((t) => was.has(t))).toBe(true)
  })

  it("a budget × 0 stops the channel", () => {
    const twin = impressions([{ type: "marketing_budget", channel: "SEARCH", factor: 0, ...range }])
    expect(twin.filter((i) => i.channel === "SEARCH")).toEqual([])
    expect(baseline.some((i) => i.channel === "SEARCH")).toBe(true)
  })

  it.prop(
    "a budget × 1 on any channel and region writes the baseline's bytes",
    [
      FastCheck.constantFrom(...Channels.CHANNELS),
      FastCheck.option(FastCheck.integer({ min: 1, max: 3 }), { nil: undefined })
    ],
    ([channel, dc]) => {
      const one = {
        type: "marketing_budget",
        channel,
        factor: 1,
        ...range,
        ...(dc === undefined ? {} : { dc })
      }
      expect(impressions([one], 1)).toStrictEqual(firstDays)
    },
    { fastCheck: { numRuns: 4 } }
  )
})
