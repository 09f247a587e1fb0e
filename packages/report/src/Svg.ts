/**
 * Small inline SVG chart builders for the report: line charts (with marked points), grouped bar
 * charts and heatmaps. Pure functions from numbers to an SVG string — no fonts, scripts or
 * network; every chart carries `class="chart"` and an `aria-label`.
 *
 * @example
 * import { Svg } from "@retail-datagen/report"
 * Svg.bars({ title: "Tender", labels: ["CASH", "CARD"], series: [{ name: "share", values: [0.2, 0.8] }] })
 */

/** One series of a chart. */
export interface Series {
  readonly name: string
  readonly values: ReadonlyArray<number>
  /** CSS colour; a palette colour when absent. */
  readonly color?: string
  /** Dashed line (targets). */
  readonly dashed?: boolean
}

/** A marked point of a line chart (a holiday, an event). */
export interface Marker {
  readonly index: number
  readonly label: string
}

/** Options common to the charts. */
export interface Common {
  readonly title: string
  readonly width?: number
  readonly height?: number
  /** Formats axis and tooltip values. */
  readonly format?: (v: number) => string
}

/** The palette. */
export const PALETTE = [
  "#2563eb",
  "#dc2626",
  "#059669",
  "#d97706",
  "#7c3aed",
  "#0891b2",
  "#db2777",
  "#4b5563"
]

/** Escapes text for SVG/HTML. */
export const escapeText = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const defaultFormat = (v: number): string =>
  Math.abs(v) >= 1000 ? Math.round(v).toLocaleString("en-US") : Number.isInteger(v) ? String(v) : v.toFixed(2)

const n = (v: number) => (Math.round(v * 10) / 10).toString()

const frame = (c: Common, w: number, h: number, body: string): string =>
  `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="${escapeText(c.title)}">` +
  `<title>${escapeText(c.title)}</title>${body}</svg>`

const niceMax = (v: number): number => {
  if (!(v > 0)) return 1
  const p = 10 ** Math.floor(Math.log10(v))
  for (const m of [1, 2, 4, 5, 10]) if (m * p >= v) return m * p
  return 10 * p
}

const legend = (series: ReadonlyArray<Series>, x: number, y: number): string => {
  let xi = x
  return series
    .map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length]!
      const at = xi
      xi += 40 + s.name.length * 6.5
      return (
        `<line x1="${at}" y1="${y}" x2="${at + 18}" y2="${y}" stroke="${color}" stroke-width="3"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>` +
        `<text x="${at + 24}" y="${y + 4}" font-size="11">${escapeText(s.name)}</text>`
      )
    })
    .join("")
}

const yAxis = (
  max: number,
  left: number,
  top: number,
  ph: number,
  pw: number,
  fmt: (v: number) => string
) => {
  let out = ""
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4
    const y = top + ph - (ph * k) / 4
    out +=
      `<line x1="${left}" y1="${n(y)}" x2="${left + pw}" y2="${n(y)}" stroke="#e5e7eb"/>` +
      `<text x="${left - 6}" y="${n(y + 4)}" font-size="10" text-anchor="end">${escapeText(fmt(v))}</text>`
  }
  return out
}

const xLabels = (labels: ReadonlyArray<string>, xAt: (i: number) => number, y: number, maxLabels = 14) => {
  const step = Math.max(1, Math.ceil(labels.length / maxLabels))
  return labels
    .map((l, i) =>
      i % step === 0
        ? `<text x="${n(xAt(i))}" y="${y}" font-size="10" text-anchor="middle">${escapeText(l)}</text>`
        : ""
    )
    .join("")
}

/** A line chart of `series` over `labels`, with vertical marks at `markers`. */
export const lines = (
  c: Common & {
    readonly labels: ReadonlyArray<string>
    readonly series: ReadonlyArray<Series>
    readonly markers?: ReadonlyArray<Marker>
  }
): string => {
  const w = c.width ?? 760
  const h = c.height ?? 280
  const left = 56
  const top = 28
  const pw = w - left - 16
  const ph = h - top - 44
  const fmt = c.format ?? defaultFormat
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values.filter(Number.isFinite))))
  const count = Math.max(1, ...c.series.map((s) => s.values.length))
  const xAt = (i: number) => left + (count === 1 ? pw / 2 : (pw * i) / (count - 1))
  const yAt = (v: number) => top + ph - (ph * v) / max
  let body = `<text x="${left}" y="16" font-size="13" font-weight="600">${escapeText(c.title)}</text>`
  body += yAxis(max, left, top, ph, pw, fmt)
  for (const m of c.markers ?? []) {
    const x = n(xAt(m.index))
    body += `<line class="marker" x1="${x}" y1="${top}" x2="${x}" y2="${top + ph}" stroke="#f59e0b" stroke-dasharray="2 2"><title>${escapeText(m.label)}</title></line>`
  }
  c.series.forEach((s, si) => {
    const color = s.color ?? PALETTE[si % PALETTE.length]!
    const pts = s.values
      .map((v, i) => (Number.isFinite(v) ? `${n(xAt(i))},${n(yAt(v))}` : ""))
      .filter((p) => p !== "")
      .join(" ")
    body += `<polyline class="series" fill="none" stroke="${color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ""} points="${pts}"><title>${escapeText(s.name)}</title></polyline>`
  })
  for (const m of c.markers ?? []) {
    const s = c.series[0]
    const v = s?.values[m.index]
    if (v === undefined || !Number.isFinite(v)) continue
    body += `<circle cx="${n(xAt(m.index))}" cy="${n(yAt(v))}" r="3.5" fill="#f59e0b"><title>${escapeText(`${m.label}: ${fmt(v)}`)}</title></circle>`
  }
  body += xLabels(c.labels, xAt, top + ph + 16)
  body += legend(c.series, left, h - 10)
  return frame(c, w, h, body)
}

