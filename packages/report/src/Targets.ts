/**
 * Every behavioural target of DATA-CONTRACT §6 (and the lines-per-receipt target of §2) as a row
 * measured on the figures: the measured value, the target, the tolerance and whether it passes.
 * A target the dataset cannot measure (no Black Friday in its days, no August…) is `n/a`, never
 * a pass.
 *
 * @example
 * import { Targets } from "@retail-datagen/report"
 * const rows = Targets.evaluate(figures)
 * rows.filter((r) => r.status === "fail").map((r) => r.id)
 */
import type { Figures } from "./Figures.js"

/** The outcome of one target. */
export type Status = "pass" | "fail" | "n/a"

/** One target row. */
export interface Row {
  /** Stable id, e.g. `weekday.Sat`, `tender.CASH`. */
  readonly id: string
  /** The contract section it comes from. */
  readonly section: string
  readonly name: string
  /** Measured value (NaN when not measurable). */
  readonly measured: number
  /** The target as text, e.g. "1.4 / mean", "10–20 %". */
  readonly target: string
  /** The tolerance as text. */
  readonly tolerance: string
  readonly status: Status
  /** How the value is shown: a ratio, a percentage or a count. */
  readonly unit: "ratio" | "percent" | "hour"
}

const within = (x: number, lo: number, hi: number): Status =>
  Number.isFinite(x) ? (x >= lo && x <= hi ? "pass" : "fail") : "n/a"

const atLeast = (x: number, lo: number): Status => (Number.isFinite(x) ? (x >= lo ? "pass" : "fail") : "n/a")

const pct = (x: number) => `${(x * 100).toFixed(0)} %`

/** Relative tolerance of a weekday index (the day's mean after season, holidays and events). */
export const WEEKDAY_TOLERANCE = 0.08

/** Days of a month the dataset must hold for its lines-per-receipt row to count. */
export const MONTH_DAYS = 7

/** Tender shares of the contract (§6). */
export const TENDER: ReadonlyArray<readonly [string, number]> = [
  ["CREDIT_CARD", 0.4],
  ["DEBIT_CARD", 0.3],
  ["CASH", 0.2],
  ["MOBILE_PAY", 0.1]
]

/** Segment shares of the contract (§6). */
export const SEGMENT_SHARES: ReadonlyArray<readonly [string, number]> = [
  ["budget", 0.35],
  ["convenience", 0.25],
  ["quality", 0.2],
  ["brand_loyal", 0.2]
]

