import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { client, type Json, launchChromium, SCREENSHOTS, terminal, tinyConfig, tmpDir } from "./helpers.js"

// The web console in Debian's chromium (`apt-get install -y chromium`), driven by playwright-core.
// Screenshots go to test-output/.

/** Evaluated in the page: the run's status reads "completed". */
const COMPLETED = `document.querySelector('[data-testid="status"]')?.textContent === "completed"`

let server: Server.Started
let browser: Browser

beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("console") })
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const fillConfig = async (page: Page) => {
  for (const [key, value] of Object.entries(tinyConfig.volume)) {
    await page.fill(`input[name="volume.${key}"]`, String(value))
  }
  await page.fill('input[name="dates.start"]', "2024-01-01")
  await page.fill('input[name="days"]', "2")
}

describe("web console", () => {
  it("starts a run, follows it to completed, shows counts equal to the manifest and a preview", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } })
    await page.goto(server.url)
    await page.waitForSelector('input[name="volume.stores"]')
    await fillConfig(page)
    await page.click('button[type="submit"]')
    await page.waitForURL(/\?run=r/)
    await page.waitForFunction(COMPLETED, undefined, { timeout: 180_000 })
    expect(await page.getAttribute('[data-testid="progress"]', "value")).toBe("100")
    expect(await page.textContent('[data-testid="percent"]')).toBe("100 %")
    const id = new URL(page.url()).searchParams.get("run")!
    const manifest = (await (await fetch(`${server.url}/runs/${id}/manifest`)).json()) as {
      files: Array<{ table: string; rows: number }>
    }
    const expected: Record<string, number> = {}
    for (const f of manifest.files) expected[f.table] = (expected[f.table] ?? 0) + f.rows
    const shown = await page.$$eval('[data-testid="counts"] tr', (rows) =>
      Object.fromEntries(
        rows.map((r) => [r.getAttribute("data-table"), Number(r.querySelector(".n")!.textContent)])
      )
    )
    expect(shown).toEqual(expected)
    // the realism report is a link away
    expect(await page.getAttribute('[data-testid="report-link"]', "href")).toBe(`/runs/${id}/report`)
    // the chart has a point per day
    await page.waitForSelector('[data-testid="chart"] canvas')
    // a preview of receipts shows rows
    await page.click('button[data-preview="receipts/2024-01-01"]')
    await page.waitForSelector('[data-testid="preview"] tbody tr')
    expect(await page.$$eval('[data-testid="preview"] tbody tr', (r) => r.length)).toBeGreaterThan(0)
    expect(await page.textContent('[data-testid="preview"] thead')).toContain("TraceId")
    await page.screenshot({ path: `${SCREENSHOTS}console-completed.png`, fullPage: true })
    // a reload keeps the view
    await page.reload()
    await page.waitForFunction(COMPLETED)
    expect(await page.textContent('[data-testid="runs"]')).toContain(id)
    await page.close()
  }, 300_000)

  it("starts a scenario run against a baseline, shows the server's scenario error, then compares the twins", async () => {
    // the baseline: what the form posts for the same fields, started over the API
    const defaults = (await (await fetch(`${server.url}/config/default`)).json()) as Record<string, Json>
    const config = {
      ...defaults,
      volume: { ...defaults.volume, ...tinyConfig.volume },
      dates: { ...defaults.dates, start: "2024-01-01" }
    }
    const api = client(server.url)
    const created = await api.post("/runs", { config, days: 2 })
    expect(created.status).toBe(202)
    const baseline = await api.until(`/runs/${created.body.id}`, terminal)
    expect(baseline.status).toBe("completed")

    const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } })
    await page.goto(server.url)
    await page.waitForSelector(`select[name="baseline"] option[value="${baseline.id}"]`, {
      state: "attached"
    })
    await fillConfig(page)
    await page.selectOption('select[name="baseline"]', baseline.id)
    // a bad factor: the server's answer names the path under the textarea
    const shock = { type: "demand_shock", dc: 1, factor: 0, start: "2024-01-02", end: "2024-01-02" }
    await page.fill('textarea[name="scenario"]', JSON.stringify({ interventions: [shock] }))
    await page.click('form[data-testid="config-form"] button[type="submit"]')
    const error = await page.waitForSelector('[data-error-for="scenario"]')
    expect(await error.textContent()).toContain("scenario.interventions[0].factor: expected a number > 0")
    // store 1 closed on the second day
    const scenario = {
      name: "store 1 closed",
      interventions: [{ type: "store_closed", stores: [1], start: "2024-01-02", end: "2024-01-02" }]
    }
    await page.fill('textarea[name="scenario"]', JSON.stringify(scenario))
    await page.click('form[data-testid="config-form"] button[type="submit"]')
    await page.waitForURL(/\?run=r/)
    await page.waitForFunction(COMPLETED, undefined, { timeout: 180_000 })
    const id = new URL(page.url()).searchParams.get("run")!
    expect(id).not.toBe(baseline.id)
    expect(await page.textContent('[data-testid="scenario"]')).toContain(`baseline ${baseline.id}`)
    await page.click('[data-testid="compare-button"]')
    await page.waitForSelector('[data-testid="diff-totals"] tbody tr')
    // the totals are the diff's: store 1's region lost the receipts of the closed day
    const diff = (await api.get(`/runs/${id}/diff`)).body
    const receipts = diff.totals.find((t: Json) => t.metric === "receipts")
    expect(receipts.delta).toBeLessThan(0)
    const row = '[data-testid="diff-totals"] tr[data-metric="receipts"]'
    expect(await page.textContent(`${row} [data-col="base"]`)).toBe(receipts.base.toLocaleString("en-US"))
    expect(await page.textContent(`${row} [data-col="scenario"]`)).toBe(
      receipts.scenario.toLocaleString("en-US")
    )
    expect(await page.textContent(`${row} [data-col="delta"]`)).toBe(receipts.delta.toLocaleString("en-US"))
    // a daily chart per metric, drawn by uPlot (the bundle's, no CDN)
    await page.waitForSelector('[data-testid="diff-charts"] [data-metric="receipts"] canvas')
    const charts = await page.$$eval('[data-testid="diff-charts"] [data-metric]', (cs) =>
      cs.map((c) => c.getAttribute("data-metric"))
    )
    expect(charts).toEqual(expect.arrayContaining(["receipts", "units", "revenue"]))
    await page.screenshot({ path: `${SCREENSHOTS}console-compare.png`, fullPage: true })
    await page.close()
  }, 300_000)

  it("shows a bad value's field error inline", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    await page.goto(server.url)
    await page.waitForSelector('input[name="volume.stores"]')
    await page.fill('input[name="volume.stores"]', "-1")
    const error = await page.waitForSelector('[data-error-for="volume.stores"]')
    expect(await error.textContent()).toContain("expected an integer from 1 to 99,999, got -1")
    await page.screenshot({ path: `${SCREENSHOTS}console-field-error.png`, fullPage: true })
    await page.close()
  }, 300_000)
})
