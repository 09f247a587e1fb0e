/**
 * The effect of a scenario: two datasets made from the same configuration, one with a scenario
 * (`generate --scenario FILE`), compared per metric, day and DC region with DuckDB. Under common
 * random numbers the differences are the scenario's effect and nothing else.
 *
 * Metrics (each per day; per DC region where the rows say which region they belong to, else for
 * the chain as region 0): `receipts`, `units` and `revenue` (in-store), `visits` (ENTRANCE foot
 * traffic), `online_orders`, `deliveries` and `on_time_deliveries` (shipments ARRIVED at most
 * `ON_TIME_MINUTES` after their scheduled ETA), `ad_spend` (Σ Cost / 1000, the chain), and the rows of every table.
 * When both datasets hold the ground truth (`generate --truth`), also `lost_units` (units stock
 * refused, `_truth/lost_sales`), `lost_visits` (visits that bought nothing for want of stock) and
 * `redirected_visits` (visits moved from a closed store, `_truth/store_day`); lost sales are not
 * in the fact tables, so without the truth the diff says so and does not estimate them.
 *
 * @example
 * import { Effect } from "effect"
 * import { Diff } from "@retail-datagen/report"
 * const diff = await Effect.runPromise(Diff.make("data", "twin"))
 * console.log(Diff.summary(diff))
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Effect } from "effect"
import { type Db, num, open, reason, str } from "./internal/duck.js"
import { register, type Sources } from "./internal/sources.js"
import { DatasetNotFound, QueryFailed } from "./ReportError.js"
import * as Svg from "./Svg.js"

/** The metrics, in report order. */
export const METRICS = [
  "receipts",
  "units",
  "revenue",
  "visits",
  "online_orders",
  "deliveries",
  "on_time_deliveries",
  "ad_spend",
  "lost_units",
  "lost_visits",
  "redirected_visits"
] as const

/** The metrics read from the ground truth: in the diff only when both datasets have it. */
export const TRUTH_METRICS: ReadonlyArray<Metric> = ["lost_units", "lost_visits", "redirected_visits"]

export type Metric = (typeof METRICS)[number] | `rows:${string}`

/** One metric on one day in one region (DCID; 0 = the chain, for metrics without a region). */
export interface Cell {
  readonly metric: Metric
  readonly day: string
  readonly dc: number
  readonly base: number
  readonly scenario: number
}

/** A metric summed over the period, per region. */
export interface Total {
  readonly metric: Metric
  readonly dc: number
  readonly base: number
  readonly scenario: number
  readonly delta: number
  /** delta ÷ base (NaN when base is 0). */
  readonly relative: number
}

/** An intervention as recorded with the scenario dataset (its `_config.json`). */
export interface Intervention {
  readonly type: string
  readonly start: string
  readonly end: string
  readonly [key: string]: unknown
}

/** A computed diff. */
export interface Diff {
  readonly base: string
  readonly scenario: string
  /** The scenario's name, if it has one. */
  readonly name: string | undefined
  readonly interventions: ReadonlyArray<Intervention>
  /**
   * Which datasets hold the ground truth (`facts/_truth/`, made with `generate --truth`): the
   * lost-sales metrics (`TRUTH_METRICS`) are in the diff only when both do.
   */
  readonly truth: { readonly base: boolean; readonly scenario: boolean }
  readonly totals: ReadonlyArray<Total>
  readonly cells: ReadonlyArray<Cell>
}

/** Options of `make`. */
export interface Options {
  /** DuckDB memory limit (DuckDB syntax). Default "1GB". */
  readonly memoryLimit?: string
  readonly threads?: number
}

type Values = Map<string, number>

const key = (metric: string, day: string, dc: number) => `${metric}|${day}|${dc}`

/** A delivery is on time when the truck arrives at most this many minutes after its scheduled ETA. */
export const ON_TIME_MINUTES = 30

