import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@retail-datagen/core"
import { Generator } from "@retail-datagen/generator"
import { Chunk, Effect, FastCheck, Stream } from "effect"
import { Event, Mapping } from "../src/index.js"
import { tempDir, tinyConfig } from "./helpers.js"

const eventsOf = (config: ReturnType<typeof tinyConfig>, start: string, days: number) =>
  Effect.gen(function* () {
    const { plan, stream } = yield* Generator.days(config, { start, days })
    const out = yield* Stream.runCollect(Stream.map(stream, Mapping.mapper(plan).day))
    return Chunk.toArray(out).flat()
  })

describe("Mapping", () => {
  it.effect("every event decodes; ids are unique, ordered by offset, and stable across runs", () =>
    Effect.gen(function* () {
      const config = tinyConfig(tempDir())
      // Thanksgiving and Black Friday 2024: holiday store hours
      const a = yield* eventsOf(config, "2024-11-28", 2)
      const b = yield* eventsOf(config, "2024-11-28", 2)
      expect(a.length).toBeGreaterThan(1000)
      expect(b.map((e) => e.json)).toEqual(a.map((e) => e.json))
      expect(new Set(a.map((e) => e.id)).size).toBe(a.length)
      const types = new Set<string>()
      const bad: Array<string> = []
      for (let i = 0; i < a.length; i++) {
        const e = a[i]!
        const env = Event.decodeSync(e.json)
        types.add(env.event_type)
        if (env.event_id !== e.id || e.id !== Event.idOf(e.day, e.sequence))
          bad.push(`${i}: id ${env.event_id}`)
        if (env.offset.day !== Calendar.format(e.day) || env.offset.sequence !== e.sequence)
          bad.push(`${i}: offset`)
        if (i > 0) {
          const p = a[i - 1]!
          if (Event.compare(p, e) >= 0) bad.push(`${i}: offset order`)
          if (p.day === e.day && p.time > e.time) bad.push(`${i}: time order`)
        }
      }
      expect(bad.slice(0, 5)).toEqual([])
      for (const t of [
        "receipt_created",
        "payment_processed",
        "receipt_line_added",
        "promotion_applied",
        "inventory_updated",
        "customer_entered",
        "ble_ping_detected",
        "customer_zone_changed",
        "ad_impression",
        "online_order_created",
        "online_order_picked",
        "online_order_shipped",
        "store_opened",
        "store_closed",
        "truck_arrived",
        "truck_departed",
        "reorder_triggered",
        "stockout_detected"
      ]) {
        expect(types, t).toContain(t)
      }
    })
  )

  it.effect(
    "stockout_detected: after the inventory row that empties a store's shelf, from the starting positions on",
    () =>
      Effect.gen(function* () {
        const config = tinyConfig(tempDir())
        const { plan, stream } = yield* Generator.days(config, { start: "2024-11-28", days: 2 })
        const days = Chunk.toArray(yield* Stream.runCollect(stream))
        const all = days.flatMap(Mapping.mapper(plan).day)
        // the positions again, from the stream's own rows: the starting snapshot plus every delta
        const position = new Map<string, number>()
        const outs: Array<string> = []
        const bad: Array<string> = []
        let previous: { json: string; key: string; before: number; after: number } | undefined
        for (const e of all) {
          const env = Event.decodeSync(e.json)
          const row = env.payload as { StoreID: number; ProductID: number; QtyDelta: number }
          if (env.event_type === "inventory_updated" && e.partitionKey?.startsWith("store-")) {
            const key = `${row.StoreID}/${row.ProductID}`
            const before = position.get(key) ?? Math.max(0, plan.storeStock!(row.StoreID, row.ProductID))
            const after = before + row.QtyDelta
            if (after < 0) bad.push(`${e.id}: ${key} below zero`)
            position.set(key, after)
            previous = { json: JSON.stringify(env.payload), key, before, after }
            if (before > 0 && after <= 0) outs.push(`${e.day}:${JSON.stringify(env.payload)}`)
          } else if (env.event_type === "stockout_detected") {
            // a derived event of the row just before it (same payload), which emptied the shelf
            if (previous === undefined || previous.json !== JSON.stringify(env.payload))
              bad.push(`${e.id}: payload`)
            else if (!(previous.before > 0 && previous.after === 0))
              bad.push(`${e.id}: ${previous.key} not emptied`)
            expect(env.partition_key).toBe(`store-${row.StoreID}`)
            expect(env.correlation_id).toBe(env.trace_id)
          }
        }
        expect(bad.slice(0, 5)).toEqual([])
        const emitted = all.filter((e) => e.type === "stockout_detected")
        expect(emitted.length).toBeGreaterThan(0)
        expect(emitted.map((e) => `${e.day}:${JSON.stringify(Event.decodeSync(e.json).payload)}`)).toEqual(
          outs
        )
        // a day passed over (a stream resumed after it) leaves the same positions as a day mapped
        const resumed = Mapping.mapper(plan)
        resumed.skip(days[0]!)
        const second = resumed.day(days[1]!)
        expect(second.map((e) => e.json)).toEqual(
          all.filter((e) => e.day === days[1]!.day).map((e) => e.json)
        )
        expect(second.some((e) => e.type === "stockout_detected")).toBe(true)
      })
  )

  it("event ids are unique and round-trip to their offset (property)", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 0, max: 80000 }),
        FastCheck.integer({ min: 0, max: 999_999_999 }),
        FastCheck.integer({ min: 0, max: 80000 }),
        FastCheck.integer({ min: 0, max: 999_999_999 }),
        (d1, s1, d2, s2) => {
          const same = d1 === d2 && s1 === s2
          expect(Event.idOf(d1, s1) === Event.idOf(d2, s2)).toBe(same)
          // ids sort as offsets do
          const c = Event.compare({ day: d1, sequence: s1 }, { day: d2, sequence: s2 })
          const t = Event.idOf(d1, s1) < Event.idOf(d2, s2) ? -1 : same ? 0 : 1
          expect(Math.sign(c)).toBe(t)
        }
      )
    )
  })
})
