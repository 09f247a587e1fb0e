/**
 * Exposure is chain-wide: whatever the split, every shard's `ExposureService` gives the answers of
 * a one-shard run for every customer and day (shoppers visit stores of other regions, so a shard
 * is asked about customers of regions it does not own), and the shards' marketing rows together
 * are exactly the one-shard rows.
 */
import { describe, expect, it } from "@effect/vitest"
import { Batch, Calendar, Plugin, Table } from "@retail-datagen/core"
import type { Master } from "@retail-datagen/master"
import { Effect, FastCheck } from "effect"
import { type Exposure, plugins } from "../src/index.js"
import {
  C,
  customerByAdId,
  marketingOf,
  num,
  regionOfRow,
  run,
  smallMaster,
  sortedOrder,
  T
} from "./helpers.js"

const Probe = Table.make("probe", { Day: Table.date })

/**
 * A plugin after marketing that asks the service about EVERY customer on its day and the next
 * (the day's own impressions act from the next day) and writes the answers into `answers`:
 * per day, per customer, `lift × 1000 + department` for the day, then for the next day.
 */
const probe = (answers: Array<Float64Array>) =>
  Plugin.make<{ readonly service: Exposure.ExposureService; readonly customers: number }, Master.Master>({
    name: "probe",
    tables: [Probe],
    dependsOn: ["marketing"],
    init: (ctx) => ({
      service: ctx.service<Exposure.ExposureService>("marketing"),
      customers: ctx.master.customers.length
    }),
    step: (s, ctx) => {
      const out = new Float64Array(2 * s.customers)
      for (let row = 0; row < s.customers; row++) {
        for (const k of [0, 1]) {
          const d = ctx.day + k
          out[2 * row + k] = s.service.visitLift(row + 1, d) * 1000 + s.service.promotedDepartment(row + 1, d)
        }
      }
      answers.push(out)
      return [Batch.builder(Probe).finish()]
    }
  })

const shardsOf = (count: number): Array<Plugin.Shard> =>
  Array.from({ length: count }, (_, index) => ({ index, count }))

describe("exposure does not depend on the split", () => {
  it.effect.prop(
    "every shard of 1, 2 and 3 answers like the one-shard run; the shards' rows are the one-shard rows",
    [FastCheck.integer({ min: 0, max: 100_000 }), FastCheck.integer({ min: 0, max: 300 })],
    ([seed, offset]) =>
      Effect.gen(function* () {
        const master = smallMaster(seed, 1500, 4, 12)
        const start = Calendar.parse("2024-01-01") + offset
        const end = start + 4
        const go = (shard: Plugin.Shard, answers: Array<Float64Array>) =>
          run({
            plugins: [...plugins({ impressionsPerDay: 3000, lookbackDays: 2 }), probe(answers)],
            master,
            seed,
            start,
            end,
            shard
          })
        const wholeAnswers: Array<Float64Array> = []
        const whole = yield* go({ index: 0, count: 1 }, wholeAnswers)
        const wholeRows = marketingOf(whole)
        // Not vacuous: customers are exposed on some days and not on others.
        const flat = wholeAnswers.flatMap((a) => Array.from(a))
        expect(flat.some((x) => x > 1000)).toBe(true)
        expect(flat.some((x) => x === 999)).toBe(true)
        const customers = customerByAdId(master)
        for (const count of [2, 3]) {
          const parts: Array<Batch.Batch> = []
          for (const shard of shardsOf(count)) {
            const answers: Array<Float64Array> = []
            const part = yield* go(shard, answers)
            expect(answers.length, `shard ${shard.index}/${count}`).toBe(wholeAnswers.length)
            answers.forEach((a, k) => {
              expect(Array.from(a), `shard ${shard.index}/${count}, day ${start + k}`).toStrictEqual(
                Array.from(wholeAnswers[k]!)
              )
            })
            const rows = marketingOf(part)
            // A shard's rows resolve only to customers of its regions.
            for (let i = 0; i < rows.length; i++) {
              const who = customers.get(num(rows, C.ad)[i]!)
              if (who !== undefined) expect(regionOfRow(master, who) % count).toBe(shard.index)
            }
            parts.push(rows)
          }
          // Union of the shards' rows, ordered by (EventTS, ImpressionId) = the one-shard rows.
          const merged = Batch.concat(T, parts)
          expect(merged.length).toBe(wholeRows.length)
          const order = sortedOrder(merged)
          const wholeOrder = sortedOrder(wholeRows)
          for (let c = 0; c < T.columns.length; c++) {
            const col = merged.columns[c] as ArrayLike<number>
            const w = wholeRows.columns[c] as ArrayLike<number>
            expect(
              order.map((o) => col[o]),
              `${count} shards, ${T.columns[c]!.name}`
            ).toStrictEqual(wholeOrder.map((o) => w[o]))
          }
        }
      }),
    { fastCheck: { numRuns: 4 } }
  )

  it.effect("a resumed shard keeps the exposure of every region (saved state covers the chain)", () =>
    Effect.gen(function* () {
      const seed = 17
      const master = smallMaster(seed, 1500, 4, 12)
      const start = Calendar.parse("2024-11-25")
      const end = start + 5
      const opts = (answers: Array<Float64Array>) => ({
        plugins: [...plugins({ impressionsPerDay: 3000 }), probe(answers)],
        master,
        seed,
        start,
        end
      })
      const wholeAnswers: Array<Float64Array> = []
      yield* run(opts(wholeAnswers))
      const shard = { index: 1, count: 3 }
      const shardAnswers: Array<Float64Array> = []
      const uninterrupted = yield* run({ ...opts(shardAnswers), shard })
      const headAnswers: Array<Float64Array> = []
      const head = yield* run({ ...opts(headAnswers), end: start + 2, shard })
      const resume = JSON.parse(JSON.stringify(head.summary.resume))
      const tailAnswers: Array<Float64Array> = []
      const tail = yield* run({ ...opts(tailAnswers), shard, resume })
      // The resumed shard answers, for customers of every region, like the one-shard run.
      const resumed = [...headAnswers, ...tailAnswers].map((a) => Array.from(a))
      expect(resumed).toStrictEqual(wholeAnswers.map((a) => Array.from(a)))
      expect(resumed).toStrictEqual(shardAnswers.map((a) => Array.from(a)))
      expect([...head.tables.get("marketing")!, ...tail.tables.get("marketing")!]).toEqual(
        uninterrupted.tables.get("marketing")
      )
    })
  )
})
