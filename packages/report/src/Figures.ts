/**
 * The figures of the realism report, computed with DuckDB over a dataset on disk (CSV or
 * Parquet, Hive layout). Every query aggregates inside DuckDB (memory-limited, spilling to a
 * temporary directory), so only small results reach JS: per day, per hour, per month ×
 * department, per segment. The expected curves come from `@retail-datagen/patterns` built with
 * the dataset's recorded configuration (`facts/_config.json`).
 *
 * @example
 * import { Effect } from "effect"
 * import { Figures } from "@retail-datagen/report"
 * const f = await Effect.runPromise(Figures.compute("data"))
 * f.totals.receipts
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { Calendar } from "@retail-datagen/core"
import { Holidays, Patterns } from "@retail-datagen/patterns"
import { Effect } from "effect"
import { type Db, num, open, reason, str } from "./internal/duck.js"
import { register, type Sources } from "./internal/sources.js"
import { DatasetNotFound, QueryFailed } from "./ReportError.js"

/** Weekday labels, Monday first (the order of `Calendar.dayOfWeek`). */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const

/** Customer segments as written in `customers.Segment`. */
export const SEGMENTS = ["budget", "convenience", "quality", "brand_loyal"] as const

/** One calendar day of the dataset. */
export interface Day {
  readonly day: string
  readonly receipts: number
  readonly sales: number
  readonly onlineOrders: number
  /** Holiday effects active that day (names of `Holidays.NAMES`). */
  readonly holidays: ReadonlyArray<string>
  /** Promotions (events) active that day. */
  readonly events: ReadonlyArray<string>
  /** `patterns.dayMultiplier` (season × holiday × weekday × event), the expected shape. */
  readonly expected: number
}

/** One weekday: the mean day after dividing out season, holidays and events, as an index (mean 1). */
export interface Weekday {
  readonly weekday: string
  readonly days: number
  readonly index: number
  readonly target: number
}

/** One hour of the day: the share of receipts and the expected share. */
export interface Hour {
  readonly hour: number
  readonly share: number
  readonly target: number
}

/** Per segment (receipts of customers of that segment). */
export interface Segment {
  readonly segment: string
  readonly receipts: number
  readonly receiptShare: number
  readonly linesPerReceipt: number
  readonly unitsPerReceipt: number
  readonly basketValue: number
  readonly unitPrice: number
  readonly promoShare: number
  /** Σ over repeat customers (≥ 2 receipts) of the lines in their most bought brand ÷ their lines. */
  readonly topBrandShare: number
}

/** Store-level stock per day. */
export interface StockDay {
  readonly day: string
  /** Store-products ending the day with nothing on hand. */
  readonly stockouts: number
  /** Units delivered to stores (INBOUND_SHIPMENT). */
  readonly inboundUnits: number
  /** Units shoppers asked for and did not get (`lostSales.source` says how they are known). */
  readonly lostUnits: number
}

