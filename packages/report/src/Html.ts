/**
 * The report as one self-contained HTML page: inline CSS, inline SVG charts, no script and no
 * external resource, so it opens offline and can be mailed or archived as a single file.
 *
 * @example
 * import { Html } from "@retail-datagen/report"
 * fs.writeFileSync("report.html", Html.render(figures, Targets.evaluate(figures)))
 */
import type { Figures } from "./Figures.js"
import * as Svg from "./Svg.js"
import type { Row } from "./Targets.js"

const esc = Svg.escapeText
const pct = (v: number, digits = 1) => (Number.isFinite(v) ? `${(v * 100).toFixed(digits)} %` : "—")
const fix = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "—")
const int = (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "—")

const measured = (r: Row) =>
  !Number.isFinite(r.measured)
    ? "—"
    : r.unit === "percent"
      ? pct(r.measured)
      : r.unit === "hour"
        ? `${r.measured}:00`
        : fix(r.measured, 3)

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1000px;color:#111827;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
.meta{color:#4b5563;font-size:13px}table{border-collapse:collapse;font-size:12px;margin:8px 0}
th,td{border-bottom:1px solid #e5e7eb;padding:4px 8px;text-align:left}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#047857;font-weight:600}.fail{color:#b91c1c;font-weight:600}.na{color:#6b7280}
.summary span{display:inline-block;margin-right:16px;font-size:14px}svg.chart{display:block;margin:12px 0;max-width:100%;height:auto}
.note{font-size:12px;color:#4b5563}`

const table = (
  head: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string>>,
  numeric: ReadonlyArray<boolean> = []
) =>
  `<table><thead><tr>${head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ""}>${esc(h)}</th>`).join("")}</tr></thead><tbody>` +
  rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric[i] ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`)
    .join("") +
  `</tbody></table>`

const section = (id: string, title: string, body: string) =>
  `<section id="${id}"><h2>${esc(title)}</h2>${body}</section>`

const status = (s: Row["status"]) =>
  `<span class="${s === "n/a" ? "na" : s}">${s === "pass" ? "pass" : s === "fail" ? "FAIL" : "n/a"}</span>`

/** Days where a holiday or an event starts (the markers of the daily chart). */
const markers = (f: Figures): ReadonlyArray<Svg.Marker> => {
  const out: Array<Svg.Marker> = []
  f.daily.forEach((d, i) => {
    const prev = i > 0 ? f.daily[i - 1]! : undefined
    const started = [
      ...d.holidays.filter((h) => !prev?.holidays.includes(h)),
      ...d.events.filter((e) => !prev?.events.includes(e))
    ]
    if (started.length > 0) out.push({ index: i, label: `${d.day}: ${started.join(", ")}` })
  })
  return out
}

