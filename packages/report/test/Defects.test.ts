/**
 * Known defects injected into a generated dataset (files rewritten on disk) must fail exactly the
 * matching target rows, and leave the unrelated ones passing.
 */
import * as fs from "node:fs"
import { Calendar } from "@retail-datagen/core"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { Report, Targets } from "../src/index.js"
import { copy, generate, rewrite } from "./dataset.js"

let clean: string
const dirs: Array<string> = []

beforeAll(async () => {
  clean = await generate("defects")
  dirs.push(clean)
}, 300_000)

afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true })
})

const damaged = (name: string, damage: (dir: string) => void): Promise<ReadonlyArray<Targets.Row>> => {
  const dir = copy(clean, name)
  dirs.push(dir)
  damage(dir)
  return Effect.runPromise(Effect.map(Report.make(dir), (r) => r.targets))
}

const statusOf = (rows: ReadonlyArray<Targets.Row>, id: string) => rows.find((r) => r.id === id)!.status

const WEEKLY = [0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.1]

/** Keeps `keep` of `rows`, spread evenly (so the hours of the day keep their shape). */
const thin = (rows: ReadonlyArray<string>, keep: number): ReadonlyArray<string> =>
  rows.filter((_, i) => Math.floor(((i + 1) * keep) / rows.length) > Math.floor((i * keep) / rows.length))

describe("injected defects", () => {
  it("a flat week fails the weekday rows", async () => {
    const rows = await damaged("flat-week", (dir) =>
      rewrite(dir, "receipts", (_, lines, file) => {
        const day = Calendar.parse(/dt=(\d{4}-\d{2}-\d{2})/.exec(file)![1]!)
        return thin(lines, Math.round((lines.length * 0.7) / WEEKLY[Calendar.dayOfWeek(day)]!))
      })
    )
    for (const w of ["Mon", "Tue", "Fri", "Sat"]) expect(statusOf(rows, `weekday.${w}`), w).toBe("fail")
    for (const t of Targets.TENDER) expect(statusOf(rows, `tender.${t[0]}`)).toBe("pass")
    expect(statusOf(rows, "hour.peak")).toBe("pass")
  })

  it("a changed tender mix fails the tender rows only", async () => {
    const rows = await damaged("tender", (dir) =>
      rewrite(dir, "receipts", (_, lines) => lines.map((l) => l.replace(/,MOBILE_PAY$/, ",CASH")))
    )
    expect(Targets.failed(rows).filter((id) => id.startsWith("tender."))).toStrictEqual([
      "tender.CASH",
      "tender.MOBILE_PAY"
    ])
    expect(statusOf(rows, "tender.CREDIT_CARD")).toBe("pass")
    for (const w of ["Mon", "Sat", "Sun"]) expect(statusOf(rows, `weekday.${w}`)).toBe("pass")
  })

  it("receipts without promotions fail the promotion row", async () => {
    const rows = await damaged("no-promotions", (dir) =>
      rewrite(dir, "receipt_lines", (header, lines) => {
        const promo = header.indexOf("PromoCode")
        return lines.map((l) => {
          const cells = l.split(",")
          cells[promo] = ""
          return cells.join(",")
        })
      })
    )
    expect(rows.find((r) => r.id === "promotions")!.measured).toBe(0)
    expect(statusOf(rows, "promotions")).toBe("fail")
    expect(statusOf(rows, "tender.CASH")).toBe("pass")
  })
})