/** Evaluates every target on `f`. */
export const evaluate = (f: Figures): ReadonlyArray<Row> => {
  const rows: Array<Row> = []
  const add = (row: Row) => rows.push(row)

  // §6 day of week
  for (const w of f.weekday) {
    add({
      id: `weekday.${w.weekday}`,
      section: "§6 day of week",
      name: `${w.weekday} ÷ mean weekday (season, holidays, events divided out)`,
      measured: w.days > 0 ? w.index : Number.NaN,
      target: w.target.toFixed(3),
      tolerance: `±${(WEEKDAY_TOLERANCE * 100).toFixed(0)} %`,
      status:
        w.days > 0
          ? within(w.index, w.target * (1 - WEEKDAY_TOLERANCE), w.target * (1 + WEEKDAY_TOLERANCE))
          : "n/a",
      unit: "ratio"
    })
  }

  // §6 Black Friday, Christmas run-up
  const bf = f.blackFriday === null ? Number.NaN : f.blackFriday.receipts / f.blackFriday.priorFridays
  add({
    id: "black-friday",
    section: "§6 holidays",
    name: "Black Friday ÷ ordinary Fridays of the 8 weeks before",
    measured: bf,
    target: "3.5",
    tolerance: "±15 %",
    status: within(bf, 3.5 * 0.85, 3.5 * 1.15),
    unit: "ratio"
  })
  const cr = f.christmasRunUp === null ? Number.NaN : f.christmasRunUp.runUp / f.christmasRunUp.ordinary
  add({
    id: "christmas-run-up",
    section: "§6 holidays",
    name: "Dec 15–23 ÷ ordinary days (weekday, season, events divided out)",
    measured: cr,
    target: "2",
    tolerance: "±15 %",
    status: within(cr, 2 * 0.85, 2 * 1.15),
    unit: "ratio"
  })
  const lift = (name: string) => f.seasonalLifts.find((l) => l.name === name)
  for (const [id, name] of [
    ["back-to-school.electronics", "Back-to-school electronics"],
    ["back-to-school.clothing", "Back-to-school clothing"],
    ["summer.outdoor", "Summer outdoor"],
    ["summer.garden", "Summer BBQ / garden"]
  ] as const) {
    const l = lift(name)
    add({
      id,
      section: "§6 seasons",
      name:
        l === undefined
          ? `${name}: share in season ÷ share in the other months`
          : `${name}: ${l.department} share in ${l.months} ÷ other months`,
      measured: l?.lift ?? Number.NaN,
      target: "> 1.1",
      tolerance: "lift ≥ 1.1",
      status: atLeast(l?.lift ?? Number.NaN, 1.1),
      unit: "ratio"
    })
  }

  // §6 hour of day
  const wd = f.hourly.weekday
  const peak = wd.reduce((best, h) => (h.share > best.share ? h : best), wd[0]!)
  const anyWeekday = wd.some((h) => h.share > 0)
  add({
    id: "hour.peak",
    section: "§6 hour of day",
    name: "weekday peak hour",
    measured: anyWeekday ? peak.hour : Number.NaN,
    target: "17:00–20:00",
    tolerance: "hour 17, 18 or 19",
    status: anyWeekday ? within(peak.hour, 17, 19) : "n/a",
    unit: "hour"
  })
  const s = (h: number) => wd[h]!.share
  const lunch = (s(11) / 2 + s(12) + s(13) / 2) / 2 / ((s(10) + s(15)) / 2)
  add({
    id: "hour.lunch",
    section: "§6 hour of day",
    name: "weekday lunch rise: 11:30–13:30 per hour ÷ mean of 10h and 15h",
    measured: anyWeekday ? lunch : Number.NaN,
    target: "> 1.15",
    tolerance: "≥ 1.15",
    status: anyWeekday ? atLeast(lunch, 1.15) : "n/a",
    unit: "ratio"
  })

  // §6 segments
  const seg = (name: string) => f.segments.find((x) => x.segment === name)
  for (const [name, share] of SEGMENT_SHARES) {
    const x = seg(name)?.receiptShare ?? Number.NaN
    add({
      id: `segment.${name}`,
      section: "§6 segments",
      name: `receipts of ${name.replace("_", "-")} customers`,
      measured: x,
      target: pct(share),
      tolerance: "±4 points",
      status: f.segments.length === 0 ? "n/a" : within(x, share - 0.04, share + 0.04),
      unit: "percent"
    })
  }
  const q = seg("quality")?.unitPrice ?? Number.NaN
  const b = seg("budget")?.unitPrice ?? Number.NaN
  add({
    id: "segment.quality-price",
    section: "§6 segments",
    name: "quality ÷ budget mean unit price",
    measured: q / b,
    target: "> 1",
    tolerance: "≥ 1.15",
    status: atLeast(q / b, 1.15),
    unit: "ratio"
  })
  const others = f.segments.filter((x) => x.segment !== "brand_loyal")
  const loyal = seg("brand_loyal")?.topBrandShare ?? Number.NaN
  const otherMax = others.length === 0 ? Number.NaN : Math.max(...others.map((x) => x.topBrandShare))
  add({
    id: "segment.brand-loyalty",
    section: "§6 segments",
    name: "brand-loyal top-brand share ÷ the highest other segment's",
    measured: loyal / otherMax,
    target: "≥ 2",
    tolerance: "≥ 2",
    status: atLeast(loyal / otherMax, 2),
    unit: "ratio"
  })
  const conv = seg("convenience")?.linesPerReceipt ?? Number.NaN
  const otherLines = others.filter((x) => x.segment !== "convenience").map((x) => x.linesPerReceipt)
  const shortest = otherLines.length === 0 ? Number.NaN : Math.min(...otherLines)
  add({
    id: "segment.convenience-basket",
    section: "§6 segments",
    name: "shortest other segment ÷ convenience lines per receipt",
    measured: shortest / conv,
    target: "> 1 (convenience shortest)",
    tolerance: "> 1",
    status: Number.isFinite(shortest / conv) ? (shortest / conv > 1 ? "pass" : "fail") : "n/a",
    unit: "ratio"
  })

  // §6 store choice
  const two = f.storeRank.first + f.storeRank.second
  add({
    id: "store-choice",
    section: "§6 store choice",
    name: "visits at the customer's two nearest stores",
    measured: two,
    target: "most (> 50 %)",
    tolerance: "> 50 %",
    status: Number.isFinite(two) ? (two > 0.5 ? "pass" : "fail") : "n/a",
    unit: "percent"
  })

  // §6 promotions and tender
  add({
    id: "promotions",
    section: "§6 promotions",
    name: "receipts with a promotion",
    measured: f.promoShare,
    target: "10–20 %",
    tolerance: "10–20 %",
    status: within(f.promoShare, 0.1, 0.2),
    unit: "percent"
  })
  for (const [tender, share] of TENDER) {
    const x = f.tender.find((t) => t.tender === tender)?.share ?? 0
    add({
      id: `tender.${tender}`,
      section: "§6 tender",
      name: `${tender} share of receipts`,
      measured: x,
      target: pct(share),
      tolerance: "±3 points",
      status: within(x, share - 0.03, share + 0.03),
      unit: "percent"
    })
  }

  // §6 conversion
  const r = f.conversion.reduce((a, c) => a + c.receipts, 0)
  const e = f.conversion.reduce((a, c) => a + c.entrance, 0)
  add({
    id: "conversion",
    section: "§6 foot traffic",
    name: "receipts ÷ entrance count",
    measured: e > 0 ? r / e : Number.NaN,
    target: "10–30 %",
    tolerance: "10–30 %",
    status: e > 0 ? within(r / e, 0.1, 0.3) : "n/a",
    unit: "percent"
  })

  // §6 reorders
  const ro = f.reorders.crossings > 0 ? f.reorders.delivered / f.reorders.crossings : Number.NaN
  add({
    id: "reorders",
    section: "§6 reorders",
    name: "reorder points crossed that get a delivery within the 3-day lead time",
    measured: ro,
    target: "all (lead time 3 days)",
    tolerance: "≥ 90 %",
    status: atLeast(ro, 0.9),
    unit: "percent"
  })

  // §2 lines per receipt, every month
  const m = f.config.itemsPerTicketMean
  for (const x of f.monthlyLines) {
    add({
      id: `lines.${x.month}`,
      section: "§2 items per ticket",
      name: `mean lines per receipt in ${x.month}${x.days < MONTH_DAYS ? ` (${x.days} days: too few)` : ""}`,
      measured: x.linesPerReceipt,
      target: m.toFixed(2),
      tolerance: "±5 %",
      status: x.days < MONTH_DAYS ? "n/a" : within(x.linesPerReceipt, m * 0.95, m * 1.05),
      unit: "ratio"
    })
  }
  return rows
}

/** Ids of the failing rows. */
export const failed = (rows: ReadonlyArray<Row>): ReadonlyArray<string> =>
  rows.filter((r) => r.status === "fail").map((r) => r.id)
