/**
 * Docs that run: every ```sh block of README.md, apps/<app>/README.md and packages/<pkg>/README.md
 * is run by `sh -e`, in the order written, in one temporary directory per README (the READMEs run
 * side by side, each in its own order: no block depends on another README's), with
 * `retail-datagen`, `pnpm retail-datagen` and `node apps/cli/dist/bin.js` running the built CLI.
 * So an example cannot rot: a command that fails, or fails when the README is followed in order,
 * fails this test.
 *
 * - A block fenced ```sh no-run is not run; `SKIPPED` lists each with the reason (keep it short).
 * - The data is kept small: the configuration a command reads gets small volumes (`TINY`) and the
 *   first week of the default period instead of 30 days (`WEEK`) — the file `init` writes is
 *   shrunk after it is written, and a command run without a config file gets a small
 *   ./retail-datagen.json. The flags (dates, seeds, formats, stores) are the README's own.
 */
import { spawn } from "node:child_process"
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { afterAll, beforeAll } from "vitest"
import { BIN, requireBuild } from "./helpers.js"

const REPO = fileURLToPath(new URL("../../../", import.meta.url))

/** Blocks not run, by README and first line, with the reason. */
const SKIPPED: Record<string, string> = {
  "README.md: npm run quickstart": "installs the workspace and builds it; the test runs inside that build",
  "README.md: pnpm build":
    "the development commands: build, the whole test suite (this test included), the bench",
  "apps/cli/README.md: pnpm install && pnpm build": "installs and builds the workspace this test runs in",
  "README.md: npx retail-datagen generate --days 7 --out data":
    "installs from the npm registry; tooling/publish-check runs it against a local registry",
  "README.md: pnpm retail-datagen serve --port 8080 --data-dir runs &":
    "a server in the background; apps/server/test/Readme.test.ts runs this block against a live server",
  "apps/server/README.md: URL=http://127.0.0.1:8080":
    "needs a server; apps/server/test/Readme.test.ts runs this block against a live one",
  "README.md: pnpm retail-datagen stream --start 2024-11-29 --days 1 --speed max | head -3":
    "runs on and needs brokers; apps/cli/test/Stream.test.ts and the stream-nats/-redis tests cover each sink",
  "apps/cli/README.md: retail-datagen stream --start 2024-11-29 --days 1 --speed max | head -2":
    "the second line runs on and needs a NATS server; apps/cli/test/Stream.test.ts covers the stream",
  [`README.md: echo '{"interventions":[{"type":"dc_closed","dc":1,"start":"2024-01-10","end":"2024-01-12"}]}' > dc-closed.json`]:
    "two 21-day datasets of the default world; apps/cli/test/Scenario.test.ts and packages/report's Diff test run these commands",
  "packages/generator/README.md: npm install @retail-datagen/generator effect":
    "installs from the npm registry; tooling/publish-check runs it against a local registry"
}

/** Volumes small enough for a test; every other setting is the README's. */
const TINY = {
  stores: 4,
  dcs: 3,
  customers: 300,
  products: 100,
  geographies: 20,
  customers_per_day: 30,
  online_orders_per_day: 5,
  marketing_impressions_per_day: 30,
  trucks_per_dc: 2
}

/** The configured period (flags such as --days or --end still override it). */
const WEEK = { start: "2024-01-01", end: "2024-01-07" }

interface Block {
  readonly file: string
  readonly index: number
  readonly run: boolean
  readonly code: string
}

const READMES = [
  "README.md",
  ...["apps", "packages"].flatMap((group) =>
    readdirSync(join(REPO, group))
      .map((name) => `${group}/${name}/README.md`)
      .filter((file) => existsSync(join(REPO, file)))
  )
]

const blocksOf = (file: string): Array<Block> => {
  const text = readFileSync(join(REPO, file), "utf8")
  const blocks: Array<Block> = []
  for (const m of text.matchAll(/^```(sh|bash|shell)\b([^\n]*)\n([\s\S]*?)^```/gm)) {
    blocks.push({ file, index: blocks.length + 1, run: !m[2]!.includes("no-run"), code: m[3]! })
  }
  return blocks
}