/** A grouped bar chart: one group per label, one bar per series. */
export const bars = (
  c: Common & { readonly labels: ReadonlyArray<string>; readonly series: ReadonlyArray<Series> }
): string => {
  const w = c.width ?? 760
  const h = c.height ?? 260
  const left = 56
  const top = 28
  const pw = w - left - 16
  const ph = h - top - 44
  const fmt = c.format ?? defaultFormat
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values.filter(Number.isFinite))))
  const groups = Math.max(1, c.labels.length)
  const gw = pw / groups
  const bw = (gw * 0.8) / Math.max(1, c.series.length)
  let body = `<text x="${left}" y="16" font-size="13" font-weight="600">${escapeText(c.title)}</text>`
  body += yAxis(max, left, top, ph, pw, fmt)
  c.series.forEach((s, si) => {
    const color = s.color ?? PALETTE[si % PALETTE.length]!
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return
      const bh = (ph * v) / max
      const x = left + gw * i + gw * 0.1 + bw * si
      body += `<rect class="bar" x="${n(x)}" y="${n(top + ph - bh)}" width="${n(Math.max(1, bw - 1))}" height="${n(bh)}" fill="${color}"${s.dashed ? ' fill-opacity="0.35"' : ""}><title>${escapeText(`${c.labels[i]} · ${s.name}: ${fmt(v)}`)}</title></rect>`
    })
  })
  body += xLabels(c.labels, (i) => left + gw * i + gw / 2, top + ph + 16, 24)
  body += legend(c.series, left, h - 10)
  return frame(c, w, h, body)
}

/** A heatmap of `values[row][col]`, coloured around `center` (blue below, red above). */
export const heatmap = (
  c: Common & {
    readonly rows: ReadonlyArray<string>
    readonly cols: ReadonlyArray<string>
    readonly values: ReadonlyArray<ReadonlyArray<number>>
    readonly center?: number
  }
): string => {
  const left = 120
  const top = 28
  const cw = Math.max(36, Math.min(64, Math.floor(640 / Math.max(1, c.cols.length))))
  const ch = 20
  const w = c.width ?? Math.max(720, left + cw * c.cols.length + 16)
  const h = c.height ?? top + ch * c.rows.length + 24
  const fmt = c.format ?? ((v: number) => v.toFixed(2))
  const center = c.center ?? 1
  const spread = Math.max(
    1e-9,
    ...c.values.flatMap((r) => r.filter(Number.isFinite).map((v) => Math.abs(v - center)))
  )
  const color = (v: number) => {
    if (!Number.isFinite(v)) return "#f3f4f6"
    const t = Math.min(1, Math.abs(v - center) / spread)
    const a = Math.round(255 - 175 * t)
    return v >= center ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`
  }
  let body = `<text x="4" y="16" font-size="13" font-weight="600">${escapeText(c.title)}</text>`
  c.cols.forEach((col, j) => {
    body += `<text x="${n(left + cw * j + cw / 2)}" y="${top + ch * c.rows.length + 14}" font-size="10" text-anchor="middle">${escapeText(col)}</text>`
  })
  c.rows.forEach((row, i) => {
    body += `<text x="${left - 6}" y="${top + ch * i + 14}" font-size="10" text-anchor="end">${escapeText(row)}</text>`
    c.cols.forEach((col, j) => {
      const v = c.values[i]?.[j] ?? Number.NaN
      body +=
        `<rect class="cell" x="${left + cw * j}" y="${top + ch * i}" width="${cw - 1}" height="${ch - 1}" fill="${color(v)}"><title>${escapeText(`${row} · ${col}: ${Number.isFinite(v) ? fmt(v) : "—"}`)}</title></rect>` +
        `<text x="${n(left + cw * j + cw / 2)}" y="${top + ch * i + 14}" font-size="9" text-anchor="middle">${Number.isFinite(v) ? escapeText(fmt(v)) : ""}</text>`
    })
  })
  return frame(c, w, h, body)
}
