import * as fs from "node:fs"
import { join } from "node:path"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll, beforeAll, vi } from "vitest"
import { Cli } from "../src/index.js"
import { plain, tempDir } from "./helpers.js"

const tmp = tempDir()
afterAll(tmp.cleanup)

const cli = (...args: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const out: Array<string> = []
    const err: Array<string> = []
    const log = vi
      .spyOn(console, "log")
      .mockImplementation((...xs: Array<unknown>) => void out.push(xs.join(" ")))
    const error = vi
      .spyOn(console, "error")
      .mockImplementation((...xs: Array<unknown>) => void err.push(xs.join(" ")))
    const code = yield* Cli.run(["node", "retail-datagen", ...args]).pipe(
      Effect.provide(NodeContext.layer),
      Effect.ensuring(
        Effect.sync(() => {
          log.mockRestore()
          error.mockRestore()
        })
      )
    )
    return { code, stdout: plain(out.join("\n")), stderr: plain(err.join("\n")) }
  })

const data = join(tmp.dir, "data")

beforeAll(async () => {
  const config = tmp.file(
    "c.json",
    JSON.stringify({
      seed: 3,
      volume: { stores: 2, dcs: 1, customers_per_day: 120, customers: 400, products: 150, geographies: 10 },
      dates: { start: "2024-03-04", end: "2024-03-10" }
    })
  )
  const r = await Effect.runPromise(
    cli("generate", "--config", config, "--out", data, "--workers", "1", "--quiet")
  )
  expect(r.code, r.stderr).toBe(0)
}, 300_000)

describe("report", () => {
  it.effect("writes DIR/report.html and prints the summary", () =>
    Effect.gen(function* () {
      const r = yield* cli("report", data)
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toMatch(/^\d+ targets: \d+ pass, \d+ fail, \d+ n\/a — wrote .*report\.html$/m)
      const html = fs.readFileSync(join(data, "report.html"), "utf8")
      expect(html).toContain('<svg class="chart"')
    })
  )

  it.effect("--json prints the figures and target rows", () =>
    Effect.gen(function* () {
      const r = yield* cli("report", data, "--json")
      expect(r.code, r.stderr).toBe(0)
      const parsed = JSON.parse(r.stdout)
      expect(parsed.figures.start).toBe("2024-03-04")
      expect(parsed.figures.daily).toHaveLength(7)
      expect(parsed.targets.find((t: { id: string }) => t.id === "tender.CASH").status).toMatch(/pass|fail/)
    })
  )

  it.effect("--strict fails when a target fails; a missing dataset is an error", () =>
    Effect.gen(function* () {
      for (const file of fs.readdirSync(join(data, "facts", "receipts"), { recursive: true })) {
        const p = join(data, "facts", "receipts", String(file))
        if (p.endsWith(".csv"))
          fs.writeFileSync(
            p,
            fs.readFileSync(p, "utf8").replace(/,(CREDIT_CARD|DEBIT_CARD|MOBILE_PAY)$/gm, ",CASH")
          )
      }
      const out = join(tmp.dir, "r.html")
      const r = yield* cli("report", data, "--strict", "--out", out)
      expect(r.code).toBe(1)
      expect(r.stdout).toContain("FAIL tender.CASH")
      expect(r.stderr).toMatch(/^error: .*behavioural targets? failed \(.*tender\.CASH/m)
      expect(fs.existsSync(out)).toBe(true)
      const missing = yield* cli("report", join(tmp.dir, "nothing"))
      expect(missing.code).toBe(2) // not a dataset: a usage error, as for validate
      expect(missing.stderr).toContain("not a retail-datagen dataset")
    })
  )
})
