import type { Browser } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Server } from "../src/index.js"
import { launchChromium, SCREENSHOTS, tinyConfig, tmpDir } from "./helpers.js"

// The console's stream panel in Debian's chromium, driven by playwright-core: start an SSE stream
// (the page is its consumer), see events arrive, pause, resume, stop. Screenshots go to test-output/.
// The server has a token, which the page keeps in its session: the event stream needs it too.

const TOKEN = "console-token"

let server: Server.Started
let browser: Browser

beforeAll(async () => {
  server = await Server.start({ port: 0, dataDir: await tmpDir("stream-console"), token: TOKEN })
  browser = await launchChromium()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const text = (selector: string) => `document.querySelector('[data-testid="${selector}"]')?.textContent`

describe("web console: streams", () => {
  it("starts an SSE stream, shows its events and rate, pauses (the counter holds), resumes and stops", async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } })
    const errors: Array<string> = []
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text())
    })
    page.on("pageerror", (e) => errors.push(e.message))
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`)
    })
    await page.addInitScript(`sessionStorage.setItem("token", ${JSON.stringify(TOKEN)})`)
    await page.goto(server.url)
    await page.click('[data-testid="streams-link"]')
    await page.waitForSelector('[data-testid="stream-form"]')
    await page.fill('textarea[name="stream-config"]', JSON.stringify(tinyConfig))
    await page.selectOption('select[name="sink"]', "sse")
    await page.fill('input[name="speed"]', "3600")
    await page.fill('input[name="stream-start"]', "2024-01-01")
    await page.click('[data-testid="stream-form"] button[type="submit"]')
    await page.waitForURL(/\?stream=s/)
    const id = new URL(page.url()).searchParams.get("stream")!
    // the page is the SSE stream's consumer: events arrive in the table and the counter grows
    await page.waitForFunction(`${text("stream-state")} === "running"`)
    await page.waitForSelector('[data-testid="stream-events"] tr')
    await page.waitForFunction(`Number(${text("stream-sent")}) > 0`)
    await page.waitForSelector('[data-testid="stream-chart"] canvas')
    expect(await page.textContent('[data-testid="stream-events"]')).toMatch(/EVT20240101-\d{9}/)
    // pause: the state reads paused and the counter the server holds
    await page.click('[data-testid="stream-pause"]')
    await page.waitForFunction(`${text("stream-state")} === "paused"`)
    const held = ((await (await fetch(`${server.url}/streams/${id}`)).json()) as { events_sent: number })
      .events_sent
    await page.waitForFunction(`${text("stream-sent")} === "${held}"`)
    const again = ((await (await fetch(`${server.url}/streams/${id}`)).json()) as { events_sent: number })
      .events_sent
    expect(again).toBe(held)
    await page.screenshot({ path: `${SCREENSHOTS}console-stream-paused.png`, fullPage: true })
    // resume: the counter moves on
    await page.click('[data-testid="stream-resume"]')
    await page.waitForFunction(`Number(${text("stream-sent")}) > ${held}`)
    // stop
    await page.click('[data-testid="stream-stop"]')
    await page.waitForFunction(`${text("stream-state")} === "stopped"`)
    expect(await page.$('[data-testid="stream-stop"]')).toBeNull()
    expect(await page.textContent('[data-testid="streams"]')).toContain(id)
    await page.screenshot({ path: `${SCREENSHOTS}console-stream-stopped.png`, fullPage: true })
    expect(errors).toEqual([])
    await page.close()
  }, 300_000)
})
