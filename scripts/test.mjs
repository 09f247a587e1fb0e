#!/usr/bin/env node
// `npm test`: set up (install, build), then lint, typecheck and every test of every package,
// including the end-to-end task, and close with one line: "Tests: N passed, N failed".
//
// Parallelism comes from the core count: on C cores, turbo runs max(2, ⌈C/2⌉) tasks at once and
// each vitest gets ⌊C / that⌋ worker processes (at least 1) — 2 tasks × 1 worker on 2 cores —
// so a busy or small machine is never asked to run every package's tests at the same time.
import { spawnSync } from "node:child_process"
import { rmSync } from "node:fs"
import { availableParallelism } from "node:os"
import { join } from "node:path"
import { setup } from "./bootstrap.mjs"
import { step } from "./steps.mjs"
import { resultFiles } from "./test-summary.mjs"
import { root } from "./workspace.mjs"

const cores = availableParallelism()
const tasks = Math.max(2, Math.ceil(cores / 2))
const workers = Math.max(1, Math.floor(cores / tasks))

await setup(3)
// Results of an earlier run must not be counted if a package's tests cannot start this time
// (turbo restores them from its cache when the tests are skipped as unchanged).
for (const file of resultFiles()) rmSync(file)
const turbo = join(root, "node_modules", ".bin", "turbo")
const run = await step(
  3,
  3,
  `lint, typecheck and test (${tasks} tasks at a time, ${workers} vitest worker${workers > 1 ? "s" : ""} each, ${cores} cores)`,
  turbo,
  [
    "run",
    "lint",
    "typecheck:workspace",
    "test",
    "test:e2e",
    "--continue",
    "--output-logs=new-only",
    `--concurrency=${tasks}`
  ],
  { inherit: true, mayFail: true, env: { RETAIL_DATAGEN_TEST_WORKERS: String(workers) } }
)
const summary = spawnSync(process.execPath, [join(root, "scripts", "test-summary.mjs")], { stdio: "inherit" })
process.exit(run.code !== 0 ? run.code : (summary.status ?? 1))