const firstLine = (b: Block): string =>
  b.code
    .trim()
    .split("\n")[0]!
    .replace(/\s+#.*$/, "")

/** `retail-datagen` for the blocks: the built CLI, on small volumes. */
const shim = `#!/usr/bin/env node
const { spawnSync } = require("node:child_process")
const { existsSync, readFileSync, writeFileSync } = require("node:fs")
const TINY = ${JSON.stringify(TINY)}
const WEEK = ${JSON.stringify(WEEK)}
const args = process.argv.slice(2)
const valueOf = (...names) => {
  for (const n of names) if (args.includes(n)) return args[args.indexOf(n) + 1]
  return undefined
}
const shrink = (file) => {
  const json = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {}
  json.volume = { ...json.volume, ...TINY }
  json.dates = { ...json.dates, ...WEEK }
  writeFileSync(file, JSON.stringify(json, null, 2))
}
const asks = args.length === 0 || ["--help", "-h", "--version"].some((f) => args.includes(f))
const reads = !asks && ["generate", "master", "facts"].includes(args[0])
if (reads && valueOf("--config", "-c") === undefined && !existsSync("retail-datagen.json")) shrink("retail-datagen.json")
if (!asks && args[0] === "init") {
  const r = spawnSync(process.execPath, [${JSON.stringify(BIN)}, ...args], { stdio: "inherit" })
  if (r.status === 0) shrink(valueOf("--out", "-o") ?? "retail-datagen.json")
  process.exit(r.status ?? 1)
}
// Every other command runs in this process (one Node start-up per command, not two).
process.argv = [process.execPath, ${JSON.stringify(BIN)}, ...args]
import(${JSON.stringify(pathToFileURL(BIN).href)})
`

const pnpmShim = `#!/bin/sh
if [ "$1" = "retail-datagen" ]; then shift; exec retail-datagen "$@"; fi
echo "docs test: 'pnpm $*' is not run here (mark its block no-run)" >&2
exit 3
`

/** Runs `script` with `sh -e` (asynchronously: the test worker stays responsive meanwhile). */
const sh = (script: string, cwd: string, env: NodeJS.ProcessEnv) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn("sh", ["-e", "-c", script], { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (d: string) => void (stdout += d))
    child.stderr.setEncoding("utf8").on("data", (d: string) => void (stderr += d))
    child.on("error", reject)
    child.on("close", (status) => resolve({ status, stdout, stderr }))
  })

describe("README command blocks", () => {
  it("every block that is not run is listed with its reason", () => {
    const skipped = READMES.flatMap(blocksOf)
      .filter((b) => !b.run)
      .map((b) => `${b.file}: ${firstLine(b)}`)
    expect(skipped.sort()).toStrictEqual(Object.keys(SKIPPED).sort())
  })
})

for (const file of READMES) {
  const blocks = blocksOf(file).filter((b) => b.run)
  if (blocks.length === 0) continue
  describe(`${file}, in order`, { concurrent: true }, () => {
    let dir = ""
    let env: NodeJS.ProcessEnv = {}
    beforeAll(() => {
      requireBuild()
      dir = mkdtempSync(join(tmpdir(), "retail-datagen-docs-"))
      const bin = join(dir, ".bin")
      mkdirSync(bin)
      writeFileSync(join(bin, "retail-datagen"), shim)
      writeFileSync(join(bin, "pnpm"), pnpmShim)
      chmodSync(join(bin, "retail-datagen"), 0o755)
      chmodSync(join(bin, "pnpm"), 0o755)
      const { npm_lifecycle_event: _event, INIT_CWD: _init, ...rest } = process.env
      env = { ...rest, PATH: `${bin}:${process.env.PATH}`, NO_COLOR: "1" }
    })
    afterAll(() => rmSync(dir, { recursive: true, force: true }))

    for (const block of blocks) {
      it.sequential(`block ${block.index}: ${firstLine(block)}`, { timeout: 300_000 }, async () => {
        const script = block.code.replaceAll("node apps/cli/dist/bin.js", "retail-datagen")
        const r = await sh(script, dir, env)
        const report = `${file} block ${block.index} failed:\n${script}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`
        expect(r.status, report).toBe(0)
        expect(r.stderr, report).not.toMatch(/^error: /m)
      })
    }
  })
}
