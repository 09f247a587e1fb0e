#!/usr/bin/env node
// `npm test`: set up (the system packages some tests start, then install and build), lint,
// typecheck and test every package, then run the end-to-end tests (`test:e2e`, which start worker
// threads and processes) one package at a time, and close with one line over all of them:
// "Tests: N passed, N failed".
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
import * as SystemPackages from "./system-packages.mjs"
import { resultFiles } from "./test-summary.mjs"
import { root } from "./workspace.mjs"

const cores = availableParallelism()
const tasks = Math.max(2, Math.ceil(cores / 2))
const workers = Math.max(1, Math.floor(cores / tasks))
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`

await SystemPackages.ensure(0, 4)
await setup(4)
// Results of an earlier run must not be counted if a package's tests cannot start this time
// (turbo restores them from its cache when the tests are skipped as unchanged).
for (const file of resultFiles()) rmSync(file)
const turbo = join(root, "node_modules", ".bin", "turbo")
const flags = ["--continue", "--output-logs=new-only"]
const unit = await step(
  3,
  4,
  `lint, typecheck and test (${tasks} tasks at a time, ${plural(workers, "vitest worker")} each, ${plural(cores, "core")})`,
  turbo,
  ["run", "lint", "typecheck:workspace", "test", ...flags, `--concurrency=${tasks}`],
  { inherit: true, mayFail: true, env: { RETAIL_DATAGEN_TEST_WORKERS: String(workers) } }
)
const e2e = await step(
  4,
  4,
  `end-to-end tests (one package at a time, ${plural(cores - 1 || 1, "vitest worker")})`,
  turbo,
  ["run", "test:e2e", ...flags, "--concurrency=1"],
  { inherit: true, mayFail: true, env: { RETAIL_DATAGEN_TEST_WORKERS: String(Math.max(1, cores - 1)) } }
)
const summary = spawnSync(process.execPath, [join(root, "scripts", "test-summary.mjs")], { stdio: "inherit" })
process.exit(unit.code || e2e.code || (summary.status ?? 1))
