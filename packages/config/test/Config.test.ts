import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Effect, FastCheck, Schema } from "effect"
import { afterAll } from "vitest"
import { Config } from "../src/index.js"

/** The documented defaults (DATA-CONTRACT §2 shape + the further knobs of the issue), written out by hand. */
const DOCUMENTED = {
  seed: 42,
  volume: {
    stores: 10,
    dcs: 2,
    customers_per_day: 1000,
    items_per_ticket_mean: 4.2,
    online_orders_per_day: 100,
    customers: 100000,
    products: 10000,
    geographies: 100,
    trucks_per_dc: 8,
    truck_capacity_units: 2400,
    marketing_impressions_per_day: 5000
  },
  dates: { start: "2024-01-01", end: "2024-01-30" },
  output: { format: "csv", truth: false },
  realtime: { emit_interval_ms: 500, burst: 100 },
  paths: { dict: "data/dictionaries", master: "data/master", facts: "data/facts" },
  stream: { hub: "retail-events" },
  marketing: { lift: 1.3, lookback_days: 7 },
  patterns: {},
  plugins: []
}

/** Decodes and returns the error message (fails the test if decoding succeeds). */
const messageOf = (input: unknown) =>
  Config.decode(input).pipe(
    Effect.flip,
    Effect.map((e) => e.message)
  )

