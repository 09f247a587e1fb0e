import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { launchChromium, SCREENSHOTS, tinyConfig, tmpDir } from "./helpers.js"

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