const QUERIES: ReadonlyArray<readonly [Metric, ReadonlyArray<string>, string]> = [
  [
    "receipts",
    ["receipts", "stores"],
    `SELECT CAST(r.EventTS AS DATE) AS d, s.DCID AS dc, count(*) AS v
       FROM receipts r JOIN stores s ON s.ID = r.StoreID GROUP BY 1, 2`
  ],
  [
    "units",
    ["receipts", "receipt_lines", "stores"],
    `SELECT CAST(l.EventTS AS DATE) AS d, s.DCID AS dc, sum(l.Qty) AS v
       FROM receipt_lines l JOIN receipts r ON r.ReceiptId = l.ReceiptId JOIN stores s ON s.ID = r.StoreID
      GROUP BY 1, 2`
  ],
  [
    "revenue",
    ["receipts", "stores"],
    `SELECT CAST(r.EventTS AS DATE) AS d, s.DCID AS dc, sum(r.Total) AS v
       FROM receipts r JOIN stores s ON s.ID = r.StoreID GROUP BY 1, 2`
  ],
  [
    "visits",
    ["foot_traffic", "stores"],
    `SELECT CAST(f.EventTS AS DATE) AS d, s.DCID AS dc, sum(f.Count) AS v
       FROM foot_traffic f JOIN stores s ON s.ID = f.StoreID WHERE f.Zone = 'ENTRANCE' GROUP BY 1, 2`
  ],
  [
    "online_orders",
    ["online_orders"],
    `SELECT CAST(EventTS AS DATE) AS d, 0 AS dc, count(*) AS v FROM online_orders GROUP BY 1, 2`
  ],
  [
    "deliveries",
    ["truck_moves"],
    `SELECT CAST(EventTS AS DATE) AS d, DCID AS dc, count(*) AS v FROM truck_moves WHERE Status = 'ARRIVED' GROUP BY 1, 2`
  ],
  [
    "on_time_deliveries",
    ["truck_moves"],
    `SELECT CAST(a.EventTS AS DATE) AS d, a.DCID AS dc,
            count(*) FILTER (WHERE a.EventTS <= s.ETA + INTERVAL ${ON_TIME_MINUTES} MINUTE) AS v
       FROM truck_moves a JOIN truck_moves s ON s.ShipmentId = a.ShipmentId AND s.Status = 'SCHEDULED'
      WHERE a.Status = 'ARRIVED' GROUP BY 1, 2`
  ],
  [
    "ad_spend",
    ["marketing"],
    `SELECT CAST(EventTS AS DATE) AS d, 0 AS dc, sum(Cost) / 1000 AS v FROM marketing GROUP BY 1, 2`
  ],
  [
    "lost_units",
    ["truth_lost_sales", "stores"],
    `SELECT l.Date AS d, s.DCID AS dc, sum(l.LostUnits) AS v
       FROM truth_lost_sales l JOIN stores s ON s.ID = l.StoreID GROUP BY 1, 2`
  ],
  [
    "lost_visits",
    ["truth_store_day", "stores"],
    `SELECT t.Date AS d, s.DCID AS dc, sum(t.LostVisits) AS v
       FROM truth_store_day t JOIN stores s ON s.ID = t.StoreID GROUP BY 1, 2`
  ],
  [
    "redirected_visits",
    ["truth_store_day", "stores"],
    // only where a closed store sent shoppers (the metric is absent without a store closure)
    `SELECT t.Date AS d, s.DCID AS dc, sum(t.RedirectedVisits) AS v
       FROM truth_store_day t JOIN stores s ON s.ID = t.StoreID GROUP BY 1, 2 HAVING sum(t.RedirectedVisits) > 0`
  ]
]

class Failed {
  constructor(
    readonly dir: string,
    readonly figure: string,
    readonly reason: string
  ) {}
}

