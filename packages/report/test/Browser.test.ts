/**
 * Renders the HTML report of a small generated dataset in headless Chromium (Debian `chromium`,
 * driven by playwright-core): every chart is drawn, nothing is fetched, nothing is logged to the
 * console. Keeps the page and a full-page screenshot under `test-output/` (git-ignored).
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { chromium } from "playwright-core"
import { Report } from "../src/index.js"
import { generate } from "./dataset.js"

const OUT = fileURLToPath(new URL("../test-output/", import.meta.url))
const CHROMIUM = "/usr/bin/chromium"
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run"
]

let dir: string
let report: Report.Report

beforeAll(async () => {
  dir = await generate("browser", { dates: { start: "2024-11-18", end: "2024-12-01" } })
  report = await Effect.runPromise(Report.make(dir))
}, 300_000)

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe("the HTML report", () => {
  it("is one self-contained page", () => {
    const html = Report.html(report)
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true)
    expect(html).not.toMatch(/<script/i)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, "")).not.toMatch(/https?:\/\//)
    for (const id of [
      "targets",
      "daily",
      "weekly",
      "departments",
      "segments",
      "stores",
      "supply",
      "marketing",
      "tender"
    ]) {
      expect(html).toContain(`<section id="${id}">`)
    }
  })

  it("renders in Chromium with every chart drawn and no console message", async () => {
    expect(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true)
    fs.mkdirSync(OUT, { recursive: true })
    const file = path.join(OUT, "report.html")
    await Effect.runPromise(Report.writeHtml(report, file))
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS })
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
      const messages: Array<string> = []
      const requests: Array<string> = []
      page.on("console", (m) => messages.push(`${m.type()}: ${m.text()}`))
      page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`))
      page.on("request", (r) => {
        if (!r.url().startsWith("file:")) requests.push(r.url())
      })
      await page.goto(`file://${file}`, { waitUntil: "load" })
      const charts = page.locator("svg.chart")
      const n = await charts.count()
      expect(n).toBeGreaterThanOrEqual(14)
      for (let i = 0; i < n; i++) {
        const box = await charts.nth(i).boundingBox()
        expect(box!.width * box!.height, `chart ${i}`).toBeGreaterThan(10_000)
      }
      expect(await page.locator("polyline.series").count()).toBeGreaterThanOrEqual(8)
      expect(await page.locator("rect.bar").count()).toBeGreaterThan(20)
      expect(await page.locator("rect.cell").count()).toBe(
        report.figures.monthDepartment.months.length * report.figures.monthDepartment.departments.length
      )
      expect(await page.locator("#targets tbody tr").count()).toBe(report.targets.length)
      expect(await page.locator("#targets .fail, #targets .pass").count()).toBeGreaterThan(0)
      await page.screenshot({ path: path.join(OUT, "report.png"), fullPage: true })
      expect(fs.statSync(path.join(OUT, "report.png")).size).toBeGreaterThan(10_000)
      expect(messages).toStrictEqual([])
      expect(requests).toStrictEqual([])
    } finally {
      await browser.close()
    }
  }, 300_000)
})