const dir = mkdtempSync(join(tmpdir(), "config-test-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string): string => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

// Pattern overrides have their own property tests in @retail-datagen/patterns; here they stay empty
// so the arbitrary explores the config's own fields.
// JSON has no -0 (a generated scenario `percent: -0` is written as 0): the arbitrary makes +0.
const positiveZero = (u: unknown): unknown =>
  Object.is(u, -0)
    ? 0
    : Array.isArray(u)
      ? u.map(positiveZero)
      : typeof u === "object" && u !== null
        ? Object.fromEntries(Object.entries(u).map(([k, v]) => [k, positiveZero(v)]))
        : u
const ValidConfig = Arbitrary.make(Config.Config.omit("patterns")).map(
  (config): Config.Config => ({ ...(positiveZero(config) as Config.Config), patterns: {} })
)

describe("defaults", () => {
  it.effect("{} decodes to the documented defaults", () =>
    Effect.gen(function* () {
      const config = yield* Config.decode({})
      expect(config).toStrictEqual(DOCUMENTED)
      expect(Config.defaults).toStrictEqual(DOCUMENTED)
    })
  )

  it.effect("an empty section is filled in while sibling values are kept", () =>
    Effect.gen(function* () {
      const config = yield* Config.decode({ volume: { stores: 50 }, dates: {} })
      expect(config.volume).toStrictEqual({ ...DOCUMENTED.volume, stores: 50 })
      expect(config.dates).toStrictEqual(DOCUMENTED.dates)
      expect(config.seed).toBe(42)
    })
  )

  it.effect("the DATA-CONTRACT §2 example is valid", () =>
    Effect.gen(function* () {
      const config = yield* Config.decode({
        seed: 42,
        volume: {
          stores: 250,
          dcs: 12,
          customers_per_day: 20000,
          items_per_ticket_mean: 4.2,
          online_orders_per_day: 2500
        },
        realtime: { emit_interval_ms: 500, burst: 100 },
        paths: { dict: "data/dictionaries", master: "data/master", facts: "data/facts" },
        stream: { hub: "retail-events" }
      })
      expect(config.volume.stores).toBe(250)
      expect(config.volume.dcs).toBe(12)
      expect(config.volume.customers).toBe(100000)
    })
  )

  it("toJson writes every field, in schema order, and parses back to the same value", () => {
    const text = Config.toJson(Config.defaults)
    expect(text.endsWith("}\n")).toBe(true)
    expect(text).toContain('\n  "volume": {\n    "stores": 10,')
    expect(JSON.parse(text)).toStrictEqual(DOCUMENTED)
    expect(Object.keys(JSON.parse(text))).toStrictEqual(Object.keys(DOCUMENTED))
  })
})

describe("bad values name the key path, the expected type and the value", () => {
  const cases: ReadonlyArray<readonly [unknown, string]> = [
    [{ seed: "x" }, 'seed: expected an integer, got "x"'],
    [{ seed: 1.5 }, "seed: expected an integer, got 1.5"],
    [{ volume: { stores: -3 } }, "volume.stores: expected an integer from 1 to 99,999, got -3"],
    [{ volume: { stores: "10" } }, 'volume.stores: expected an integer from 1 to 99,999, got "10"'],
    [{ volume: { dcs: 0 } }, "volume.dcs: expected an integer from 1 to 999, got 0"],
    [{ volume: { stores: 3, dcs: 5 } }, "volume.dcs: expected at most volume.stores (3), got 5"],
    [{ volume: { customers_per_day: -1 } }, "volume.customers_per_day: expected an integer ≥ 0, got -1"],
    [
      { volume: { items_per_ticket_mean: 0.5 } },
      "volume.items_per_ticket_mean: expected a number ≥ 1 and ≤ 50, got 0.5"
    ],
    [
      { volume: { items_per_ticket_mean: 51 } },
      "volume.items_per_ticket_mean: expected a number ≥ 1 and ≤ 50, got 51"
    ],
    [
      { volume: { online_orders_per_day: 2.5 } },
      "volume.online_orders_per_day: expected an integer ≥ 0, got 2.5"
    ],
    [{ volume: { customers: 0 } }, "volume.customers: expected an integer from 1 to 50,000,000, got 0"],
    [{ volume: { products: null } }, "volume.products: expected an integer from 1 to 1,000,000, got null"],
    [{ volume: { geographies: 0 } }, "volume.geographies: expected an integer from 1 to 327, got 0"],
    [{ volume: { trucks_per_dc: 0 } }, "volume.trucks_per_dc: expected an integer from 1 to 1,000, got 0"],
    [
      { volume: { truck_capacity_units: true } },
      "volume.truck_capacity_units: expected an integer from 1 to 1,000,000, got true"
    ],
    [
      { volume: { marketing_impressions_per_day: -5 } },
      "volume.marketing_impressions_per_day: expected an integer from 0 to 100,000, got -5"
    ],
    [{ volume: 5 }, "volume: expected an object, got 5"],
    [{ volume: [] }, "volume: expected an object, got []"],
    [
      { dates: { start: "2024-02-30" } },
      'dates.start: expected a date YYYY-MM-DD from 1970-01-01 to 2199-12-31, got "2024-02-30"'
    ],
    [
      { dates: { start: "2024-1-5" } },
      'dates.start: expected a date YYYY-MM-DD from 1970-01-01 to 2199-12-31, got "2024-1-5"'
    ],
    [{ dates: { end: 20240105 } }, "dates.end: expected a date YYYY-MM-DD, got 20240105"],
    [
      { dates: { start: "2024-03-10", end: "2024-03-09" } },
      'dates.end: expected a date on or after dates.start (2024-03-10), got "2024-03-09"'
    ],
    [{ output: { format: "xml" } }, 'output.format: expected "csv" or "parquet", got "xml"'],
    [{ realtime: { emit_interval_ms: 0 } }, "realtime.emit_interval_ms: expected an integer ≥ 1, got 0"],
    [{ realtime: { burst: -1 } }, "realtime.burst: expected an integer ≥ 1, got -1"],
    [{ paths: { dict: "" } }, 'paths.dict: expected a non-empty path, got ""'],
    [{ paths: { master: 3 } }, "paths.master: expected a non-empty path, got 3"],
    [{ paths: { facts: {} } }, "paths.facts: expected a non-empty path, got {}"],
    [{ stream: { hub: "" } }, 'stream.hub: expected a non-empty name, got ""'],
    [{ marketing: { lift: 0.5 } }, "marketing.lift: expected a number ≥ 1 and ≤ 10, got 0.5"],
    [{ marketing: { lookback_days: 0 } }, "marketing.lookback_days: expected an integer from 1 to 90, got 0"],
    [{ plugins: "x" }, 'plugins: expected an array of module specifiers, got "x"'],
    [
      { plugins: ["ok", 3] },
      'plugins[1]: expected a non-empty module specifier or { "module": …, "options": { … } }, got 3'
    ],
    [{ plugins: [{ module: "" }] }, 'plugins[0].module: expected a non-empty module specifier, got ""'],
    [
      { plugins: [{ module: "m", option: {} }] },
      'plugins[0].option: unknown key, did you mean "options"? (allowed: module, options)'
    ],
    [
      { plugins: [{ module: "m", options: JSON.parse('{"__proto__": false}') }] },
      "plugins[0].options.__proto__: unknown key (allowed: )"
    ],
    [5, "expected an object, got 5"],
    [null, "expected an object, got null"]
  ]
  for (const [input, message] of cases) {
    it.effect(JSON.stringify(input), () =>
      Effect.gen(function* () {
        expect(yield* messageOf(input)).toBe(message)
      })
    )
  }

  it.effect("long values are shortened in the message", () =>
    Effect.gen(function* () {
      const message = yield* messageOf({ stream: { hub: ["x".repeat(200)] } })
      expect(message.startsWith('stream.hub: expected a non-empty name, got ["xxx')).toBe(true)
      expect(message.length).toBeLessThan(120)
    })
  )

  it.prop(
    "any integer below 1 for volume.stores is reported with its value",
    [FastCheck.integer({ min: -1_000_000, max: 0 })],
    ([n]) => {
      const message = Effect.runSync(messageOf({ volume: { stores: n } }))
      expect(message).toBe(`volume.stores: expected an integer from 1 to 99,999, got ${n}`)
    }
  )
})

describe("unknown keys are rejected with the allowed keys", () => {
  it.effect("at the top level", () =>
    Effect.gen(function* () {
      expect(yield* messageOf({ colour: "red" })).toBe(
        "colour: unknown key (allowed: seed, volume, dates, output, realtime, paths, stream, marketing, patterns, scenario, plugins)"
      )
    })
  )

  it.effect("nested, with a suggestion for a likely typo", () =>
    Effect.gen(function* () {
      expect(yield* messageOf({ paths: { dicts: "x" } })).toBe(
        'paths.dicts: unknown key, did you mean "dict"? (allowed: dict, master, facts)'
      )
      expect(yield* messageOf({ volume: { colour: 1 } })).toMatchInlineSnapshot(
        `"volume.colour: unknown key (allowed: stores, dcs, customers_per_day, items_per_ticket_mean, online_orders_per_day, customers, products, geographies, trucks_per_dc, truck_capacity_units, marketing_impressions_per_day)"`
      )
    })
  )

  it.effect("every problem is reported, one line each", () =>
    Effect.gen(function* () {
      const error = yield* Config.decode({
        seed: "x",
        volume: { stores: 0, colour: 1 },
        output: { format: "xml" }
      }).pipe(Effect.flip)
      expect(error._tag).toBe("ConfigError")
      expect(error.problems.map((p) => p.path)).toStrictEqual([
        "seed",
        "volume.colour",
        "volume.stores",
        "output.format"
      ])
      expect(error.message).toMatchInlineSnapshot(`
        "seed: expected an integer, got "x"
        volume.colour: unknown key (allowed: stores, dcs, customers_per_day, items_per_ticket_mean, online_orders_per_day, customers, products, geographies, trucks_per_dc, truck_capacity_units, marketing_impressions_per_day)
        volume.stores: expected an integer from 1 to 99,999, got 0
        output.format: expected "csv" or "parquet", got "xml""
      `)
    })
  )

  it("the schema itself rejects excess keys, whoever decodes with it", () => {
    expect(() => Schema.decodeUnknownSync(Config.Config)({ extra: 1 })).toThrow(/extra/)
  })
})

describe("round trips", () => {
  it.prop("encode(valid config) decodes back to an equal config", [ValidConfig], ([config]) => {
    const back = Effect.runSync(Config.decode(JSON.parse(JSON.stringify(Config.encode(config)))))
    expect(back).toStrictEqual(config)
  })

  it.prop("toJson(valid config) parses back to an equal config", [ValidConfig], ([config]) => {
    expect(Effect.runSync(Config.parse(Config.toJson(config)))).toStrictEqual(config)
  })
})

describe("parse and load", () => {
  it.effect("a JSON syntax error gives line and column", () =>
    Effect.gen(function* () {
      const error = yield* Config.parse('{\n  "seed": 1,\n}\n').pipe(Effect.flip)
      expect(error.message).toBe("invalid JSON at line 3, column 1: Expected double-quoted property name")
    })
  )

  it.effect("truncated JSON points at the end of the text", () =>
    Effect.gen(function* () {
      const error = yield* Config.parse('{"volume": {"stores": 3}').pipe(Effect.flip)
      expect(error.message).toMatch(/^invalid JSON at line 1, column 25: /)
    })
  )

  it.effect("an empty file is invalid JSON", () =>
    Effect.gen(function* () {
      const error = yield* Config.parse("").pipe(Effect.flip)
      expect(error.message).toBe("invalid JSON at line 1, column 1: the file is empty")
    })
  )

  it.effect("load reads and decodes a file (a UTF-8 BOM is accepted)", () =>
    Effect.gen(function* () {
      const path = file("ok.json", '\ufeff{ "volume": { "stores": 20, "dcs": 3 } }')
      const config = yield* Config.load(path)
      expect(config.volume.stores).toBe(20)
      expect(config.volume.dcs).toBe(3)
      expect(config.dates).toStrictEqual(DOCUMENTED.dates)
    })
  )

  it.effect("a missing file is a ConfigError naming the file", () =>
    Effect.gen(function* () {
      const path = join(dir, "nope.json")
      const error = yield* Config.load(path).pipe(Effect.flip)
      expect(error._tag).toBe("ConfigError")
      expect(error.source).toBe(path)
      expect(error.message).toBe(`${path}: config file not found`)
    })
  )

  it.effect("a directory is not a config file", () =>
    Effect.gen(function* () {
      const error = yield* Config.load(dir).pipe(Effect.flip)
      expect(error.message).toBe(`${dir}: is a directory, not a config file`)
    })
  )

  it.effect("invalid JSON in a file names the file, line and column", () =>
    Effect.gen(function* () {
      const path = file("bad.json", '{\n  "seed": 42\n  "volume": {}\n}\n')
      const error = yield* Config.load(path).pipe(Effect.flip)
      expect(error.message).toBe(
        `${path}: invalid JSON at line 3, column 3: Expected ',' or '}' after property value`
      )
    })
  )

  it.effect("bad values in a file are prefixed with the file", () =>
    Effect.gen(function* () {
      const path = file("range.json", '{ "volume": { "stores": -3 } }')
      const error = yield* Config.load(path).pipe(Effect.flip)
      expect(error.lines).toStrictEqual([
        `${path}: volume.stores: expected an integer from 1 to 99,999, got -3`
      ])
    })
  )
})

describe("merge", () => {
  it.effect("overrides replace given values and keep the rest", () =>
    Effect.gen(function* () {
      const base = yield* Config.decode({ volume: { stores: 30, dcs: 3 }, plugins: ["a"] })
      const merged = yield* Config.merge(base, {
        volume: { stores: 40, dcs: undefined },
        seed: 7,
        plugins: ["b", "c"],
        paths: { facts: "out/facts" }
      })
      expect(merged.volume).toStrictEqual({ ...DOCUMENTED.volume, stores: 40, dcs: 3 })
      expect(merged.seed).toBe(7)
      expect(merged.plugins).toStrictEqual(["b", "c"])
      expect(merged.paths).toStrictEqual({ ...DOCUMENTED.paths, facts: "out/facts" })
      expect(base.volume.stores).toBe(30)
    })
  )

  it.effect("merged values are re-validated, cross-field rules included", () =>
    Effect.gen(function* () {
      const base = yield* Config.decode({ volume: { stores: 30, dcs: 3 } })
      expect((yield* Config.merge(base, { volume: { stores: 0 } }).pipe(Effect.flip)).message).toBe(
        "volume.stores: expected an integer from 1 to 99,999, got 0"
      )
      expect((yield* Config.merge(base, { volume: { stores: 2 } }).pipe(Effect.flip)).message).toBe(
        "volume.dcs: expected at most volume.stores (2), got 3"
      )
    })
  )

  it.prop("merging nothing is the identity", [ValidConfig], ([config]) => {
    expect(Effect.runSync(Config.merge(config, {}))).toStrictEqual(config)
  })
})

describe("hash", () => {
  it("is a sha256 hex digest, stable across key order", () => {
    const h = Config.hash(Config.defaults)
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    const reordered = Effect.runSync(
      Config.parse(
        '{"plugins":[],"stream":{"hub":"retail-events"},"volume":{"dcs":2,"stores":10},"seed":42,"dates":{"end":"2024-01-30","start":"2024-01-01"}}'
      )
    )
    expect(Config.hash(reordered)).toBe(h)
  })

  it.prop("changes when the seed changes", [FastCheck.integer({ min: 0, max: 1_000_000 })], ([seed]) => {
    const a = Effect.runSync(Config.decode({ seed }))
    const b = Effect.runSync(Config.decode({ seed: seed + 1 }))
    expect(Config.hash(a)).not.toBe(Config.hash(b))
    expect(Config.hash(a)).toBe(Config.hash(Effect.runSync(Config.decode({ seed }))))
  })
})

describe("reference", () => {
  const flatten = (value: unknown, prefix = ""): Array<string> =>
    value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 0
      ? Object.entries(value).flatMap(([k, v]) => flatten(v, prefix === "" ? k : `${prefix}.${k}`))
      : [prefix]

  it("documents every field with a type, its default and a description", () => {
    expect(Config.reference.map((r) => r.key)).toStrictEqual(flatten(DOCUMENTED))
    for (const row of Config.reference) {
      expect(row.description.length, row.key).toBeGreaterThan(10)
      expect(row.type.length, row.key).toBeGreaterThan(0)
      const documented = row.key
        .split(".")
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], DOCUMENTED)
      expect(JSON.parse(row.default), row.key).toStrictEqual(documented)
    }
  })

  it("renders a Markdown table with one row per field", () => {
    const lines = Config.referenceTable().split("\n")
    expect(lines[0]).toBe("| key | type | default | description |")
    expect(lines).toHaveLength(2 + Config.reference.length)
    expect(lines).toContain(
      '| `output.format` | "csv" or "parquet" | `"csv"` | File format of master and fact tables. |'
    )
  })
})
