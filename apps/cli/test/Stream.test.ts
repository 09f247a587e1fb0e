/**
 * `stream` end to end with the built CLI: the events rebuild the batch files of the same
 * configuration (stream ≡ batch), `--continue` goes on after a batch dataset, and a stream killed
 * with SIGKILL resumes from its checkpoint with every event, once after dedup by event_id.
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Config } from "@retail-datagen/config"
import { Registry } from "@retail-datagen/engine"
import { Generator } from "@retail-datagen/generator"
import { Ndjson, Read } from "@retail-datagen/sinks"
import { Event } from "@retail-datagen/stream"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BIN, plain, requireBuild, type Spawned, tempDir } from "./helpers.js"

/** `spawnCli` with room for a stream on stdout. */
const spawnCli = (args: ReadonlyArray<string>, cwd: string): Spawned => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" }
  })
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) }
}

const tmp = tempDir()
const CONFIG_JSON = {
  seed: 7,
  volume: { stores: 4, dcs: 2, customers: 300, products: 150, geographies: 20, customers_per_day: 60 },
  dates: { start: "2024-11-28", end: "2024-11-29" }
}
const CONFIG = tmp.file("c.json", JSON.stringify(CONFIG_JSON))
const config = Effect.runSync(Config.decode(CONFIG_JSON))

/** The table of a primary event (undefined for derived events). */
const tableOf = (type: string, payload: string): string | undefined => {
  if (type.startsWith("truck_")) return "truck_moves"
  switch (type) {
    case "receipt_created":
      return "receipts"
    case "receipt_line_added":
      return "receipt_lines"
    case "inventory_updated":
      return payload.includes('"DCID":') ? "dc_inventory_txn" : "store_inventory_txn"
    case "customer_entered":
      return "foot_traffic"
    case "ble_ping_detected":
      return "ble_pings"
    case "ad_impression":
      return "marketing"
    case "online_order_created":
      return "online_orders"
    default:
      return undefined
  }
}

const payloadOf = (line: string): string => line.slice(line.indexOf(',"payload":') + 11, -1)

let lines: Array<string> = []

beforeAll(() => {
  requireBuild()
  const batch = spawnCli(
    ["generate", "--config", CONFIG, "--out", join(tmp.dir, "batch"), "--workers", "1", "--quiet"],
    tmp.dir
  )
  expect(batch.stderr).toBe("")
  const streamed = spawnCli(
    ["stream", "--config", CONFIG, "--days", "2", "--speed", "max", "--quiet"],
    tmp.dir
  )
  expect(streamed.stderr).toBe("")
  expect(streamed.code).toBe(0)
  lines = streamed.stdout.trimEnd().split("\n")
}, 300_000)

afterAll(() => tmp.cleanup())

describe("stream", () => {
  it("stream ≡ batch: the primary events' payloads are the rows of the batch files, table by table, in file order", async () => {
    const registry = await Effect.runPromise(Effect.flatMap(Generator.plugins(config), Registry.make))
    const byTable = new Map<string, Array<string>>()
    for (const line of lines) {
      const e = Event.decodeSync(line)
      const p = payloadOf(line)
      const table = tableOf(e.event_type, p)
      if (table === undefined) continue
      const key = `${table}/${e.offset.day}`
      const list = byTable.get(key) ?? []
      list.push(p)
      byTable.set(key, list)
    }
    let rows = 0
    for (const table of registry.tables) {
      for (const day of ["2024-11-28", "2024-11-29"]) {
        const file = join(
          tmp.dir,
          "batch",
          "facts",
          table.name,
          `dt=${day}`,
          `${table.name}_${day.replaceAll("-", "")}.csv`
        )
        const batch = await Effect.runPromise(Read.file(file, table, "csv"))
        const want = Ndjson.encode(table, [batch]).toString("utf8").split("\n").slice(0, -1)
        expect(byTable.get(`${table.name}/${day}`) ?? [], `${table.name} ${day}`).toEqual(want)
        rows += want.length
      }
    }
    expect(rows).toBeGreaterThan(5000)
  }, 300_000)

  it("--workers 1 (the simulation on a worker thread) sends the same bytes", () => {
    const r = spawnCli(
      ["stream", "--config", CONFIG, "--days", "2", "--speed", "max", "--workers", "1", "--quiet"],
      tmp.dir
    )
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    expect(r.stdout.trimEnd().split("\n")).toEqual(lines)
  }, 300_000)

  it("--continue DIR streams the day after a batch dataset, from its saved state, as an uninterrupted stream", () => {
    const out = join(tmp.dir, "first")
    const batch = spawnCli(
      ["generate", "--config", CONFIG, "--out", out, "--days", "1", "--workers", "1", "--quiet"],
      tmp.dir
    )
    expect(batch.code).toBe(0)
    const r = spawnCli(
      ["stream", "--config", CONFIG, "--continue", out, "--days", "1", "--speed", "max"],
      tmp.dir
    )
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`after the dataset in ${out}`)
    const want = lines.filter((l) => l.includes('"offset":{"day":"2024-11-29"'))
    expect(r.stdout.trimEnd().split("\n")).toEqual(want)
  }, 300_000)

  it("killed with SIGKILL mid-stream, a restart resumes from the checkpoint; dedup by event_id gives every event once", async () => {
    const out = join(tmp.dir, "events")
    // a simulated day in about 4 s of wall time: the kill lands mid-stream
    const args = [
      "stream",
      "--config",
      CONFIG,
      "--days",
      "1",
      "--sink",
      "file",
      "--out",
      out,
      "--speed",
      "20000"
    ]
    const child = spawn(process.execPath, [BIN, ...args], { cwd: tmp.dir, stdio: "ignore" })
    const cursor = join(out, "_cursor.json")
    const closed = new Promise<number | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal === null ? 0 : 1))
    )
    while (!existsSync(cursor)) await new Promise((r) => setTimeout(r, 25))
    child.kill("SIGKILL")
    expect(await closed).toBe(1)
    const before = JSON.parse(readFileSync(cursor, "utf8"))
    const r = spawnCli([...args.slice(0, -1), "max"], tmp.dir)
    expect(r.code).toBe(0)
    expect(r.stderr).toContain(`resumed after 2024-11-28 #${before.offset.sequence}`)
    const got = readdirSync(out)
      .filter((n) => n.endsWith(".ndjson") && n.startsWith("events-"))
      .sort()
      .flatMap((n) => readFileSync(join(out, n), "utf8").trimEnd().split("\n"))
    const byId = new Map<string, string>()
    for (const l of got) if (!byId.has(JSON.parse(l).event_id)) byId.set(JSON.parse(l).event_id, l)
    const want = lines.filter((l) => l.includes('"offset":{"day":"2024-11-28"'))
    expect([...byId.values()]).toEqual(want)
    expect(got.length).toBeLessThan(want.length * 2)
  }, 300_000)
})