/** All figures of a dataset. */
export interface Figures {
  readonly dir: string
  readonly format: "csv" | "parquet"
  readonly start: string
  readonly end: string
  readonly tables: ReadonlyArray<string>
  readonly config: {
    readonly itemsPerTicketMean: number
    readonly lookbackDays: number
    readonly lift: number
  }
  readonly totals: {
    readonly receipts: number
    readonly lines: number
    readonly onlineOrders: number
    readonly impressions: number
  }
  readonly daily: ReadonlyArray<Day>
  readonly weekday: ReadonlyArray<Weekday>
  readonly hourly: { readonly weekday: ReadonlyArray<Hour>; readonly weekend: ReadonlyArray<Hour> }
  /** Units by month × department, and each cell's index = its share of the month ÷ the department's overall share. */
  readonly monthDepartment: {
    readonly months: ReadonlyArray<string>
    readonly departments: ReadonlyArray<string>
    readonly units: ReadonlyArray<ReadonlyArray<number>>
    readonly index: ReadonlyArray<ReadonlyArray<number>>
  }
  readonly segments: ReadonlyArray<Segment>
  /** Receipts by number of lines. */
  readonly basketSizes: ReadonlyArray<{ readonly lines: number; readonly receipts: number }>
  /** Mean lines per receipt per month. */
  readonly monthlyLines: ReadonlyArray<{
    readonly month: string
    readonly days: number
    readonly linesPerReceipt: number
  }>
  /** Share of receipts at the customer's 1st, 2nd, 3rd nearest store, and elsewhere. */
  readonly storeRank: {
    readonly first: number
    readonly second: number
    readonly third: number
    readonly other: number
  }
  readonly conversion: ReadonlyArray<{
    readonly hour: number
    readonly receipts: number
    readonly entrance: number
    readonly rate: number
  }>
  readonly stock: ReadonlyArray<StockDay>
  /**
   * Where `stock[].lostUnits` come from: `truth` — the ground truth (`_truth/lost_sales`, units
   * asked and neither granted nor substituted); `estimate` — from the facts alone: every
   * store-product-day ending out of stock loses that store-product's mean daily sales; `none` —
   * no store inventory transactions.
   */
  readonly lostSales: {
    readonly source: "truth" | "estimate" | "none"
    readonly units: number
    /** Visits that bought nothing for want of stock (truth only; NaN otherwise). */
    readonly lostVisits: number
  }
  /** Reorder points crossed (end of day, with ≥ 3 days of data after) and delivered within 3 days. */
  readonly reorders: { readonly crossings: number; readonly delivered: number }
  /** Shipment lead time SCHEDULED → ARRIVED, in hours. */
  readonly leadTimes: {
    readonly shipments: number
    readonly mean: number
    readonly p50: number
    readonly p95: number
    readonly histogram: ReadonlyArray<{ readonly hours: number; readonly shipments: number }>
  }
  readonly marketing: {
    readonly impressions: number
    readonly cost: number
    readonly byChannel: ReadonlyArray<{ readonly channel: string; readonly impressions: number }>
    readonly exposedCustomerDays: number
    readonly customerDays: number
    readonly exposedVisitRate: number
    readonly unexposedVisitRate: number
    /** exposedVisitRate ÷ unexposedVisitRate. */
    readonly lift: number
  }
  readonly online: ReadonlyArray<{ readonly mode: string; readonly orders: number; readonly share: number }>
  readonly tender: ReadonlyArray<{
    readonly tender: string
    readonly receipts: number
    readonly share: number
  }>
  /** Share of receipts with at least one promoted line. */
  readonly promoShare: number
  readonly blackFriday: {
    readonly day: string
    readonly receipts: number
    readonly priorFridays: number
  } | null
  /** Mean receipts per day of Dec 15–23 and of ordinary days, both with weekday, season and events divided out. */
  readonly christmasRunUp: { readonly runUp: number; readonly ordinary: number } | null
  /** Department share in `months` ÷ its share in the other months of the dataset. */
  readonly seasonalLifts: ReadonlyArray<{
    readonly name: string
    readonly department: string
    readonly months: string
    readonly lift: number
  }>
}

/** Options of `compute`. */
export interface Options {
  /** DuckDB memory limit (DuckDB syntax). Default "1GB". */
  readonly memoryLimit?: string
  /** DuckDB threads (default: DuckDB's, the cores). */
  readonly threads?: number
}

interface RecordedConfig {
  readonly seed?: number
  readonly patterns?: unknown
  readonly volume?: { readonly items_per_ticket_mean?: number }
  readonly marketing?: { readonly lift?: number; readonly lookback_days?: number }
}

const readConfig = (dir: string): RecordedConfig => {
  const file = path.join(dir, "facts", "_config.json")
  if (!fs.existsSync(file)) return {}
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as RecordedConfig
  } catch {
    return {}
  }
}

class Failed {
  constructor(
    readonly figure: string,
    readonly reason: string
  ) {}
}

const step = async <A>(figure: string, f: () => Promise<A>): Promise<A> => {
  try {
    return await f()
  } catch (e) {
    if (e instanceof Failed) throw e
    throw new Failed(figure, reason(e))
  }
}

const ratio = (a: number, b: number): number => (b > 0 ? a / b : Number.NaN)

