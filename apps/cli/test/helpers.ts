import { spawn, spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { NodeContext } from "@effect/platform-node"
import { Console, Effect } from "effect"
import { expect } from "vitest"
import * as Cli from "../src/Cli.js"

/** A fresh temporary directory; `cleanup` removes it. */
export const tempDir = (): {
  readonly dir: string
  readonly file: (name: string, text: string) => string
  readonly cleanup: () => void
} => {
  const dir = mkdtempSync(join(tmpdir(), "retail-datagen-cli-"))
  return {
    dir,
    file: (name, text) => {
      const path = join(dir, name)
      writeFileSync(path, text)
      return path
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true })
  }
}

/** The generator's test plugins (small deterministic fact tables), for configs of CLI tests. */
export const PLUGINS_FIXTURE = fileURLToPath(
  new URL("../../../packages/generator/test/fixtures/plugins.mjs", import.meta.url)
)

/** The built executable. */
export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url))

/** Throws a clear error when the CLI has not been built. */
export const requireBuild = (): void => {
  if (!existsSync(BIN)) {
    throw new Error(
      `${BIN} is missing: build the CLI first (pnpm --filter retail-datagen build, or pnpm build at the root)`
    )
  }
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g")

/** Removes terminal colour codes. */
export const plain = (s: string): string => s.replace(ANSI, "")

export interface Spawned {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Runs `node dist/bin.js ...args` in `cwd`; output without colour codes. */
export const spawnCli = (args: ReadonlyArray<string>, cwd: string): Spawned => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" }
  })
  return { code: r.status, stdout: plain(r.stdout), stderr: plain(r.stderr) }
}

/**
 * Runs the command line in this process (`Cli.run`, what `dist/bin.js` runs past `--help`), with
 * what it prints captured as a process would print it: one "\n"-ended line per message, without
 * colour codes. For tests about a command's work and messages; tests about the process itself
 * (signals, a closed pipe, two processes, the executable's exit) spawn it with `spawnCli`.
 */
export const runCli = (args: ReadonlyArray<string>): Promise<Spawned> => {
  let stdout = ""
  let stderr = ""
  const text = (xs: ReadonlyArray<unknown>) => `${plain(xs.map(String).join(" "))}\n`
  const program = Console.consoleWith((c) =>
    Console.withConsole(Cli.run(["node", "retail-datagen", ...args]), {
      ...c,
      log: (...xs) => Effect.sync(() => void (stdout += text(xs))),
      error: (...xs) => Effect.sync(() => void (stderr += text(xs)))
    })
  )
  return Effect.runPromise(program.pipe(Effect.provide(NodeContext.layer))).then((code) => ({
    code,
    stdout,
    stderr
  }))
}

/**
 * The small world of the process tests: the generator's test plugins over 40 days (a run takes
 * seconds, long enough for a signal to land in every phase). Returns the config file written into
 * `dir` and the `generate` command line over it.
 */
export const smallWorld = (tmp: { readonly file: (name: string, text: string) => string }) => {
  const config = tmp.file(
    "small.json",
    JSON.stringify({
      seed: 11,
      volume: { stores: 20, dcs: 3, customers: 2000, products: 400, geographies: 30 },
      dates: { start: "2024-03-01", end: "2024-04-09" },
      plugins: [PLUGINS_FIXTURE]
    })
  )
  const generateArgs = (out: string, ...extra: ReadonlyArray<string>) => [
    "generate",
    "--config",
    config,
    "--only-config-plugins",
    "--out",
    out,
    ...extra
  ]
  return { config, generateArgs }
}

/** Every file under `dir` (hidden ones included), relative path → bytes. */
export const tree = (dir: string): Map<string, Buffer> => {
  const out = new Map<string, Buffer>()
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(dir, p), readFileSync(p))
    }
  }
  if (existsSync(dir)) walk(dir)
  return out
}

/** The files under `dir` are `expected`, byte for byte. */
export const expectSameTree = (expected: Map<string, Buffer>, dir: string) => {
  const actual = tree(dir)
  expect([...actual.keys()].sort()).toStrictEqual([...expected.keys()].sort())
  for (const [k, v] of expected) expect(v.equals(actual.get(k)!), `${k} differs`).toBe(true)
}

export interface Finished extends Spawned {
  readonly signal: NodeJS.Signals | null
}

/**
 * Runs the built executable as a child process in `cwd` (without blocking the test worker); sends
 * it `signal` (default SIGKILL) after `afterMs`, or as soon as its stdout has `atLine` lines.
 */
export const runProcess = (
  args: ReadonlyArray<string>,
  cwd: string,
  kill: { readonly afterMs?: number; readonly atLine?: number; readonly signal?: NodeJS.Signals } = {}
): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    const signal = kill.signal ?? "SIGKILL"
    const timer = kill.afterMs === undefined ? undefined : setTimeout(() => child.kill(signal), kill.afterMs)
    let sent = false
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString()
      if (kill.atLine !== undefined && !sent && stdout.split("\n").length > kill.atLine) {
        sent = true
        child.kill(signal)
      }
    })
    child.stderr.on("data", (d: Buffer) => void (stderr += d.toString()))
    child.on("error", reject)
    child.on("close", (code, signal) => {
      if (timer !== undefined) clearTimeout(timer)
      resolve({ code, signal, stdout: plain(stdout), stderr: plain(stderr) })
    })
  })
