// Load bench (not a test): 50 clients polling GET /runs/:id and 10 SSE listeners while an
// M-sized run generates (100 stores, 10,000 customers/day). Reports the status latency
// (p50/p99) and how far behind the SSE listeners were (receipt time − the event's
// last_update_timestamp; one machine, one clock).
//
//   pnpm --filter @retail-datagen/server build && node apps/server/bench/load.mjs [--days 7] [--seconds 30]
import { spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import autocannon from "autocannon"

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i < 0 ? fallback : Number(process.argv[i + 1])
}
const DAYS = arg("days", 7)
const SECONDS = arg("seconds", 30)
const POLLERS = 50
const LISTENERS = 10

// the server in its own process, so the bench's clients do not share its event loop
const dataDir = mkdtempSync(join(tmpdir(), "rdg-bench-"))
const index = new URL("../dist/index.js", import.meta.url).href
const child = spawn(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    `import { NodeRuntime } from "@effect/platform-node"; import { Server } from ${JSON.stringify(index)};
     NodeRuntime.runMain(Server.run({ port: 0, dataDir: ${JSON.stringify(dataDir)} }))`
  ],
  { stdio: ["ignore", "pipe", "inherit"], cwd: new URL("..", import.meta.url).pathname }
)
const url = await new Promise((resolve) => {
  let out = ""
  child.stdout.on("data", (d) => {
    out += d
    const m = /listening on (http:\/\/\S+)/.exec(out)
    if (m) resolve(m[1])
  })
})

const created = await (
  await fetch(`${url}/runs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      config: { volume: { stores: 100, customers_per_day: 10_000 } },
      start: "2024-01-01",
      days: DAYS
    })
  })
).json()
const id = created.id
console.log(`run ${id}: 100 stores, 10,000 customers/day, ${DAYS} days`)

// SSE listeners
const lags = []
const listen = async () => {
  const res = await fetch(`${url}/runs/${id}/events`)
  const decoder = new TextDecoder()
  let buffer = ""
  let maxLag = 0
  let events = 0
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true })
    let i
    while ((i = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, i)
      buffer = buffer.slice(i + 2)
      const data = block.split("\n").find((l) => l.startsWith("data: "))
      if (!data) continue
      const status = JSON.parse(data.slice(6))
      events++
      if (events > 1 && status.last_update_timestamp) {
        maxLag = Math.max(maxLag, Date.now() - Date.parse(status.last_update_timestamp))
      }
    }
  }
  lags.push({ maxLag, events })
}
const listeners = Array.from({ length: LISTENERS }, listen)

// wait until the run generates facts, then poll
for (;;) {
  const s = await (await fetch(`${url}/runs/${id}`)).json()
  if (s.status !== "pending" && (s.days_done > 0 || s.message.startsWith("facts"))) break
  if (["completed", "failed", "cancelled"].includes(s.status)) break
  await new Promise((r) => setTimeout(r, 200))
}
const result = await autocannon({ url: `${url}/runs/${id}`, connections: POLLERS, duration: SECONDS })
const during = await (await fetch(`${url}/runs/${id}`)).json()
console.log(
  `GET /runs/:id, ${POLLERS} clients, ${SECONDS} s: ${result.requests.total} requests (${result.requests.average} req/s), ` +
    `latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms, errors ${result.errors + result.non2xx}`
)
console.log(`run at the end of the polling: ${during.status}, day ${during.days_done}/${during.days}`)
// let the run finish, then the listeners end with its terminal status
await Promise.all(listeners)
const final = await (await fetch(`${url}/runs/${id}`)).json()
console.log(`run ${final.status}: ${final.total_rows.toLocaleString()} rows`)
console.log(
  `SSE, ${LISTENERS} listeners: events ${Math.min(...lags.map((l) => l.events))}–${Math.max(...lags.map((l) => l.events))}, ` +
    `max lag ${Math.max(...lags.map((l) => l.maxLag))} ms`
)
child.kill("SIGTERM")
