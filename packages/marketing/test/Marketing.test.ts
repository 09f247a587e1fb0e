import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Plugin, Table } from "@retail-datagen/core"
import { Customers, Master } from "@retail-datagen/master"
import { Overrides, PatternsService } from "@retail-datagen/patterns"
import { Report, Validate } from "@retail-datagen/validation"
import { Effect, Exit, FastCheck } from "effect"
import { Campaigns, Channels, type Exposure, plugins } from "../src/index.js"
import * as Audience from "../src/internal/audience.js"
import {
  atLeast,
  atMost,
  C,
  campaignsById,
  code,
  contains,
  customerByAdId,
  is,
  latestExposures,
  marketingOf,
  num,
  regionOfRow,
  run,
  smallMaster,
  sortedOrder,
  T
} from "./helpers.js"

const day = (s: string): number => Calendar.parse(s)

/** The anonymous AdIds a master allows: `adIdNumber(masterSeed, customers + k)`, k = 1…3·customers. */
const anonymousIds = (master: Master.Master): Set<number> => {
  const n = master.customers.length
  const s = new Set<number>()
  for (let k = 1; k <= Audience.ANONYMOUS_PER_CUSTOMER * n; k++)
    s.add(Customers.adIdNumber(master.spec.seed, n + k))
  return s
}

