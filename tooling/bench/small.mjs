/**
 * Fixed costs of the command line (issue 17): `--version`, `--help`, the SMALL run (10 stores,
 * 1,000 customers a day chain-wide, 50,000 customers, 10,000 products, 3 days, master included,
 * CSV) as a whole process, and the time to the first fact row over master data already on disk.
 * Each figure is the median of `--repeat` runs (default 5), each in a fresh process; with
 * `--baseline DIR` another built checkout runs alternately (A B A B …) so both see the same load.
 *
 *   node tooling/bench/small.mjs                         (over the built dist of this checkout)
 *   node tooling/bench/small.mjs --baseline ../main --repeat 5
 *
 * Wall time is from spawning to exit; CPU time is user + system of the child's every thread
 * (`process.cpuUsage()` at exit, reported through `--import` of this file's measuring hook).
 * Not a test: nothing asserts on the figures. Imports the BUILT packages (`pnpm build` first).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync, writeFileSync, writeSync } from "node:fs"
import os from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const SELF = fileURLToPath(import.meta.url)
const ROOT = resolve(dirname(SELF), "../..")

/** The SMALL run of issue 17. */
export const SMALL = {
  seed: 42,
  volume: { stores: 10, customers_per_day: 1_000, customers: 50_000, products: 10_000 },
  dates: { start: "2024-03-04", end: "2024-03-06" }
}

// ---------------------------------------------------------------------------------------------
// Inside a measured child (`--import small.mjs`; this file is not its main module, or is with
// `--first-row`): report CPU time at exit on file descriptor 3, a pipe the parent reads.
// ---------------------------------------------------------------------------------------------
if (process.argv[1] !== SELF || process.argv[2] === "--first-row") {
  process.on("exit", () => {
    const u = process.cpuUsage()
    writeSync(3, JSON.stringify({ cpu: (u.user + u.system) / 1e6, rssKb: process.resourceUsage().maxRSS }))
  })
}

// ---------------------------------------------------------------------------------------------
// Child: time to the first fact row over master data on disk (library, in process)
// ---------------------------------------------------------------------------------------------
const childFirstRow = async (root, dir) => {
  const t0 = performance.now()
  const { Effect } = await import("effect")
  const { Config } = await import(pathToFileURL(`${root}/packages/config/dist/index.js`).href)
  const { Generator } = await import(pathToFileURL(`${root}/packages/generator/dist/index.js`).href)
  const loaded = performance.now()
  const config = Effect.runSync(
    Config.decode({
      ...SMALL,
      paths: { master: join(dir, "master"), facts: join(dir, "facts") }
    })
  )
  let first
  let firstCpu
  await Effect.runPromise(
    Generator.facts(config, {
      force: true,
      onEvent: (e) =>
        Effect.sync(() => {
          if (first === undefined && e._tag === "FileWritten") {
            first = performance.now()
            firstCpu = process.cpuUsage()
          }
        })
    })
  )
  // from process start (timeOrigin) and from the call, after the modules are loaded; CPU time of
  // the process up to the first row
  console.log(
    JSON.stringify({
      sinceStart: first / 1000,
      cpuToFirst: (firstCpu.user + firstCpu.system) / 1e6,
      sinceCall: (first - loaded) / 1000,
      load: (loaded - t0) / 1000
    })
  )
}

// ---------------------------------------------------------------------------------------------
// Parent
// ---------------------------------------------------------------------------------------------
const argOf = (name, fallback) => {
  const i = process.argv.indexOf(name)
  return i < 0 ? fallback : process.argv[i + 1]
}

const measure = (args) => {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ["--import", pathToFileURL(SELF).href, ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe", "pipe"]
  })
  const wall = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`)
  const m = JSON.parse(r.output[3])
  return { wall, cpu: m.cpu, stdout: r.stdout }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const main = () => {
  const repeat = Number(argOf("--repeat", "5"))
  const baseline = argOf("--baseline", undefined)
  const trees = [["this", ROOT], ...(baseline === undefined ? [] : [["baseline", resolve(baseline)]])]
  const work = mkdtempSync(join(os.tmpdir(), "small-bench-"))
  const configFile = join(work, "small.json")
  writeFileSync(configFile, JSON.stringify(SMALL))
  const cases = {
    "--version": (root) => measure([`${root}/apps/cli/dist/bin.js`, "--version"]),
    "--help": (root) => measure([`${root}/apps/cli/dist/bin.js`, "--help"]),
    "small generate": (root) => {
      const out = join(work, "out")
      rmSync(out, { recursive: true, force: true })
      return measure([`${root}/apps/cli/dist/bin.js`, "generate", "-c", configFile, "--out", out])
    },
    "first fact row": (root) => {
      const out = join(work, `first-${trees.findIndex(([, r]) => r === root)}`)
      // master data on disk first (not measured)
      spawnSync(process.execPath, [`${root}/apps/cli/dist/bin.js`, "master", "-c", configFile, "--out", out])
      const r = measure([SELF, "--first-row", root, out])
      return { ...r, ...JSON.parse(r.stdout) }
    }
  }
  const results = {}
  for (const [name, run] of Object.entries(cases)) {
    for (let i = 0; i < repeat; i++) {
      for (const [tree, root] of trees) {
        const r = run(root)
        for (const [k, v] of Object.entries(r))
          if (typeof v === "number") ((results[`${name}|${tree}`] ??= {})[k] ??= []).push(v)
      }
    }
  }
  rmSync(work, { recursive: true, force: true })
  console.log(
    `median of ${repeat}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`
  )
  console.log(
    `${"case".padEnd(16)} ${"tree".padEnd(9)} ${"wall s".padStart(7)} ${"cpu s".padStart(7)}  other`
  )
  for (const [key, figures] of Object.entries(results)) {
    const [name, tree] = key.split("|")
    const other = Object.entries(figures)
      .filter(([k]) => k !== "wall" && k !== "cpu")
      .map(([k, v]) => `${k} ${median(v).toFixed(3)}`)
      .join(", ")
    console.log(
      `${name.padEnd(16)} ${tree.padEnd(9)} ${median(figures.wall).toFixed(3).padStart(7)} ${median(figures.cpu).toFixed(3).padStart(7)}  ${other}`
    )
  }
}

if (process.argv[1] === SELF) {
  if (process.argv[2] === "--first-row") await childFirstRow(process.argv[3], process.argv[4])
  else main()
}
