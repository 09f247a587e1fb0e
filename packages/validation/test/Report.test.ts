import { describe, expect, it } from "@effect/vitest"
import { Report, Validate } from "../src/index.js"
import * as F from "./fixture.js"

const failing = () => {
  const fx = F.base()
  F.set(fx, "receipts", 0, "Total", "15.42")
  F.set(fx, "marketing", 0, "Cost", "-0.15")
  return Validate.batches(F.batches(fx), { examples: 1 })
}

describe("Report", () => {
  it("text lists every check with status, rows and violations, then examples with file:line", () => {
    const text = Report.text(failing())
    const lines = text.split("\n")
    expect(lines[0]).toMatch(/^check\s+status\s+rows\s+violations$/)
    expect(lines.find((l) => l.startsWith("I3 receipts"))).toMatch(/^I3 receipts\s+FAIL\s+\d+\s+1$/)
    expect(lines.find((l) => l.startsWith("I1 keys"))).toMatch(/^I1 keys\s+pass\s+\d+\s+0$/)
    expect(text).toContain(
      "I3 receipts: 1 violation, first 1:\n  receipts[0]:1  receipts  RCP101: Total 15.42 ≠ Subtotal + Tax 15.41"
    )
    expect(text).toContain(
      "I6 money: 1 violation, first 1:\n  marketing[0]:1  marketing  negative Cost -0.15"
    )
    expect(lines.at(-1)).toMatch(/^FAILED: 76 rows from 17 sources; 2 violations \(I3 receipts, I6 money\)$/)
  })

  it("json round-trips the report with an ok field", () => {
    const r = failing()
    const parsed = JSON.parse(Report.json(r))
    expect(parsed.ok).toBe(false)
    expect(parsed.checks).toEqual(JSON.parse(JSON.stringify(r.checks)))
    expect(Report.failed(r)).toEqual(["I3", "I6"])
  })

  it("examples are capped but violations are all counted", () => {
    const fx = F.base()
    for (let i = 0; i < 3; i++) F.set(fx, "marketing", i, "Cost", "-0.01")
    const r = Validate.batches(F.batches(fx), { examples: 2 })
    const i6 = Report.get(r, "I6")!
    expect(i6.violations).toBe(3)
    expect(i6.examples.map((e) => e.line)).toEqual([1, 2])
  })

  it("only runs the chosen checks (format always runs); make merges results in check order", () => {
    const r = Validate.batches(F.batches(F.base()), { only: ["I6", "I3"] })
    expect(r.checks.map((c) => c.id)).toEqual(["F", "I3", "I6"])
    const merged = Report.make([...r.checks].reverse())
    expect(merged.checks.map((c) => c.id)).toEqual(["F", "I3", "I6"])
    expect(Report.ok(merged)).toBe(true)
  })
})
