#!/usr/bin/env node
// Sums the per-package vitest JSON results into one closing line: "Tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
let passed = 0
let failed = 0
let skipped = 0
const rows = []
for (const group of ["packages", "apps", "tooling"]) {
  const dir = join(root, group)
  if (!existsSync(dir)) continue
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name, ".vitest-results.json")
    if (!existsSync(file)) continue
    const r = JSON.parse(readFileSync(file, "utf8"))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    rows.push(`  ${`${group}/${name}`.padEnd(28)} ${String(r.numPassedTests).padStart(5)} passed  ${r.numFailedTests} failed`)
  }
}
console.log(rows.join("\n"))
console.log(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 ? 1 : 0)