describe("marketing plugin", () => {
  it("writes the contract's columns in contract order", () => {
    expect(Table.header(T)).toEqual([
      "TraceId",
      "EventTS",
      "Channel",
      "CampaignId",
      "CreativeId",
      "CustomerAdId",
      "ImpressionId",
      "Cost",
      "Device"
    ])
  })

  it.effect.prop(
    "passes the contract checks and its own row rules for random seeds",
    [FastCheck.integer({ min: 0, max: 1_000_000 }), FastCheck.integer({ min: 0, max: 330 })],
    ([seed, offset]) =>
      Effect.gen(function* () {
        const master = smallMaster(seed, 1500, 3, 8)
        const start = day("2024-01-01") + offset
        const end = start + 4
        const r = yield* run({ plugins: plugins({ impressionsPerDay: 800 }), master, seed, start, end })
        const batches = r.tables.get("marketing")!
        const report = Validate.batches({
          master: Object.fromEntries(Master.toBatches(master).map((b) => [b.table.name, [b]])),
          facts: { marketing: batches }
        })
        expect(Report.ok(report), Report.text(report)).toBe(true)
        const campaigns = campaignsById(seed, start, end)
        const customers = customerByAdId(master)
        const anonymous = anonymousIds(master)
        batches.forEach((b, k) => {
          const d = start + k
          const ts = num(b, C.ts)
          for (let i = 0; i < b.length; i++) {
            // On its day, inside the window of an existing campaign that uses the row's channel.
            is(Math.floor(ts[i]! / 86400), d)
            const c = campaigns.get(num(b, C.campaign)[i]!)!
            atLeast(d, c.start)
            atMost(d, c.end)
            const ch = code(b, C.channel)[i]!
            contains(c.channels, ch)
            // Creative of that campaign and channel.
            const creative = num(b, C.creative)[i]!
            is(Math.floor(creative / 100), c.id)
            is(Math.floor(creative / 10) % 10, ch)
            atLeast(creative % 10, 1)
            atMost(creative % 10, c.creatives[ch]!)
            // Cost within the channel's range times the device multiplier.
            const [lo, hi] = Channels.costRange(ch, code(b, C.device)[i]!)
            const cost = num(b, C.cost)[i]!
            atLeast(cost, lo)
            atMost(cost, hi)
            // A target customer of the campaign, or an anonymous device that is nobody's AdId.
            const ad = num(b, C.ad)[i]!
            const who = customers.get(ad)
            if (who === undefined) is(anonymous.has(ad), true)
            else is(Campaigns.targets(c, master.customers.segment[who]!), true)
          }
        })
      }),
    { fastCheck: { numRuns: 6 } }
  )

  it.effect("composes unique ImpressionIds and TraceIds from day, campaign slot and sequence", () =>
    Effect.gen(function* () {
      const master = smallMaster(3)
      const start = day("2024-11-25")
      const r = yield* run({
        plugins: plugins({ impressionsPerDay: 3000 }),
        master,
        seed: 3,
        start,
        end: start + 6
      })
      const b = marketingOf(r)
      const imps = new Set<number>()
      const traces = new Set<number>()
      const perCampaignDay = new Map<string, Array<number>>()
      // Checked row by row, reported once (an expect per row and field is slow on 21k rows).
      const bad: Array<string> = []
      const check = (ok: boolean, what: string, i: number) => {
        if (!ok && bad.length < 5) bad.push(`row ${i}: ${what}`)
      }
      for (let i = 0; i < b.length; i++) {
        const imp = num(b, C.imp)[i]!
        const trace = num(b, C.trace)[i]!
        const d = Math.floor(num(b, C.ts)[i]! / 86400)
        const campaign = num(b, C.campaign)[i]!
        const slot = campaign % 1000
        check(Math.floor(campaign / 1000) === Calendar.year(d), "campaign year", i)
        check(Math.floor(imp / 1e10) === d, "impression day", i)
        check(Math.floor(imp / 1e6) % 10_000 === slot, "impression slot", i)
        const seq = imp % 1e6
        // TRC + kind 6 + day(5) + entity(4) + seq(5), entity = slot × 10 + ⌊seq / 100,000⌋.
        const expected = `TRC6${d}${String(slot * 10 + Math.floor(seq / 1e5)).padStart(4, "0")}${String(seq % 1e5).padStart(5, "0")}`
        check(Batch.text(b, i, C.trace) === expected, `trace ${Batch.text(b, i, C.trace)} ≠ ${expected}`, i)
        check(/^IMP\d{15}$/.test(Batch.text(b, i, C.imp)), "ImpressionId format", i)
        check(/^CAMP\d{7}$/.test(Batch.text(b, i, C.campaign)), "CampaignId format", i)
        check(/^CREAT\d{9}$/.test(Batch.text(b, i, C.creative)), "CreativeId format", i)
        check(/^AD\d{10}$/.test(Batch.text(b, i, C.ad)), "CustomerAdId format", i)
        imps.add(imp)
        traces.add(trace)
        const key = `${d}/${slot}`
        const list = perCampaignDay.get(key) ?? []
        list.push(seq)
        perCampaignDay.set(key, list)
      }
      expect(bad).toStrictEqual([])
      expect(imps.size).toBe(b.length)
      expect(traces.size).toBe(b.length)
      // Sequences of a campaign-day are exactly 0…n−1 (single shard: nothing is left out).
      for (const seqs of perCampaignDay.values()) {
        seqs.sort((x, y) => x - y)
        seqs.forEach((s, k) => {
          expect(s).toBe(k)
        })
      }
      // Rows come out ordered by (EventTS, ImpressionId) within each day.
      for (const batch of r.tables.get("marketing")!) {
        const order = sortedOrder(batch)
        order.forEach((o, k) => {
          expect(o).toBe(k)
        })
      }
    })
  )

  it.effect("mixes devices about 60/30/10 and channels as the campaigns' shares (±1.5 points)", () =>
    Effect.gen(function* () {
      const seed = 17
      const master = smallMaster(seed)
      const start = day("2024-03-01")
      const end = start + 29
      const r = yield* run({ plugins: plugins({ impressionsPerDay: 5000 }), master, seed, start, end })
      const cal = Campaigns.calendar(seed, 2024)
      const devices = [0, 0, 0]
      const observed = new Array<number>(Channels.COUNT).fill(0)
      const expected = new Array<number>(Channels.COUNT).fill(0)
      const resolved = new Array<number>(Channels.COUNT).fill(0)
      const customers = customerByAdId(master)
      let total = 0
      r.tables.get("marketing")!.forEach((b, k) => {
        const d = start + k
        let w = 0
        for (const c of cal.campaigns) w += Campaigns.weightOn(c, d)
        for (const c of cal.campaigns) {
          const cw = Campaigns.weightOn(c, d)
          for (let ch = 0; ch < Channels.COUNT; ch++)
            expected[ch]! += (b.length * cw * c.channelShares[ch]!) / w
        }
        for (let i = 0; i < b.length; i++) {
          devices[code(b, C.device)[i]!]!++
          const ch = code(b, C.channel)[i]!
          observed[ch]!++
          if (customers.has(num(b, C.ad)[i]!)) resolved[ch]!++
        }
        total += b.length
      })
      expect(total).toBeGreaterThan(100_000)
      devices.forEach((n, d) => {
        expect(Math.abs(n / total - Channels.TARGET_DEVICE_MIX[d]!)).toBeLessThan(0.015)
      })
      for (let ch = 0; ch < Channels.COUNT; ch++) {
        expect(Math.abs(observed[ch]! / total - expected[ch]! / total)).toBeLessThan(0.015)
        // Resolution per channel: the channel's share, a little less when no audience member is found.
        if (observed[ch]! > 2000) {
          const share = resolved[ch]! / observed[ch]!
          expect(share).toBeLessThanOrEqual(Channels.RESOLVED_SHARE[ch]! + 0.03)
          expect(share).toBeGreaterThan(Channels.RESOLVED_SHARE[ch]! - 0.04)
        }
      }
    })
  )

  it.effect("serves far more impressions and campaigns in early December than in February", () =>
    Effect.gen(function* () {
      const seed = 8
      const master = smallMaster(seed, 1000, 2, 6)
      const window = (s: string) =>
        Effect.map(
          run({
            plugins: plugins({ impressionsPerDay: 2000 }),
            master,
            seed,
            start: day(s),
            end: day(s) + 13
          }),
          (r) => {
            const b = marketingOf(r)
            return { perDay: b.length / 14, campaigns: new Set(num(b, C.campaign)).size }
          }
        )
      const feb = yield* window("2024-02-05")
      const dec = yield* window("2024-12-02")
      expect(dec.perDay).toBeGreaterThan(2 * feb.perDay)
      expect(dec.campaigns).toBeGreaterThan(feb.campaigns)
      // The volume knob is the mean day of the year: February sits below it, December above.
      expect(feb.perDay).toBeLessThan(2000)
      expect(dec.perDay).toBeGreaterThan(2000)
    })
  )

  it.effect("is deterministic and does not depend on the shard count (1 vs 3 shards)", () =>
    Effect.gen(function* () {
      const seed = 99
      const master = smallMaster(seed, 3000, 5, 15)
      const start = day("2024-11-27")
      const opts = { plugins: plugins({ impressionsPerDay: 1500 }), master, seed, start, end: start + 5 }
      const whole = yield* run(opts)
      const again = yield* run(opts)
      expect(again.tables.get("marketing")).toEqual(whole.tables.get("marketing"))
      const other = yield* run({ ...opts, seed: seed + 1 })
      expect(other.tables.get("marketing")).not.toEqual(whole.tables.get("marketing"))

      const shards = [0, 1, 2].map((index) => run({ ...opts, shard: { index, count: 3 } }))
      const parts = yield* Effect.all(shards)
      const customers = customerByAdId(master)
      const wholeDays = whole.tables.get("marketing")!
      wholeDays.forEach((w, k) => {
        const pieces = parts.map((p) => p.tables.get("marketing")![k]!)
        // Each shard's rows are ordered and belong to its regions.
        pieces.forEach((piece, index) => {
          sortedOrder(piece).forEach((o, j) => {
            expect(o).toBe(j)
          })
          for (let i = 0; i < piece.length; i++) {
            const who = customers.get(num(piece, C.ad)[i]!)
            if (who !== undefined)
              expect(Plugin.ownsRegion({ index, count: 3 }, regionOfRow(master, who))).toBe(true)
          }
        })
        // Merged by (EventTS, ImpressionId), the shards give exactly the single run's rows.
        const merged = Batch.concat(T, pieces)
        expect(merged.length).toBe(w.length)
        const order = sortedOrder(merged)
        for (let c = 0; c < T.columns.length; c++) {
          const col = merged.columns[c] as ArrayLike<number>
          expect(order.map((o) => col[o])).toEqual(Array.from(w.columns[c] as ArrayLike<number>))
        }
      })
      expect(parts.filter((p) => marketingOf(p).length > 0).length).toBe(3)
    })
  )

  it.effect("resumes from a checkpoint exactly, exposure included", () =>
    Effect.gen(function* () {
      const seed = 5
      const master = smallMaster(seed, 2000, 3, 9)
      const start = day("2024-08-01")
      const opts = { plugins: plugins({ impressionsPerDay: 1500 }), master, seed, start, end: start + 9 }
      const whole = yield* run(opts)
      const half = yield* run({ ...opts, end: start + 4 })
      const resume = JSON.parse(JSON.stringify(half.summary.resume))
      const tail = yield* run({ ...opts, resume })
      expect([...half.tables.get("marketing")!, ...tail.tables.get("marketing")!]).toEqual(
        whole.tables.get("marketing")
      )
      expect(tail.summary.resume).toEqual(whole.summary.resume)
    })
  )

  it.effect("fails the run with a clear message when a campaign-day exceeds the id capacity", () =>
    Effect.gen(function* () {
      const master = smallMaster(1, 500, 2, 4)
      const bf = day("2024-11-29")
      const exit = yield* Effect.exit(
        run({
          plugins: [
            PatternsService.plugin({
              overrides: Overrides.decodeSync({ holidays: { "black-friday": { online: 100 } } })
            }),
            ...plugins({ impressionsPerDay: 100_000 })
          ],
          master,
          seed: 1,
          start: bf,
          end: bf
        })
      )
      expect(Exit.isFailure(exit)).toBe(true)
      if (Exit.isFailure(exit)) expect(String(exit.cause)).toMatch(/ImpressionId holds at most 1000000/)
    })
  )
})