/** Rows per day of every fact table (the files' own layout: one directory per day). */
const tableRows = (dir: string, into: Values): void => {
  const facts = path.join(dir, "facts")
  const manifest = path.join(facts, "_manifest.json")
  if (!fs.existsSync(manifest)) return
  const m = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
    readonly files?: ReadonlyArray<{ readonly path?: string; readonly rows?: number }>
  }
  for (const f of m.files ?? []) {
    const match = /^([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\//.exec(f.path ?? "")
    if (match === null || typeof f.rows !== "number") continue
    const k = key(`rows:${match[1]}`, match[2]!, 0)
    into.set(k, (into.get(k) ?? 0) + f.rows)
  }
}

/** Whether a dataset holds the ground truth the lost-sales metrics read. */
const hasTruth = (dir: string): boolean =>
  ["lost_sales", "store_day"].every((t) => fs.existsSync(path.join(dir, "facts", "_truth", t)))

const measure = async (dir: string, options: Options, truth: boolean): Promise<Values> => {
  const db: Db = await open(options.memoryLimit ?? "1GB", options.threads)
  try {
    const sources: Sources = await register(db, dir)
    if (!sources.tables.has("receipts")) throw new Failed(dir, "", "no receipts")
    const values: Values = new Map()
    for (const [metric, tables, sql] of QUERIES) {
      if (!tables.every((t) => sources.tables.has(t))) continue
      // the truth's metrics compare only when both datasets have it
      if (!truth && TRUTH_METRICS.includes(metric)) continue
      let rows: ReadonlyArray<Record<string, unknown>>
      try {
        rows = await db.all(sql)
      } catch (e) {
        throw new Failed(dir, metric, reason(e))
      }
      for (const r of rows) values.set(key(metric, str(r.d), num(r.dc)), num(r.v))
    }
    tableRows(dir, values)
    return values
  } finally {
    db.close()
  }
}

const recorded = (dir: string): { name: string | undefined; interventions: ReadonlyArray<Intervention> } => {
  const file = path.join(dir, "facts", "_config.json")
  if (!fs.existsSync(file)) return { name: undefined, interventions: [] }
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as {
    readonly scenario?: { readonly name?: string; readonly interventions?: ReadonlyArray<Intervention> }
  }
  return { name: config.scenario?.name, interventions: config.scenario?.interventions ?? [] }
}

const metricOrder = (m: string): number => {
  const i = (METRICS as ReadonlyArray<string>).indexOf(m)
  return i >= 0 ? i : METRICS.length
}

/** Compares the scenario dataset `scenario` with its baseline `base` (both dataset roots). */
export const make = (
  base: string,
  scenario: string,
  options: Options = {}
): Effect.Effect<Diff, DatasetNotFound | QueryFailed> =>
  Effect.tryPromise({
    try: async () => {
      const truth = { base: hasTruth(base), scenario: hasTruth(scenario) }
      const both = truth.base && truth.scenario
      const a = await measure(base, options, both)
      const b = await measure(scenario, options, both)
      const cells: Array<Cell> = []
      for (const k of new Set([...a.keys(), ...b.keys()])) {
        const [metric, day, dc] = k.split("|") as [Metric, string, string]
        cells.push({ metric, day, dc: Number(dc), base: a.get(k) ?? 0, scenario: b.get(k) ?? 0 })
      }
      cells.sort(
        (x, y) =>
          metricOrder(x.metric) - metricOrder(y.metric) ||
          x.metric.localeCompare(y.metric) ||
          x.dc - y.dc ||
          x.day.localeCompare(y.day)
      )
      const sums = new Map<string, { metric: Metric; dc: number; base: number; scenario: number }>()
      for (const c of cells) {
        const k = `${c.metric}|${c.dc}`
        const t = sums.get(k) ?? { metric: c.metric, dc: c.dc, base: 0, scenario: 0 }
        t.base += c.base
        t.scenario += c.scenario
        sums.set(k, t)
      }
      const totals = [...sums.values()].map((t) => ({
        ...t,
        delta: t.scenario - t.base,
        relative: t.base !== 0 ? (t.scenario - t.base) / t.base : Number.NaN
      }))
      return { base, scenario, ...recorded(scenario), truth, totals, cells }
    },
    catch: (e) =>
      e instanceof Failed && e.figure === ""
        ? new DatasetNotFound({ dir: e.dir, problem: "no receipts files: not a retail-datagen dataset" })
        : e instanceof Failed
          ? new QueryFailed({ dir: e.dir, figure: e.figure, reason: e.reason })
          : new QueryFailed({ dir: `${base} vs ${scenario}`, figure: "the diff", reason: reason(e) })
  })

/** The diff as JSON (non-finite numbers become `null`). */
export const json = (diff: Diff): string =>
  JSON.stringify(diff, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2)

const fmt = (v: number): string => (Number.isInteger(v) ? `${v}` : v.toFixed(2))
const signed = (v: number): string => (v > 0 ? `+${fmt(v)}` : fmt(v))
const pct = (v: number): string => (Number.isFinite(v) ? `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} %` : "—")
const region = (dc: number): string => (dc === 0 ? "chain" : `DC ${dc}`)

/**
 * Where lost sales come from, in one line when they are not in the diff (the datasets lack the
 * ground truth); `undefined` when they are.
 */
export const lostSalesNote = (diff: Diff): string | undefined => {
  if (diff.truth.base && diff.truth.scenario) return undefined
  const missing = [diff.truth.base ? [] : ["baseline"], diff.truth.scenario ? [] : ["scenario"]].flat()
  return `lost sales: not compared — the ${missing.join(" and ")} ${missing.length > 1 ? "have" : "has"} no ground truth (make both with generate --truth)`
}

/**
 * One line per metric of the chain: `units: 1200 → 1100 (-8.3 %)`; then the lost-sales metrics
 * per DC region and, for each day where they differ, per day and region — or one line saying that
 * the datasets have no ground truth.
 */
export const summary = (diff: Diff): string => {
  const chain = new Map<string, { base: number; scenario: number }>()
  for (const t of diff.totals) {
    if (t.metric.startsWith("rows:")) continue
    const c = chain.get(t.metric) ?? { base: 0, scenario: 0 }
    c.base += t.base
    c.scenario += t.scenario
    chain.set(t.metric, c)
  }
  const change = (base: number, scenario: number) =>
    `${fmt(base)} → ${fmt(scenario)} (${pct(base !== 0 ? (scenario - base) / base : Number.NaN)})`
  const lines = [...chain].map(([m, c]) => `${m}: ${change(c.base, c.scenario)}`)
  const note = lostSalesNote(diff)
  if (note !== undefined) return [...lines, note].join("\n")
  for (const metric of TRUTH_METRICS) {
    const regions = diff.totals.filter((t) => t.metric === metric && t.dc !== 0)
    if (regions.length > 1)
      lines.push(
        `${metric} by region: ${regions.map((t) => `${region(t.dc)} ${change(t.base, t.scenario)}`).join(", ")}`
      )
    for (const c of diff.cells)
      if (c.metric === metric && c.base !== c.scenario)
        lines.push(
          `  ${metric} ${c.day} ${region(c.dc)}: ${fmt(c.base)} → ${fmt(c.scenario)} (${signed(c.scenario - c.base)})`
        )
  }
  return lines.join("\n")
}

const esc = Svg.escapeText

const describeIntervention = (i: Intervention): string =>
  Object.entries(i)
    .filter(([k]) => k !== "type" && k !== "start" && k !== "end")
    .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
    .join(", ")

/** The lost-sales metrics per day and region (rows where either dataset has some), for the page. */
const lostSalesTable = (
  diff: Diff,
  table: (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => string
): ReadonlyArray<string> => {
  if (lostSalesNote(diff) !== undefined) return []
  const rows = new Map<string, Map<Metric, Cell>>()
  for (const c of diff.cells) {
    if (!TRUTH_METRICS.includes(c.metric)) continue
    const k = `${c.day}|${c.dc}`
    if (!rows.has(k)) rows.set(k, new Map())
    rows.get(k)!.set(c.metric, c)
  }
  const body = [...rows]
    .filter(([, m]) => [...m.values()].some((c) => c.base !== 0 || c.scenario !== 0))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, m]) => {
      const [day, dc] = k.split("|") as [string, string]
      return [
        day,
        region(Number(dc)),
        ...TRUTH_METRICS.map((metric) => {
          const c = m.get(metric)
          return c === undefined ? "0 → 0" : `${fmt(c.base)} → ${fmt(c.scenario)}`
        })
      ]
    })
  return [
    "<h2>Lost sales per day and region</h2>",
    table(["day", "region", ...TRUTH_METRICS.map((m) => `${m} base → scenario`)], body)
  ]
}

