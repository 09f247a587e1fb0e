import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Exit } from "effect"
import { Holidays, Overrides, Patterns } from "../src/index.js"

const errorOf = (input: unknown): Overrides.PatternOverridesError => {
  const r = Overrides.decode(input)
  if (Either.isRight(r)) throw new Error(`expected a decoding error for ${JSON.stringify(input)}`)
  return r.left
}

describe("Overrides", () => {
  it("accepts {} and a full document", () => {
    expect(Overrides.decodeSync({})).toEqual({})
    const full = {
      weekly: [0.7, 0.8, 0.9, 1, 1.2, 1.4, 1.1],
      hourly: { weekday: new Array(24).fill(1) },
      seasonal: new Array(12).fill(1),
      holidays: { "black-friday": 4, "cyber-monday": { online: 4 }, "christmas-day": { online: 0.3 } },
      weather: { enabled: false, climates: { "Gulf Coast": "hot" } },
      events: {
        flashSales: false,
        extra: [
          {
            code: "SPRING-X",
            start: "2024-04-01",
            end: "2024-04-02",
            discountBps: 1500,
            departments: ["pet"]
          }
        ]
      }
    }
    expect(Overrides.decodeSync(full)).toEqual(full)
  })

  it("the README's example decodes", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8")
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!))
    expect(blocks.length).toBeGreaterThan(0)
    for (const b of blocks) {
      const section = "patterns" in b ? b.patterns : b
      expect(Either.isRight(Overrides.decode(section))).toBe(true)
    }
  })

  it.each([
    [{ weekly: [1, 1, 1] }, "patterns.weekly", /7 multipliers/],
    [{ weekly: [1, 1, 1, -1, 1, 1, 1] }, "patterns.weekly[3]", /> 0/],
    [{ weekly: [1, 1, 1, "x", 1, 1, 1] }, "patterns.weekly[3]", /number/],
    [{ hourly: { weekday: new Array(24).fill(0) } }, "patterns.hourly.weekday", /at least one/],
    [{ hourly: { night: [] } }, "patterns.hourly.night", /unexpected/i],
    [{ seasonal: new Array(11).fill(1) }, "patterns.seasonal", /12 monthly/],
    [{ holidays: { easter: 2 } }, "patterns.holidays.easter", /unexpected/i],
    [{ holidays: { "black-friday": -1 } }, "patterns.holidays.black-friday", /./],
    [{ holidays: { "christmas-day": 1 } }, "patterns.holidays.christmas-day", /closed on Christmas Day/],
    [{ weather: { climates: { Midwest: "arctic" } } }, "patterns.weather.climates.Midwest", /cold/],
    [{ weather: { enabled: "no" } }, "patterns.weather.enabled", /boolean/],
    [
      {
        events: {
          extra: [
            { code: "X1", start: "2024-05-02", end: "2024-05-01", discountBps: 100, departments: ["pet"] }
          ]
        }
      },
      "patterns.events.extra[0].end",
      /on or after start/
    ],
    [
      {
        events: {
          extra: [
            { code: "X1", start: "2024-02-30", end: "2024-03-01", discountBps: 100, departments: ["pet"] }
          ]
        }
      },
      "patterns.events.extra[0].start",
      /real date/
    ],
    [
      {
        events: {
          extra: [
            { code: "X1", start: "2024-03-01", end: "2024-03-01", discountBps: 100, departments: ["pets"] }
          ]
        }
      },
      "patterns.events.extra[0].departments[0]",
      /"pet"/
    ],
    [
      {
        events: {
          extra: [
            { code: "x 1", start: "2024-03-01", end: "2024-03-01", discountBps: 10.5, departments: ["pet"] }
          ]
        }
      },
      "patterns.events.extra[0].code",
      /A–Z/
    ],
    [{ colour: "red" }, "patterns.colour", /unexpected/i]
  ] as const)("rejects %j naming %s", (input, path, message) => {
    const e = errorOf(input)
    expect(e._tag).toBe("PatternOverridesError")
    expect(e.issues.map((i) => i.path)).toContain(path)
    const issue = e.issues.find((i) => i.path === path)!
    expect(issue.message).toMatch(message)
    expect(e.message).toContain(path)
  })

  it("reports every bad field, not just the first", () => {
    const e = errorOf({ weekly: [1], seasonal: [1] })
    expect(e.issues.map((i) => i.path).sort()).toEqual(["patterns.seasonal", "patterns.weekly"])
    expect(e.path).toBe(e.issues[0]!.path)
  })

  it("prefixes paths with the given root and quotes unusual keys", () => {
    const e = Either.getLeft(
      Overrides.decode({ weather: { climates: { "Gulf Coast": "wet" } } }, "config.patterns")
    )
    expect(e._tag).toBe("Some")
    if (e._tag === "Some") expect(e.value.path).toBe('config.patterns.weather.climates["Gulf Coast"]')
  })

  it.effect("fromConfig fails with the tagged error, and succeeds on valid input", () =>
    Effect.gen(function* () {
      const bad = yield* Effect.exit(Patterns.fromConfig({ weekly: [] }))
      expect(Exit.isFailure(bad)).toBe(true)
      const err = yield* Effect.flip(Patterns.fromConfig({ weekly: [] }))
      expect(err._tag).toBe("PatternOverridesError")
      expect(err.path).toBe("patterns.weekly")
      const p = yield* Patterns.fromConfig({ holidays: { "black-friday": 5 } }, { seed: 1 })
      expect(p.holiday(Holidays.blackFriday(2023))).toBeCloseTo(5, 12)
      const fromLayer = yield* Effect.provide(Patterns.Patterns, Patterns.layer(undefined, { seed: 2 }))
      expect(fromLayer.seed).toBe(2)
    })
  )
})

describe("Overrides messages", () => {
  it("a holiday given as an object reports the bad field, not the union's other alternative", () => {
    const e = errorOf({ holidays: { "cyber-monday": { store: -2 } } })
    expect(e.issues).toEqual([
      { path: "patterns.holidays.cyber-monday.store", message: "must be a number ≥ 0" }
    ])
  })

  it("an array keeps both its length error and its element errors", () => {
    const e = errorOf({ weekly: [1, -1] })
    expect(e.issues.map((i) => i.path).sort()).toEqual(["patterns.weekly", "patterns.weekly[1]"])
  })
})
