import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either } from "effect"
import * as Config from "../src/Config.js"

const write = (text: string): string => {
  const file = join(mkdtempSync(join(tmpdir(), "scenario-")), "scenario.json")
  writeFileSync(file, text)
  return file
}

const failure = (effect: Effect.Effect<unknown, Config.ConfigError>): string => {
  const result = Effect.runSync(Effect.either(effect))
  if (Either.isRight(result)) throw new Error("expected a failure")
  return result.left.message
}

describe("scenario files", () => {
  it("names the file and the path of every bad field", async () => {
    const file = write(
      JSON.stringify({
        interventions: [
          { type: "store_closed", stores: [1], start: "2024-01-01", end: "2024-01-02" },
          { type: "store_closed", stores: [2], start: "2024-01-01", end: "2024-01-02" },
          { type: "demand_shock", dc: 1, factor: 0, start: "2024-01-01", end: "2024-01-02" }
        ]
      })
    )
    const result = await Effect.runPromise(Effect.either(Config.loadScenario(file)))
    expect(Either.isLeft(result) && result.left.message).toBe(
      `${file}: interventions[2].factor: expected a number > 0 and ≤ 100, got 0`
    )
  })

  it("reports unknown keys, bad JSON and a missing file", async () => {
    expect(
      failure(Config.parseScenario('{"interventions": [], "intervention": 1}', { source: "s.json" }))
    ).toMatch(/^s\.json: intervention: unknown key, did you mean "interventions"\?/)
    expect(failure(Config.parseScenario("{", { source: "s.json" }))).toMatch(/^s\.json: /)
    const missing = await Effect.runPromise(Effect.either(Config.loadScenario("/nonexistent/x.json")))
    expect(Either.isLeft(missing) && missing.left.message).toBe(
      "/nonexistent/x.json: scenario file not found"
    )
  })

  it("withScenario: an empty scenario is the baseline; ids are checked against the volume", () => {
    const empty = Effect.runSync(Config.parseScenario('{"interventions": []}'))
    const same = Effect.runSync(Config.withScenario(Config.defaults, empty))
    expect(Config.toJson(same)).toBe(Config.toJson(Config.defaults))
    expect("scenario" in same).toBe(false)
    const far = Effect.runSync(
      Config.parseScenario(
        '{"interventions": [{"type": "store_closed", "stores": [11], "start": "2024-01-01", "end": "2024-01-01"}]}'
      )
    )
    expect(failure(Config.withScenario(Config.defaults, far, { source: "s.json" }))).toBe(
      "s.json: interventions[0].stores[0]: expected a StoreID from 1 to 10 (volume.stores), got 11"
    )
    const near = { ...far, interventions: [{ ...far.interventions[0]!, stores: [10] as const }] }
    const applied = Effect.runSync(Config.withScenario(Config.defaults, near))
    // the scenario is part of the configuration document, so it round-trips through _config.json
    expect(Effect.runSync(Config.parse(Config.toJson(applied))).scenario).toEqual(near)
  })
})