// ---------------------------------------------------------------------------------------------
// The behavioural lift, with a fixture shopper plugin that samples visits through the service.

const Visits = Table.make("visits", { CustomerID: Table.int, Day: Table.date, Department: Table.int })

interface VisitState {
  readonly service: Exposure.ExposureService
  readonly rows: Int32Array
  readonly builder: Batch.Builder
}

/** Each owned customer visits with probability `base × visitLift` per day. */
const visitPlugin = (base: number) =>
  Plugin.make<VisitState, Master.Master>({
    name: "visits",
    tables: [Visits],
    dependsOn: ["marketing"],
    init: (ctx) => {
      const rows: Array<number> = []
      for (let i = 0; i < ctx.master.customers.length; i++)
        if (Plugin.ownsRegion(ctx.shard, regionOfRow(ctx.master, i))) rows.push(i)
      return {
        service: ctx.service<Exposure.ExposureService>("marketing"),
        rows: Int32Array.from(rows),
        builder: Batch.builder(Visits)
      }
    },
    step: (s, ctx) => {
      s.builder.reset()
      const rng = ctx.rng("visit", ctx.day)
      for (const row of s.rows) {
        const id = row + 1
        if (rng.chance(base * s.service.visitLift(id, ctx.day))) {
          s.builder.num("CustomerID").push(id)
          s.builder.num("Day").push(ctx.day)
          s.builder.num("Department").push(s.service.promotedDepartment(id, ctx.day))
        }
      }
      return [s.builder.finish()]
    }
  })