/** Renders the whole page. */
export const render = (f: Figures, targets: ReadonlyArray<Row>): string => {
  const pass = targets.filter((t) => t.status === "pass").length
  const fail = targets.filter((t) => t.status === "fail").length
  const na = targets.filter((t) => t.status === "n/a").length
  const days = f.daily.map((d) => d.day.slice(5))
  const meanReceipts = f.daily.reduce((a, d) => a + d.receipts, 0) / Math.max(1, f.daily.length)
  const meanExpected = f.daily.reduce((a, d) => a + d.expected, 0) / Math.max(1, f.daily.length)
  const scale = meanExpected > 0 ? meanReceipts / meanExpected : 0
  const hours = Array.from({ length: 24 }, (_, h) => String(h))
  const parts: Array<string> = []

  parts.push(
    `<h1>Realism report</h1><p class="meta">${esc(f.dir)} · ${esc(f.start)} … ${esc(f.end)} (${f.daily.length} days) · ${esc(f.format)} · ` +
      `${int(f.totals.receipts)} receipts, ${int(f.totals.lines)} lines, ${int(f.totals.onlineOrders)} online orders, ${int(f.totals.impressions)} impressions</p>` +
      `<p class="summary"><span class="pass">${pass} pass</span><span class="fail">${fail} fail</span><span class="na">${na} n/a</span></p>`
  )

  parts.push(
    section(
      "targets",
      "Behavioural targets (DATA-CONTRACT §6, §2)",
      table(
        ["", "target", "measured", "expected", "tolerance", "section"],
        targets.map((t) => [
          status(t.status),
          esc(t.name),
          measured(t),
          esc(t.target),
          esc(t.tolerance),
          esc(t.section)
        ]),
        [false, false, true, true, false, false]
      ) +
        `<p class="note">n/a: the dataset's days do not cover what the target needs (e.g. no Black Friday, no August).</p>`
    )
  )

  parts.push(
    section(
      "daily",
      "Daily receipts",
      Svg.lines({
        title: "Receipts per day (orange marks: a holiday or event starts)",
        labels: days,
        series: [
          { name: "receipts", values: f.daily.map((d) => d.receipts) },
          {
            name: "expected shape (patterns)",
            values: f.daily.map((d) => d.expected * scale),
            dashed: true,
            color: "#9ca3af"
          },
          { name: "online orders", values: f.daily.map((d) => d.onlineOrders), color: "#059669" }
        ],
        markers: markers(f)
      })
    )
  )

  parts.push(
    section(
      "weekly",
      "Day of week and hour of day",
      Svg.bars({
        title: "Weekday index (season, holidays, events divided out; mean 1)",
        labels: f.weekday.map((w) => w.weekday),
        series: [
          { name: "measured", values: f.weekday.map((w) => w.index) },
          { name: "target", values: f.weekday.map((w) => w.target), color: "#9ca3af" }
        ]
      }) +
        Svg.lines({
          title: "Weekday receipts by hour (share of the day)",
          labels: hours,
          format: (v) => pct(v, 0),
          series: [
            { name: "measured", values: f.hourly.weekday.map((h) => h.share) },
            { name: "target", values: f.hourly.weekday.map((h) => h.target), dashed: true, color: "#9ca3af" }
          ]
        }) +
        Svg.lines({
          title: "Weekend receipts by hour (share of the day)",
          labels: hours,
          format: (v) => pct(v, 0),
          series: [
            { name: "measured", values: f.hourly.weekend.map((h) => h.share), color: "#7c3aed" },
            { name: "target", values: f.hourly.weekend.map((h) => h.target), dashed: true, color: "#9ca3af" }
          ]
        })
    )
  )

  const md = f.monthDepartment
  parts.push(
    section(
      "departments",
      "Month × department",
      md.months.length === 0
        ? `<p class="note">No products master: departments unknown.</p>`
        : Svg.heatmap({
            title: "Department share of the month's units ÷ its share over the dataset (1 = as usual)",
            rows: md.departments,
            cols: md.months,
            values: md.departments.map((_, j) => md.months.map((_, i) => md.index[i]![j]!))
          }) +
            (f.seasonalLifts.length === 0
              ? `<p class="note">Seasonal lifts need days both inside and outside the season (August; June–August).</p>`
              : table(
                  ["seasonal lift", "department", "months", "lift"],
                  f.seasonalLifts.map((l) => [esc(l.name), esc(l.department), esc(l.months), fix(l.lift)]),
                  [false, false, false, true]
                ))
    )
  )

  parts.push(
    section(
      "segments",
      "Customer segments",
      table(
        [
          "segment",
          "receipts",
          "share",
          "lines",
          "units",
          "basket $",
          "unit price $",
          "promo share",
          "top-brand share"
        ],
        f.segments.map((s) => [
          esc(s.segment),
          int(s.receipts),
          pct(s.receiptShare),
          fix(s.linesPerReceipt),
          fix(s.unitsPerReceipt),
          fix(s.basketValue),
          fix(s.unitPrice),
          pct(s.promoShare),
          pct(s.topBrandShare)
        ]),
        [false, true, true, true, true, true, true, true, true]
      ) +
        `<p class="note">Top-brand share: over customers with at least two receipts, the lines in their most bought brand ÷ their lines.</p>` +
        Svg.bars({
          title: "Top-brand share and promo share by segment",
          labels: f.segments.map((s) => s.segment),
          format: (v) => pct(v, 0),
          series: [
            { name: "top-brand share", values: f.segments.map((s) => s.topBrandShare) },
            { name: "promo share", values: f.segments.map((s) => s.promoShare), color: "#d97706" }
          ]
        }) +
        Svg.bars({
          title: "Receipts by number of lines",
          labels: f.basketSizes.map((b) => String(b.lines)),
          series: [{ name: "receipts", values: f.basketSizes.map((b) => b.receipts), color: "#0891b2" }]
        })
    )
  )

  const rank = f.storeRank
  parts.push(
    section(
      "stores",
      "Store choice and conversion",
      Svg.bars({
        title: "Receipts at the customer's nearest stores",
        labels: ["1st", "2nd", "3rd", "other"],
        format: (v) => pct(v, 0),
        series: [{ name: "share of receipts", values: [rank.first, rank.second, rank.third, rank.other] }],
        width: 480
      }) +
        (f.conversion.length === 0
          ? `<p class="note">No foot traffic.</p>`
          : Svg.lines({
              title: "Entrance → receipt conversion by hour",
              labels: f.conversion.map((c) => String(c.hour)),
              format: (v) => pct(v, 0),
              series: [
                {
                  name: "receipts ÷ entrance count",
                  values: f.conversion.map((c) => c.rate),
                  color: "#059669"
                }
              ]
            }))
    )
  )

  parts.push(
    section(
      "supply",
      "Stock and trucks",
      (f.stock.length === 0
        ? `<p class="note">No store inventory transactions.</p>`
        : Svg.lines({
            title: "Store-products ending the day out of stock",
            labels: f.stock.map((s) => s.day.slice(5)),
            series: [{ name: "stock-outs", values: f.stock.map((s) => s.stockouts), color: "#dc2626" }]
          }) +
          Svg.lines({
            title:
              f.lostSales.source === "truth"
                ? `Lost sales per day: units asked and not sold (ground truth; ${int(f.lostSales.units)} units, ${int(f.lostSales.lostVisits)} visits left empty-handed)`
                : `Lost sales per day, estimated from the facts: each store-product-day ending out of stock loses its mean daily sales (${int(Math.round(f.lostSales.units))} units)`,
            labels: f.stock.map((s) => s.day.slice(5)),
            series: [{ name: "lost units", values: f.stock.map((s) => s.lostUnits), color: "#ea580c" }]
          }) +
          Svg.lines({
            title: "Units delivered to stores per day",
            labels: f.stock.map((s) => s.day.slice(5)),
            series: [{ name: "inbound units", values: f.stock.map((s) => s.inboundUnits), color: "#2563eb" }]
          })) +
        `<p class="note">${f.lostSales.source === "truth" ? "Lost sales come from facts/_truth/lost_sales (generate --truth)." : "Lost sales (units asked and not granted) are not in the fact tables: generate --truth records them exactly."} The reorder target row counts reorder points crossed and delivered within 3 days (${int(f.reorders.delivered)} of ${int(f.reorders.crossings)}).</p>` +
        (f.leadTimes.shipments === 0
          ? `<p class="note">No truck moves.</p>`
          : Svg.bars({
              title: `Shipment lead time SCHEDULED → ARRIVED (hours; mean ${fix(f.leadTimes.mean)}, p50 ${fix(f.leadTimes.p50)}, p95 ${fix(f.leadTimes.p95)})`,
              labels: f.leadTimes.histogram.map((b) => `${b.hours}h`),
              series: [
                { name: "shipments", values: f.leadTimes.histogram.map((b) => b.shipments), color: "#4b5563" }
              ]
            }))
    )
  )

  const mk = f.marketing
  parts.push(
    section(
      "marketing",
      "Marketing",
      (mk.impressions === 0
        ? `<p class="note">No marketing impressions.</p>`
        : Svg.bars({
            title: "Impressions by channel",
            labels: mk.byChannel.map((c) => c.channel),
            series: [
              { name: "impressions", values: mk.byChannel.map((c) => c.impressions), color: "#db2777" }
            ]
          })) +
        table(
          [
            "impressions",
            "cost $",
            "exposed customer-days",
            "visits per exposed customer-day",
            "per unexposed",
            "lift",
            "configured lift"
          ],
          [
            [
              int(mk.impressions),
              int(mk.cost),
              int(mk.exposedCustomerDays),
              fix(mk.exposedVisitRate, 4),
              fix(mk.unexposedVisitRate, 4),
              fix(mk.lift, 3),
              fix(f.config.lift, 2)
            ]
          ],
          [true, true, true, true, true, true, true]
        ) +
        `<p class="note">A customer is exposed on the ${f.config.lookbackDays} days after an impression resolved to them.</p>`
    )
  )

  parts.push(
    section(
      "tender",
      "Tender and online fulfilment",
      Svg.bars({
        title: "Tender mix of receipts",
        labels: f.tender.map((t) => t.tender),
        format: (v) => pct(v, 0),
        series: [{ name: "share", values: f.tender.map((t) => t.share), color: "#2563eb" }],
        width: 560
      }) +
        (f.online.length === 0
          ? `<p class="note">No online orders.</p>`
          : Svg.bars({
              title: "Online orders by fulfilment mode",
              labels: f.online.map((o) => o.mode),
              format: (v) => pct(v, 0),
              series: [{ name: "share", values: f.online.map((o) => o.share), color: "#059669" }],
              width: 560
            }))
    )
  )

  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>Realism report · ${esc(f.start)} … ${esc(f.end)}</title><style>${CSS}</style></head><body>${parts.join("\n")}</body></html>\n`
}
