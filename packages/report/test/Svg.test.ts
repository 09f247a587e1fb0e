import { describe, expect, it } from "@effect/vitest"
import { Svg } from "../src/index.js"

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length

describe("Svg", () => {
  it("draws one polyline per series and a mark per marker", () => {
    const svg = Svg.lines({
      title: "t",
      labels: ["a", "b", "c"],
      series: [
        { name: "x", values: [1, 2, 3] },
        { name: "y", values: [3, Number.NaN, 1], dashed: true }
      ],
      markers: [{ index: 1, label: "Black Friday" }]
    })
    expect(svg.startsWith("<svg")).toBe(true)
    expect(count(svg, /<polyline /g)).toBe(2)
    expect(count(svg, /class="marker"/g)).toBe(1)
    expect(count(svg, /<circle /g)).toBe(1)
    expect(svg).toContain("stroke-dasharray")
    // the NaN point is left out of the second series
    const second = /<polyline [^>]*stroke-dasharray="6 4" points="([^"]*)"/.exec(svg)![1]!
    expect(second.split(" ")).toHaveLength(2)
  })

  it("draws one bar per finite value, scaled to the largest", () => {
    const svg = Svg.bars({
      title: "t",
      labels: ["a", "b"],
      series: [
        { name: "x", values: [1, 4] },
        { name: "y", values: [2, Number.NaN] }
      ]
    })
    expect(count(svg, /class="bar"/g)).toBe(3)
    const heights = [...svg.matchAll(/class="bar" [^>]*height="([\d.]+)"/g)].map((m) => Number(m[1]))
    expect(Math.max(...heights)).toBeCloseTo(188, 0)
    expect(heights[0]! / heights[1]!).toBeCloseTo(0.25, 2)
  })

  it("colours heatmap cells above the centre red and below blue", () => {
    const svg = Svg.heatmap({ title: "t", rows: ["r1", "r2"], cols: ["c1"], values: [[2], [0.5]] })
    expect(count(svg, /class="cell"/g)).toBe(2)
    const fills = [...svg.matchAll(/class="cell" [^>]*fill="([^"]+)"/g)].map((m) => m[1])
    expect(fills[0]).toMatch(/^rgb\(255,/)
    expect(fills[1]).toMatch(/,255\)$/)
  })

  it("escapes text", () => {
    expect(Svg.escapeText(`<a & "b">`)).toBe("&lt;a &amp; &quot;b&quot;&gt;")
    const svg = Svg.bars({ title: "<script>", labels: ["&"], series: [{ name: "x", values: [1] }] })
    expect(svg).not.toContain("<script>")
  })
})