describe("marketing exposure lifts visits (fixture visit plugin)", () => {
  it.effect(
    "exposed customers visit `lift` times as often as unexposed ones, and see the latest campaign's department",
    () =>
      Effect.gen(function* () {
        const seed = 21
        const lift = 1.5
        const lookbackDays = 7
        const base = 0.1
        const master = smallMaster(seed, 3000, 3, 9)
        const start = day("2024-10-01")
        const end = start + 27
        const r = yield* run({
          plugins: [...plugins({ impressionsPerDay: 600, lift, lookbackDays }), visitPlugin(base)],
          master,
          seed,
          start,
          end
        })
        // Exposure from the data alone: per customer, the latest impression (EventTS, ImpressionId) per day.
        const latest = latestExposures(master, seed, start, end, r)
        const exposureOn = (row: number, q: number): number | undefined => {
          const days = latest.get(row)
          if (days === undefined) return undefined
          for (let e = q - 1; e >= q - lookbackDays; e--) {
            const x = days.get(e)
            if (x !== undefined) return x.dept
          }
          return undefined
        }
        const visited = new Map<string, number>()
        const v = Batch.concat(Visits, r.tables.get("visits")!)
        for (let i = 0; i < v.length; i++) {
          const id = (v.columns[0] as Float64Array)[i]!
          const q = (v.columns[1] as Float64Array)[i]!
          visited.set(`${id}/${q}`, (v.columns[2] as Float64Array)[i]!)
        }
        let exposedDays = 0
        let exposedVisits = 0
        let plainDays = 0
        let plainVisits = 0
        for (let q = start; q <= end; q++) {
          for (let row = 0; row < master.customers.length; row++) {
            const dept = exposureOn(row, q)
            const seen = visited.get(`${row + 1}/${q}`)
            if (dept === undefined) {
              plainDays++
              if (seen !== undefined) {
                plainVisits++
                expect(seen).toBe(-1)
              }
            } else {
              exposedDays++
              if (seen !== undefined) {
                exposedVisits++
                expect(seen).toBe(dept)
              }
            }
          }
        }
        // Both groups are large (tens of thousands of customer-days).
        expect(exposedDays).toBeGreaterThan(15_000)
        expect(plainDays).toBeGreaterThan(15_000)
        const exposedRate = exposedVisits / exposedDays
        const plainRate = plainVisits / plainDays
        // Standard errors ≈ 0.0025 per rate, ≈ 0.04 on the ratio: tolerance ±0.15 on the ratio.
        expect(Math.abs(plainRate - base)).toBeLessThan(0.01)
        expect(Math.abs(exposedRate / plainRate - lift)).toBeLessThan(0.15)
      })
  )
})