/** The diff as one self-contained HTML page (inline CSS and SVG, like the realism report). */
export const html = (diff: Diff): string => {
  const days = [...new Set(diff.cells.map((c) => c.day))].sort()
  const starts = diff.interventions.map((i) => ({
    index: days.indexOf(i.start),
    label: `${i.start}: ${i.type}`
  }))
  const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
    `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`
  const charts = METRICS.filter((m) => diff.cells.some((c) => c.metric === m)).map((metric) => {
    const daily = (pick: (c: Cell) => number) =>
      days.map((d) =>
        diff.cells.filter((c) => c.metric === metric && c.day === d).reduce((s, c) => s + pick(c), 0)
      )
    return Svg.lines({
      title: `${metric} per day (chain)`,
      labels: days,
      series: [
        { name: "baseline", values: daily((c) => c.base) },
        { name: "scenario", values: daily((c) => c.scenario), dashed: true }
      ],
      markers: starts.filter((s) => s.index >= 0)
    })
  })
  const css =
    "body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#111827;padding:0 16px}" +
    "table{border-collapse:collapse;font-size:12px;margin:8px 0}th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left}" +
    "svg.chart{display:block;margin:12px 0;max-width:100%;height:auto}h2{font-size:17px;margin-top:28px}"
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><title>retail-datagen diff</title><style>${css}</style></head><body>`,
    `<h1>Scenario effect${diff.name === undefined ? "" : `: ${esc(diff.name)}`}</h1>`,
    `<p>baseline <code>${esc(diff.base)}</code> · scenario <code>${esc(diff.scenario)}</code></p>`,
    "<h2>Interventions</h2>",
    diff.interventions.length === 0
      ? "<p>none recorded (the second dataset was made without a scenario)</p>"
      : table(
          ["type", "from", "to", "target"],
          diff.interventions.map((i) => [i.type, i.start, i.end, describeIntervention(i)])
        ),
    "<h2>Totals by region</h2>",
    `<p>${esc(lostSalesNote(diff) ?? "Lost units, lost visits and redirected visits come from the ground truth of both datasets (facts/_truth, generate --truth).")}</p>`,
    table(
      ["metric", "region", "baseline", "scenario", "delta", "relative"],
      diff.totals.map((t) => [
        t.metric,
        region(t.dc),
        fmt(t.base),
        fmt(t.scenario),
        signed(t.delta),
        pct(t.relative)
      ])
    ),
    "<h2>Per day</h2>",
    ...charts,
    ...lostSalesTable(diff, table),
    "</body></html>",
    ""
  ].join("\n")
}