/** Computes every figure of the dataset at `dir` (`dir/master`, `dir/facts`). */
export const compute = (
  dir: string,
  options: Options = {}
): Effect.Effect<Figures, DatasetNotFound | QueryFailed> =>
  Effect.tryPromise({
    try: async () => {
      const db = await open(options.memoryLimit ?? "1GB", options.threads)
      try {
        const sources = await register(db, dir)
        if (!sources.tables.has("receipts")) throw new Failed("", "no receipts")
        return await figures(db, dir, sources)
      } finally {
        db.close()
      }
    },
    catch: (e) =>
      e instanceof Failed && e.figure === ""
        ? new DatasetNotFound({
            dir,
            problem: `no facts/receipts/dt=YYYY-MM-DD/receipts_YYYYMMDD.csv (or .parquet) files: not a retail-datagen dataset`
          })
        : new QueryFailed({
            dir,
            figure: e instanceof Failed ? e.figure : "the report",
            reason: e instanceof Failed ? e.reason : reason(e)
          })
  })

const figures = async (db: Db, dir: string, sources: Sources): Promise<Figures> => {
  const has = (t: string) => sources.tables.has(t)
  const cfg = readConfig(dir)
  const itemsPerTicketMean = cfg.volume?.items_per_ticket_mean ?? 4.2
  const lookbackDays = cfg.marketing?.lookback_days ?? 7
  const lift = cfg.marketing?.lift ?? 1.3

  // Daily
  const dailyRows = await step("daily receipts", () =>
    db.all(
      `SELECT CAST(EventTS AS DATE) AS d, count(*) AS n, sum(Total) AS sales FROM receipts GROUP BY 1 ORDER BY 1`
    )
  )
  const onlineByDay = new Map<string, number>()
  if (has("online_orders")) {
    for (const r of await step("daily online orders", () =>
      db.all(`SELECT CAST(EventTS AS DATE) AS d, count(*) AS n FROM online_orders GROUP BY 1`)
    ))
      onlineByDay.set(str(r.d), num(r.n))
  }
  const byDay = new Map(dailyRows.map((r) => [str(r.d), { n: num(r.n), sales: num(r.sales) }]))
  const firstDay = Calendar.parse(str(dailyRows[0]!.d))
  const lastDay = Calendar.parse(str(dailyRows[dailyRows.length - 1]!.d))
  const patterns = Effect.runSync(
    Patterns.fromConfig(cfg.patterns ?? {}, { seed: cfg.seed ?? 0, start: firstDay, end: lastDay }).pipe(
      Effect.orElseSucceed(() => Patterns.make({ seed: cfg.seed ?? 0, start: firstDay, end: lastDay }))
    )
  )
  const daily: Array<Day> = []
  for (let d = firstDay; d <= lastDay; d++) {
    const key = Calendar.format(d)
    const row = byDay.get(key)
    daily.push({
      day: key,
      receipts: row?.n ?? 0,
      sales: row?.sales ?? 0,
      onlineOrders: onlineByDay.get(key) ?? 0,
      holidays: patterns.holidaysOn(d).map((h) => Holidays.get(h).label),
      events: patterns.activePromotions(d).map((p) => p.name),
      expected: patterns.dayMultiplier(d)
    })
  }

  // Weekday: receipts ÷ (day multiplier without the weekday factor), averaged per weekday.
  const wsum = new Float64Array(7)
  const wn = new Float64Array(7)
  daily.forEach((x, i) => {
    const d = firstDay + i
    const w = Calendar.dayOfWeek(d)
    const rest = x.expected / (patterns.weekly[w] ?? 1)
    if (!(x.expected > 0) || !(rest > 0)) return
    wsum[w]! += x.receipts / rest
    wn[w]! += 1
  })
  const wmeans = Array.from(wsum, (s, w) => (wn[w]! > 0 ? s / wn[w]! : Number.NaN))
  const present = wmeans.filter((m) => Number.isFinite(m))
  const wmean = present.reduce((a, b) => a + b, 0) / Math.max(1, present.length)
  const tmean =
    patterns.weekly.filter((_, w) => Number.isFinite(wmeans[w]!)).reduce((a, b) => a + b, 0) /
    Math.max(1, present.length)
  const weekday: Array<Weekday> = WEEKDAYS.map((label, w) => ({
    weekday: label,
    days: wn[w]!,
    index: wmeans[w]! / wmean,
    target: patterns.weekly[w]! / tmean
  }))

  // Stores (for the expected hour curve)
  const stores = has("stores")
    ? (
        await step("stores", () =>
          db.all(`SELECT ID, OpenHour, CloseHour, TrafficWeight FROM stores ORDER BY ID`)
        )
      ).map((r) => ({
        open: num(r.OpenHour),
        close: num(r.CloseHour),
        weight: Number.isFinite(num(r.TrafficWeight)) ? num(r.TrafficWeight) : 1
      }))
    : [{ open: 0, close: 24, weight: 1 }]

  // Hourly
  const hourRows = await step("hourly receipts", () =>
    db.all(`SELECT CAST(EventTS AS DATE) AS d, hour(EventTS) AS h, count(*) AS n FROM receipts GROUP BY 1, 2`)
  )
  const obs = { weekday: new Float64Array(24), weekend: new Float64Array(24) }
  for (const r of hourRows) {
    const d = Calendar.parse(str(r.d))
    obs[Calendar.dayOfWeek(d) < Calendar.SATURDAY ? "weekday" : "weekend"][num(r.h)]! += num(r.n)
  }
  const exp = { weekday: new Float64Array(24), weekend: new Float64Array(24) }
  const shares = new Float64Array(24)
  for (let d = firstDay; d <= lastDay; d++) {
    const m = patterns.dayMultiplier(d)
    if (!(m > 0)) continue
    const kind = Calendar.dayOfWeek(d) < Calendar.SATURDAY ? "weekday" : "weekend"
    for (const s of stores) {
      const h = patterns.storeHours(d, { open: s.open, close: s.close })
      if (h.closed) continue
      patterns.hourShares(d, h.open, h.close, "store", shares)
      for (let i = 0; i < 24; i++) exp[kind][i]! += shares[i]! * m * s.weight
    }
  }
  const curve = (o: Float64Array, e: Float64Array): Array<Hour> => {
    const so = o.reduce((a, b) => a + b, 0)
    const se = e.reduce((a, b) => a + b, 0)
    return Array.from({ length: 24 }, (_, h) => ({
      hour: h,
      share: ratio(o[h]!, so),
      target: ratio(e[h]!, se)
    }))
  }
  const hourly = { weekday: curve(obs.weekday, exp.weekday), weekend: curve(obs.weekend, exp.weekend) }

  // Totals
  const lines = num(
    (await step("receipt lines", () => db.all(`SELECT count(*) AS n FROM receipt_lines`)))[0]!.n
  )
  const receipts = daily.reduce((a, x) => a + x.receipts, 0)
  const onlineOrders = daily.reduce((a, x) => a + x.onlineOrders, 0)

  // Month × department
  const md = has("products_master")
    ? await step("month × department", () =>
        db.all(
          `SELECT strftime(l.EventTS, '%Y-%m') AS m, p.Department AS dep, sum(l.Qty) AS u
           FROM receipt_lines l JOIN products_master p ON p.ID = l.ProductID GROUP BY 1, 2`
        )
      )
    : []
  const months = [...new Set(md.map((r) => str(r.m)))].sort()
  const departments = [...new Set(md.map((r) => str(r.dep)))].sort()
  const units = months.map(() => departments.map(() => 0))
  for (const r of md) units[months.indexOf(str(r.m))]![departments.indexOf(str(r.dep))] = num(r.u)
  const rowTotals = units.map((row) => row.reduce((a, b) => a + b, 0))
  const colTotals = departments.map((_, j) => units.reduce((a, row) => a + row[j]!, 0))
  const all = rowTotals.reduce((a, b) => a + b, 0)
  const index = units.map((row, i) =>
    row.map((u, j) => ratio(ratio(u, rowTotals[i]!), ratio(colTotals[j]!, all)))
  )
  const seasonalLift = (name: string, department: string, inMonths: ReadonlyArray<number>, label: string) => {
    const j = departments.findIndex((d) => d.toLowerCase() === department)
    if (j < 0) return []
    let inU = 0
    let inT = 0
    let outU = 0
    let outT = 0
    months.forEach((m, i) => {
      const mm = Number(m.slice(5, 7))
      if (inMonths.includes(mm)) {
        inU += units[i]![j]!
        inT += rowTotals[i]!
      } else {
        outU += units[i]![j]!
        outT += rowTotals[i]!
      }
    })
    if (inT === 0 || outT === 0) return []
    return [{ name, department, months: label, lift: ratio(inU / inT, outU / outT) }]
  }
  const seasonalLifts = [
    ...seasonalLift("Back-to-school electronics", "electronics", [8], "August"),
    ...seasonalLift("Back-to-school clothing", "clothing", [8], "August"),
    ...seasonalLift("Summer outdoor", "seasonal & sports", [6, 7, 8], "June–August"),
    ...seasonalLift("Summer BBQ / garden", "home & garden", [6, 7, 8], "June–August")
  ]

  // Segments
  const segments: Array<Segment> = []
  if (has("customers") && sources.columns.get("customers")!.has("Segment")) {
    const rs = await step("segments (receipts)", () =>
      db.all(
        `SELECT c.Segment AS s, count(*) AS n, avg(r.Subtotal) AS basket
         FROM receipts r JOIN customers c ON c.ID = r.CustomerID GROUP BY 1`
      )
    )
    const ls = await step("segments (lines)", () =>
      db.all(
        `SELECT c.Segment AS s, count(*) AS lines, sum(l.Qty) AS units, avg(l.UnitPrice) AS price,
                count(DISTINCT l.ReceiptId) FILTER (WHERE l.PromoCode IS NOT NULL) AS promo
         FROM receipt_lines l JOIN receipts r ON r.ReceiptId = l.ReceiptId
         JOIN customers c ON c.ID = r.CustomerID GROUP BY 1`
      )
    )
    const tb = has("products_master")
      ? await step("segments (top brand)", () =>
          db.all(
            `WITH repeat AS (SELECT CustomerID FROM receipts GROUP BY 1 HAVING count(*) >= 2),
             cb AS (SELECT r.CustomerID AS cid, p.Brand AS brand, count(*) AS n
                    FROM receipt_lines l JOIN receipts r ON r.ReceiptId = l.ReceiptId
                    JOIN products_master p ON p.ID = l.ProductID
                    WHERE r.CustomerID IN (SELECT CustomerID FROM repeat) GROUP BY 1, 2),
             cu AS (SELECT cid, sum(n) AS lines, max(n) AS top FROM cb GROUP BY 1)
             SELECT c.Segment AS s, sum(top) AS top, sum(lines) AS lines
             FROM cu JOIN customers c ON c.ID = cu.cid GROUP BY 1`
          )
        )
      : []
    const total = rs.reduce((a, r) => a + num(r.n), 0)
    for (const s of SEGMENTS) {
      const r = rs.find((x) => str(x.s) === s)
      if (r === undefined) continue
      const l = ls.find((x) => str(x.s) === s)
      const t = tb.find((x) => str(x.s) === s)
      const n = num(r.n)
      segments.push({
        segment: s,
        receipts: n,
        receiptShare: n / total,
        linesPerReceipt: ratio(num(l?.lines ?? 0), n),
        unitsPerReceipt: ratio(num(l?.units ?? 0), n),
        basketValue: num(r.basket),
        unitPrice: num(l?.price),
        promoShare: ratio(num(l?.promo ?? 0), n),
        topBrandShare: t === undefined ? Number.NaN : ratio(num(t.top), num(t.lines))
      })
    }
  }

  // Basket sizes: receipts with ≥ k lines = lines numbered k.
  const byLine = await step("basket sizes", () =>
    db.all(`SELECT Line AS k, count(*) AS n FROM receipt_lines GROUP BY 1 ORDER BY 1`)
  )
  const atLeast = new Map(byLine.map((r) => [num(r.k), num(r.n)]))
  const basketSizes = byLine.map((r) => ({
    lines: num(r.k),
    receipts: num(r.n) - (atLeast.get(num(r.k) + 1) ?? 0)
  }))
  const monthlyRows = await step("lines per receipt by month", () =>
    db.all(
      `WITH r AS (SELECT strftime(EventTS, '%Y-%m') AS m, count(*) AS n FROM receipts GROUP BY 1),
       l AS (SELECT strftime(EventTS, '%Y-%m') AS m, count(*) AS n FROM receipt_lines GROUP BY 1)
       SELECT r.m AS m, r.n AS receipts, coalesce(l.n, 0) AS lines FROM r LEFT JOIN l USING (m) ORDER BY 1`
    )
  )
  const monthlyLines = monthlyRows.map((r) => ({
    month: str(r.m),
    days: daily.filter((d) => d.day.startsWith(str(r.m))).length,
    linesPerReceipt: ratio(num(r.lines), num(r.receipts))
  }))

  // Nearest stores
  let storeRank = { first: Number.NaN, second: Number.NaN, third: Number.NaN, other: Number.NaN }
  if (has("customers") && sources.columns.get("customers")!.has("NearestStoreID1")) {
    const rows = await step("store choice", () =>
      db.all(
        `SELECT CASE WHEN r.StoreID = c.NearestStoreID1 THEN 1 WHEN r.StoreID = c.NearestStoreID2 THEN 2
                     WHEN r.StoreID = c.NearestStoreID3 THEN 3 ELSE 0 END AS k, count(*) AS n
         FROM receipts r JOIN customers c ON c.ID = r.CustomerID GROUP BY 1`
      )
    )
    const get = (k: number) => num(rows.find((r) => num(r.k) === k)?.n ?? 0)
    const t = rows.reduce((a, r) => a + num(r.n), 0)
    storeRank = { first: get(1) / t, second: get(2) / t, third: get(3) / t, other: get(0) / t }
  }

  // Conversion by hour
  const conversion: Array<Figures["conversion"][number]> = []
  if (has("foot_traffic")) {
    const rows = await step("conversion", () =>
      db.all(
        `WITH r AS (SELECT hour(EventTS) AS h, count(*) AS n FROM receipts GROUP BY 1),
         e AS (SELECT hour(EventTS) AS h, sum(Count) AS n FROM foot_traffic WHERE Zone = 'ENTRANCE' GROUP BY 1)
         SELECT coalesce(r.h, e.h) AS h, coalesce(r.n, 0) AS r, coalesce(e.n, 0) AS e
         FROM r FULL JOIN e ON r.h = e.h ORDER BY 1`
      )
    )
    for (const r of rows)
      conversion.push({
        hour: num(r.h),
        receipts: num(r.r),
        entrance: num(r.e),
        rate: ratio(num(r.r), num(r.e))
      })
  }

  // Stock-outs and reorders
  const stock: Array<StockDay> = []
  let lostSales: Figures["lostSales"] = { source: "none", units: 0, lostVisits: Number.NaN }
  let reorders = { crossings: 0, delivered: 0 }
  if (has("store_inventory_txn")) {
    const snap = has("store_inventory_snapshots")
    await step("store stock", () =>
      db.all(
        `CREATE TEMP TABLE eod AS
         WITH d AS (SELECT StoreID, ProductID, CAST(EventTS AS DATE) AS day, sum(QtyDelta) AS net,
                           sum(CASE WHEN Reason = 'INBOUND_SHIPMENT' THEN QtyDelta ELSE 0 END) AS inbound
                    FROM store_inventory_txn GROUP BY 1, 2, 3)
         SELECT d.StoreID, d.ProductID, d.day, d.inbound,
                ${snap ? "coalesce(s.CurrentQuantity, 0)" : "0"} AS start,
                ${snap ? "s.ReorderPoint" : "NULL::INTEGER"} AS rp,
                sum(d.net) OVER (PARTITION BY d.StoreID, d.ProductID ORDER BY d.day ROWS UNBOUNDED PRECEDING) AS cum
         FROM d ${snap ? "LEFT JOIN store_inventory_snapshots s ON s.StoreID = d.StoreID AND s.ProductID = d.ProductID" : ""}`
      )
    )
    const rows = await step("stock-outs", () =>
      db.all(
        `SELECT day, count(*) FILTER (WHERE start + cum <= 0) AS outs, sum(inbound) AS inbound FROM eod GROUP BY 1 ORDER BY 1`
      )
    )
    const m = new Map(rows.map((r) => [str(r.day), r]))
    const truth = has("truth_lost_sales")
    const lost = await step("lost sales", () =>
      db.all(
        truth
          ? `SELECT Date AS day, sum(LostUnits) AS lost FROM truth_lost_sales GROUP BY 1`
          : `WITH rate AS (SELECT StoreID, ProductID,
                                  -sum(QtyDelta) FILTER (WHERE Reason = 'SALE') / ${lastDay - firstDay + 1} AS per_day
                           FROM store_inventory_txn GROUP BY 1, 2)
             SELECT e.day, sum(r.per_day) AS lost FROM eod e JOIN rate r USING (StoreID, ProductID)
             WHERE e.start + e.cum <= 0 GROUP BY 1`
      )
    )
    const lm = new Map(lost.map((r) => [str(r.day), num(r.lost)]))
    for (const x of daily) {
      const r = m.get(x.day)
      stock.push({
        day: x.day,
        stockouts: num(r?.outs ?? 0),
        inboundUnits: num(r?.inbound ?? 0),
        lostUnits: lm.get(x.day) ?? 0
      })
    }
    const lostVisits = has("truth_store_day")
      ? num(
          (await step("lost visits", () => db.all(`SELECT sum(LostVisits) AS n FROM truth_store_day`)))[0]!.n
        )
      : Number.NaN
    lostSales = {
      source: truth ? "truth" : "estimate",
      units: stock.reduce((a, x) => a + x.lostUnits, 0),
      lostVisits
    }
    if (snap) {
      const rr = await step("reorders", () =>
        db.all(
          `WITH b AS (SELECT StoreID, ProductID, day, rp, start + cum AS eod,
                             coalesce(lag(start + cum) OVER (PARTITION BY StoreID, ProductID ORDER BY day), start) AS prev
                      FROM eod WHERE rp IS NOT NULL),
           x AS (SELECT * FROM b WHERE prev > rp AND eod <= rp AND day + 3 <= DATE '${Calendar.format(lastDay)}')
           SELECT count(*) AS n, count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM eod e WHERE e.StoreID = x.StoreID AND e.ProductID = x.ProductID
                    AND e.inbound > 0 AND e.day > x.day AND e.day <= x.day + 3)) AS ok
           FROM x`
        )
      )
      reorders = { crossings: num(rr[0]!.n), delivered: num(rr[0]!.ok) }
    }
    await db.all(`DROP TABLE eod`)
  }

  // Lead times
  let leadTimes: Figures["leadTimes"] = {
    shipments: 0,
    mean: Number.NaN,
    p50: Number.NaN,
    p95: Number.NaN,
    histogram: []
  }
  if (has("truck_moves")) {
    const lt = `WITH s AS (SELECT ShipmentId, min(EventTS) FILTER (WHERE Status = 'SCHEDULED') AS a,
                                  min(EventTS) FILTER (WHERE Status = 'ARRIVED') AS b
                           FROM truck_moves GROUP BY 1),
                t AS (SELECT date_diff('second', a, b) / 3600.0 AS h FROM s WHERE a IS NOT NULL AND b IS NOT NULL)`
    const stats = await step("lead times", () =>
      db.all(
        `${lt} SELECT count(*) AS n, avg(h) AS mean, quantile_cont(h, 0.5) AS p50, quantile_cont(h, 0.95) AS p95 FROM t`
      )
    )
    const hist = await step("lead times", () =>
      db.all(`${lt} SELECT floor(h) AS k, count(*) AS n FROM t GROUP BY 1 ORDER BY 1`)
    )
    leadTimes = {
      shipments: num(stats[0]!.n),
      mean: num(stats[0]!.mean),
      p50: num(stats[0]!.p50),
      p95: num(stats[0]!.p95),
      histogram: hist.map((r) => ({ hours: num(r.k), shipments: num(r.n) }))
    }
  }

  // Marketing
  let marketing: Figures["marketing"] = {
    impressions: 0,
    cost: 0,
    byChannel: [],
    exposedCustomerDays: 0,
    customerDays: 0,
    exposedVisitRate: Number.NaN,
    unexposedVisitRate: Number.NaN,
    lift: Number.NaN
  }
  if (has("marketing")) {
    const ch = await step("marketing", () =>
      db.all(
        `SELECT Channel AS c, count(*) AS n, sum(Cost) AS cost FROM marketing GROUP BY 1 ORDER BY 2 DESC`
      )
    )
    const impressions = ch.reduce((a, r) => a + num(r.n), 0)
    const cost = ch.reduce((a, r) => a + num(r.cost), 0)
    marketing = {
      ...marketing,
      impressions,
      cost,
      byChannel: ch.map((r) => ({ channel: str(r.c), impressions: num(r.n) }))
    }
    if (has("customers")) {
      const from = `DATE '${Calendar.format(firstDay)}'`
      const to = `DATE '${Calendar.format(lastDay)}'`
      const rows = await step("marketing lift", () =>
        db.all(
          `WITH ex AS (SELECT DISTINCT c.ID AS cid, CAST(m.EventTS AS DATE) AS d
                       FROM marketing m JOIN customers c ON c.AdId = m.CustomerAdId),
           exd AS (SELECT DISTINCT cid, d + CAST(i AS INTEGER) AS day FROM ex, range(1, ${lookbackDays + 1}) t(i)),
           win AS (SELECT * FROM exd WHERE day BETWEEN ${from} AND ${to}),
           v AS (SELECT CustomerID AS cid, CAST(EventTS AS DATE) AS day, count(*) AS n FROM receipts GROUP BY 1, 2)
           SELECT (SELECT count(*) FROM win) AS exposed,
                  (SELECT count(*) FROM customers) AS customers,
                  (SELECT coalesce(sum(v.n), 0) FROM v JOIN win ON win.cid = v.cid AND win.day = v.day) AS exposedVisits`
        )
      )
      const exposed = num(rows[0]!.exposed)
      const customerDays = num(rows[0]!.customers) * daily.length
      const exposedVisits = num(rows[0]!.exposedVisits)
      const exposedVisitRate = ratio(exposedVisits, exposed)
      const unexposedVisitRate = ratio(receipts - exposedVisits, customerDays - exposed)
      marketing = {
        ...marketing,
        exposedCustomerDays: exposed,
        customerDays,
        exposedVisitRate,
        unexposedVisitRate,
        lift: ratio(exposedVisitRate, unexposedVisitRate)
      }
    }
  }

  // Online fulfilment, tender, promotions
  const online = has("online_orders")
    ? (
        await step("online fulfilment", () =>
          db.all(`SELECT FulfillmentMode AS m, count(*) AS n FROM online_orders GROUP BY 1 ORDER BY 2 DESC`)
        )
      ).map((r) => ({ mode: str(r.m), orders: num(r.n), share: num(r.n) / onlineOrders }))
    : []
  const tender = (
    await step("tender", () =>
      db.all(`SELECT TenderType AS t, count(*) AS n FROM receipts GROUP BY 1 ORDER BY 2 DESC`)
    )
  ).map((r) => ({ tender: str(r.t), receipts: num(r.n), share: num(r.n) / receipts }))
  const promo = num(
    (
      await step("promotions", () =>
        db.all(`SELECT count(DISTINCT ReceiptId) AS n FROM receipt_lines WHERE PromoCode IS NOT NULL`)
      )
    )[0]!.n
  )

  // Black Friday and the Christmas run-up
  let blackFriday: Figures["blackFriday"] = null
  for (let y = Calendar.year(firstDay); y <= Calendar.year(lastDay); y++) {
    const bf = Holidays.blackFriday(y)
    if (bf < firstDay || bf > lastDay) continue
    const prior: Array<number> = []
    for (let k = 1; k <= 8; k++) {
      const d = bf - 7 * k
      if (d < firstDay) break
      if (patterns.holidaysOn(d).length === 0) prior.push(daily[d - firstDay]!.receipts)
    }
    if (prior.length === 0) continue
    blackFriday = {
      day: Calendar.format(bf),
      receipts: daily[bf - firstDay]!.receipts,
      priorFridays: prior.reduce((a, b) => a + b, 0) / prior.length
    }
  }
  let christmasRunUp: Figures["christmasRunUp"] = null
  {
    let ru = 0
    let nru = 0
    let ord = 0
    let nord = 0
    daily.forEach((x, i) => {
      const d = firstDay + i
      const h = patterns.holiday(d)
      const rest = x.expected / (h > 0 ? h : 1)
      if (!(x.expected > 0) || !(rest > 0)) return
      const r = x.receipts / rest
      const [, m, dd] = Calendar.toYmd(d)
      if (m === 12 && dd >= 15 && dd <= 23) {
        ru += r
        nru++
      } else if (patterns.holidaysOn(d).length === 0) {
        ord += r
        nord++
      }
    })
    if (nru > 0 && nord > 0) christmasRunUp = { runUp: ru / nru, ordinary: ord / nord }
  }

  return {
    dir,
    format: sources.format,
    start: Calendar.format(firstDay),
    end: Calendar.format(lastDay),
    tables: [...sources.tables].sort(),
    config: { itemsPerTicketMean, lookbackDays, lift },
    totals: { receipts, lines, onlineOrders, impressions: marketing.impressions },
    daily,
    weekday,
    hourly,
    monthDepartment: { months, departments, units, index },
    segments,
    basketSizes,
    monthlyLines,
    storeRank,
    conversion,
    stock,
    lostSales,
    reorders,
    leadTimes,
    marketing,
    online,
    tender,
    promoShare: ratio(promo, receipts),
    blackFriday,
    christmasRunUp,
    seasonalLifts
  }
}
