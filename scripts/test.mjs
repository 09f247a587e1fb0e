#!/usr/bin/env node
// `npm test`: set up (the system packages some tests start, then install and build), lint,
// typecheck and test every package, run the end-to-end tests (`test:e2e`, which start worker
// threads and processes), then the heavy end-to-end tests (`test:heavy`: a publish through a local
// registry, the browser tests, kill-and-resume runs, byte comparisons over many workers and shards —
// each over 10 s), and close with one line over all of them: "Tests: N passed, N failed".
//
// `npm run test:quick` (--quick) stops before the heavy tests; `npm run test:heavy` (--heavy) runs
// only them and counts them with the results an earlier quick run left.
//
// Parallelism comes from the core count: on C cores, turbo runs max(2, ⌈C/2⌉) tasks at once and
// each vitest gets ⌊C / that⌋ worker processes (at least 1) — 2 tasks × 1 worker on 2 cores —
// so a busy or small machine is never asked to run every package's tests at the same time. The
// end-to-end tasks run after the others, as many at a time, with at least 2 workers each: the
// phase ends with the CLI's files running alone, which then still use two cores (their time
// limits only catch a hang, so a busier machine slows them down without failing them).
import { spawnSync } from "node:child_process"
import { rmSync } from "node:fs"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { setup } from "./bootstrap.mjs"
import { step } from "./steps.mjs"
import * as SystemPackages from "./system-packages.mjs"
import { resultFiles } from "./test-summary.mjs"
import { root } from "./workspace.mjs"

const only = process.argv.includes("--heavy")
const quick = process.argv.includes("--quick")
const cores = availableParallelism()
const tasks = Math.max(2, Math.ceil(cores / 2))
const workers = Math.max(1, Math.floor(cores / tasks))
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`
const total = only ? 3 : quick ? 4 : 5

await SystemPackages.ensure(0, total)
await setup(total)
// Results of an earlier run must not be counted if a package's tests cannot start this time
// (turbo restores them from its cache when the tests are skipped as unchanged). The heavy-only run
// keeps the others, so that its closing line counts both runs.
for (const file of resultFiles()) if (!only || file.endsWith(".heavy.json")) rmSync(file)
const turbo = join(root, "node_modules", ".bin", "turbo")
const flags = ["--continue", "--output-logs=new-only", `--concurrency=${tasks}`]
const e2eWorkers = Math.max(2, workers)
const env = { RETAIL_DATAGEN_TEST_WORKERS: String(workers) }
const e2eEnv = { RETAIL_DATAGEN_TEST_WORKERS: String(e2eWorkers) }
const split = `${tasks} tasks at a time, ${plural(workers, "vitest worker")} each, ${plural(cores, "core")}`
const e2eSplit = `${tasks} tasks at a time, ${plural(e2eWorkers, "vitest worker")} each, ${plural(cores, "core")}`
const codes = []
let n = 2
const run = async (title, tasksToRun, stepEnv) => {
  const r = await step(++n, total, title, turbo, ["run", ...tasksToRun, ...flags], {
    inherit: true,
    mayFail: true,
    env: stepEnv
  })
  codes.push(r.code)
}
if (!only) {
  await run(`lint, typecheck and test (${split})`, ["lint", "typecheck:workspace", "test"], env)
  await run(`end-to-end tests (${e2eSplit})`, ["test:e2e"], e2eEnv)
}
if (!quick) await run(`heavy end-to-end tests (${e2eSplit})`, ["test:heavy"], e2eEnv)
const summary = spawnSync(process.execPath, [join(root, "scripts", "test-summary.mjs")], { stdio: "inherit" })
process.exit(codes.find((c) => c !== 0) ?? summary.status ?? 1)
