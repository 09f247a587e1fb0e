#!/usr/bin/env node
// Sums every vitest JSON results file of every package (`.vitest-results.json` of the `test` task,
// `.vitest-results.<task>.json` of others such as `test:e2e`) into one closing line:
// "Tests: N passed, N failed". Before it, one row per results file with its wall time, and every
// test that took longer than 10 s.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join, relative } from "node:path"
import { pathToFileURL } from "node:url"
import { packages, root } from "./workspace.mjs"

const SLOW_MS = 10_000

/** Every results file in the workspace's packages. */
export const resultFiles = () =>
  packages().flatMap((p) =>
    readdirSync(join(root, p.dir))
      .filter((f) => /^\.vitest-results(\.[\w:-]+)?\.json$/.test(f))
      .sort()
      .map((f) => join(root, p.dir, f))
  )

const main = () => {
  let passed = 0
  let failed = 0
  let skipped = 0
  const rows = []
  const slow = []
  for (const file of resultFiles()) {
    const r = JSON.parse(readFileSync(file, "utf8"))
    passed += r.numPassedTests
    failed += r.numFailedTests
    skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    const end = Math.max(r.startTime, ...r.testResults.map((t) => t.endTime ?? r.startTime))
    const name = relative(root, file).replace(/\/\.vitest-results(?:\.([\w:-]+))?\.json$/, (_, task) =>
      task === undefined ? "" : ` ${task}`
    )
    rows.push(
      `  ${name.padEnd(32)} ${String(r.numPassedTests).padStart(5)} passed  ${r.numFailedTests} failed  ${((end - r.startTime) / 1000).toFixed(1).padStart(6)} s`
    )
    for (const t of r.testResults)
      for (const a of t.assertionResults)
        if ((a.duration ?? 0) > SLOW_MS)
          slow.push(`  ${(a.duration / 1000).toFixed(1).padStart(6)} s  ${relative(root, t.name)} > ${a.fullName}`)
  }
  console.log(rows.join("\n"))
  if (slow.length > 0) console.log(`Tests over ${SLOW_MS / 1000} s:\n${slow.join("\n")}`)
  console.log(`Tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`)
  return failed > 0 || rows.length === 0 ? 1 : 0
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(main())
