import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import * as fs from "node:fs/promises"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser } from "playwright-core"

/** A JSON body of the API under test. */
// biome-ignore lint/suspicious/noExplicitAny: tests read fields of JSON documents
export type Json = any

/** A tiny configuration: 2 stores, 1 DC, few customers and products. */
export const tinyConfig = {
  volume: {
    stores: 2,
    dcs: 1,
    customers: 200,
    products: 100,
    geographies: 20,
    customers_per_day: 60,
    online_orders_per_day: 10,
    marketing_impressions_per_day: 100,
    trucks_per_dc: 2
  }
}

export const tmpDir = (prefix: string) => fs.mkdtemp(path.join(os.tmpdir(), `rdg-server-${prefix}-`))

export interface Reply<T = Json> {
  readonly status: number
  readonly headers: Headers
  readonly body: T
  readonly text: string
}

/** A small HTTP client of one base URL. */
export interface Client {
  get<T = Json>(route: string, headers?: Record<string, string>): Promise<Reply<T>>
  post<T = Json>(route: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>
  del<T = Json>(route: string, headers?: Record<string, string>): Promise<Reply<T>>
  until<T = Json>(route: string, done: (body: T) => boolean, timeoutMs?: number): Promise<T>
}

export const client = (base: string, token?: string): Client => {
  const call = async <T = Json>(
    method: string,
    route: string,
    body?: unknown,
    headers: Record<string, string> = {}
  ) => {
    const init: RequestInit = {
      method,
      headers: {
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...headers
      },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
    }
    const res = await fetch(base + route, init)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = JSON.parse(text)
    } catch {
      // not JSON
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text } satisfies Reply<T>
  }
  return {
    get: <T = Json>(route: string, headers?: Record<string, string>) =>
      call<T>("GET", route, undefined, headers),
    post: <T = Json>(route: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>("POST", route, body ?? {}, headers),
    del: <T = Json>(route: string, headers?: Record<string, string>) =>
      call<T>("DELETE", route, undefined, headers),
    /** Polls `GET route` until `done(body)` (every 50 ms, at most `timeoutMs`). */
    until: async <T = Json>(route: string, done: (body: T) => boolean, timeoutMs = 120_000): Promise<T> => {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const r = await call<T>("GET", route)
        if (r.status === 200 && done(r.body)) return r.body
        if (Date.now() > deadline) throw new Error(`timed out waiting on ${route}: ${r.text.slice(0, 500)}`)
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  }
}

export const terminal = (s: Json): boolean => ["completed", "failed", "cancelled"].includes(s.status)

/** Every file under `dir` (relative paths), sorted. */
export const listFiles = async (dir: string): Promise<Array<string>> => {
  const out: Array<string> = []
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) await walk(p)
      else out.push(path.relative(dir, p))
    }
  }
  await walk(dir)
  return out.sort()
}

/** A server in a child process (the built package), its base URL once it listens. */
export const spawnServer = async (
  args: ReadonlyArray<string>
): Promise<{ child: ChildProcess; url: string }> => {
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL("./fixtures/serve.mjs", import.meta.url)), ...args],
    {
      stdio: ["ignore", "pipe", "pipe"]
    }
  )
  let err = ""
  child.stderr!.on("data", (d) => (err += d))
  const url = await new Promise<string>((resolve, reject) => {
    let out = ""
    child.stdout!.on("data", (d) => {
      out += d
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m !== null) resolve(m[1]!)
    })
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${err}`)))
  })
  return { child, url }
}

export const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode })
    else child.on("exit", (code, signal) => resolve({ code, signal }))
  })

/** Parses an SSE body into its events. */
export const parseSse = (text: string) =>
  text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const fields: Record<string, string> = {}
      for (const line of block.split("\n")) {
        const i = line.indexOf(":")
        fields[line.slice(0, i)] = line.slice(i + 1).trimStart()
      }
      return { id: Number(fields.id), event: fields.event, data: JSON.parse(fields.data ?? "null") }
    })

/** Where the browser tests put their screenshots. */
export const SCREENSHOTS = new URL("../test-output/", import.meta.url).pathname

/**
 * Debian's chromium (`apt-get install -y chromium`) driven by playwright-core, headless and kept
 * off the network; the screenshot folder is made.
 */
export const launchChromium = async (): Promise<Browser> => {
  const executablePath = "/usr/bin/chromium"
  if (!existsSync(executablePath))
    throw new Error(`${executablePath} is missing: apt-get install -y chromium`)
  mkdirSync(SCREENSHOTS, { recursive: true })
  const { chromium } = await import("playwright-core")
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run"
    ]
  })
}
