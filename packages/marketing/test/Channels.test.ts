import { describe, expect, it } from "@effect/vitest"
import { Money, Rng } from "@retail-datagen/core"
import { FastCheck } from "effect"
import { Channels } from "../src/index.js"

describe("Channels", () => {
  it("has the contract's channel and device values", () => {
    expect([...Channels.CHANNELS]).toEqual([
      "FACEBOOK",
      "INSTAGRAM",
      "GOOGLE",
      "YOUTUBE",
      "EMAIL",
      "DISPLAY",
      "SEARCH"
    ])
    expect([...Channels.DEVICES]).toEqual(["MOBILE", "DESKTOP", "TABLET"])
    expect(Channels.indexOf("SEARCH")).toBe(Channels.SEARCH)
    expect(Channels.indexOf("TIKTOK")).toBe(-1)
    expect(Channels.deviceIndexOf("TABLET")).toBe(Channels.TABLET)
  })

  it("documents plausible CPM ranges: email cheapest, search dearest, every range non-empty", () => {
    for (let ch = 0; ch < Channels.COUNT; ch++) {
      expect(Channels.CPM_LOW[ch]!).toBeGreaterThan(0)
      expect(Channels.CPM_HIGH[ch]!).toBeGreaterThan(Channels.CPM_LOW[ch]!)
      expect(Channels.CPM_HIGH[ch]!).toBeLessThanOrEqual(Channels.CPM_HIGH[Channels.SEARCH]!)
      expect(Channels.CPM_LOW[ch]!).toBeGreaterThanOrEqual(Channels.CPM_LOW[Channels.EMAIL]!)
    }
    // Per impression: email ≈ $0.0005–0.002, search $0.02–0.10.
    expect(Channels.CPM_LOW[Channels.EMAIL]! / 1000 / 100).toBeCloseTo(0.0005, 6)
    expect(Channels.CPM_HIGH[Channels.SEARCH]! / 1000 / 100).toBeCloseTo(0.1, 6)
  })

  it("device mixes are distributions and average to about 60/30/10 over the default channel weights", () => {
    const total = Channels.BASE_WEIGHT.reduce((a, b) => a + b, 0)
    const overall = [0, 0, 0]
    Channels.DEVICE_MIX.forEach((mix, ch) => {
      expect(mix[0] + mix[1] + mix[2]).toBeCloseTo(1, 12)
      for (let d = 0; d < 3; d++) overall[d]! += (mix[d]! * Channels.BASE_WEIGHT[ch]!) / total
    })
    overall.forEach((share, d) => {
      expect(Math.abs(share - Channels.TARGET_DEVICE_MIX[d]!)).toBeLessThan(0.02)
    })
  })

  it.prop(
    "every drawn cost lies in the channel's range times the device multiplier",
    [
      FastCheck.integer(),
      FastCheck.integer({ min: 0, max: Channels.COUNT - 1 }),
      FastCheck.integer({ min: 0, max: 2 }),
      FastCheck.double({ min: 0.6, max: 1.8, noNaN: true })
    ],
    ([seed, ch, device, heat]) => {
      const rng = Rng.make(seed, "cost")
      const [lo, hi] = Channels.costRange(ch, device)
      expect(lo).toBe(Money.applyBps(Channels.CPM_LOW[ch]!, Channels.DEVICE_COST_BPS[device]!))
      for (let i = 0; i < 200; i++) {
        const c = Channels.drawCost(rng, ch, device, heat)
        expect(Number.isInteger(c)).toBe(true)
        expect(c).toBeGreaterThanOrEqual(lo)
        expect(c).toBeLessThanOrEqual(hi)
      }
    }
  )

  it("busy days clear higher in the range (heat), ordinary days uniformly", () => {
    const mean = (heat: number) => {
      const rng = Rng.make(7, "heat", heat)
      let s = 0
      for (let i = 0; i < 20000; i++) s += Channels.drawCost(rng, Channels.FACEBOOK, Channels.TABLET, heat)
      return s / 20000
    }
    const mid = (Channels.CPM_LOW[Channels.FACEBOOK]! + Channels.CPM_HIGH[Channels.FACEBOOK]!) / 2
    // Uniform draw: the mean is the range's middle within 1 % (σ of the mean ≈ 0.6 %).
    expect(Math.abs(mean(1) / mid - 1)).toBeLessThan(0.02)
    expect(mean(1.8)).toBeGreaterThan(mean(1) * 1.1)
    expect(mean(0.6)).toBeLessThan(mean(1) * 0.95)
  })

  it("draws devices per the channel's mix (20,000 draws per channel, ±1.5 points)", () => {
    for (let ch = 0; ch < Channels.COUNT; ch++) {
      const rng = Rng.make(11, "device", ch)
      const counts = [0, 0, 0]
      for (let i = 0; i < 20000; i++) counts[Channels.drawDevice(rng, ch)]!++
      counts.forEach((n, d) => {
        expect(Math.abs(n / 20000 - Channels.DEVICE_MIX[ch]![d]!)).toBeLessThan(0.015)
      })
    }
  })
})
