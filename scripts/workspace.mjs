// The workspace's packages (pnpm-workspace.yaml: packages/*, apps/*, examples/*, tooling/*) and their
// workspace dependencies, shared by the build and test scripts. No dependencies beyond Node.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, relative } from "node:path"

/** Absolute path of the repository root, with a trailing slash. */
export const root = new URL("..", import.meta.url).pathname

/** Every workspace package: { dir (relative to root), name, deps (workspace package names) }. */
export const packages = () => {
  const found = []
  for (const group of ["packages", "apps", "examples", "tooling"]) {
    const base = join(root, group)
    if (!existsSync(base)) continue
    for (const entry of readdirSync(base).sort()) {
      const file = join(base, entry, "package.json")
      if (!existsSync(file)) continue
      const pkg = JSON.parse(readFileSync(file, "utf8"))
      found.push({ dir: `${group}/${entry}`, name: pkg.name, pkg, deps: Object.keys(pkg.dependencies ?? {}) })
    }
  }
  const names = new Set(found.map((p) => p.name))
  for (const p of found) p.deps = p.deps.filter((d) => names.has(d))
  return found
}

/**
 * Makes each package's tsconfig.build.json reference the tsconfig.build.json of every workspace
 * package it depends on (its package.json "dependencies"), so `tsc -b` builds them in order in one
 * process. Writes only files whose references changed; returns their paths.
 */
export const syncReferences = (all = packages()) => {
  const byName = new Map(all.map((p) => [p.name, p]))
  const changed = []
  for (const p of all) {
    const file = join(root, p.dir, "tsconfig.build.json")
    if (!existsSync(file)) continue
    const text = readFileSync(file, "utf8")
    const config = JSON.parse(text)
    const references = p.deps
      .map((d) => byName.get(d))
      .filter((d) => existsSync(join(root, d.dir, "tsconfig.build.json")))
      .map((d) => ({ path: relative(join(root, p.dir), join(root, d.dir, "tsconfig.build.json")) }))
      .sort((a, b) => a.path.localeCompare(b.path))
    if (JSON.stringify(config.references ?? []) === JSON.stringify(references)) continue
    const next = { ...config, references }
    if (references.length === 0) delete next.references
    writeFileSync(file, `${format(next)}\n`)
    changed.push(relative(root, file))
  }
  return changed
}

// Top-level keys one per line, each value on one line, except the references list (one per line),
// like the hand-written configs.
const format = (config) => {
  const inline = (v) => JSON.stringify(v, null, 1).replace(/\n\s*/g, " ").replace(/\[ /g, "[").replace(/ \]/g, "]")
  const lines = Object.entries(config).map(([key, value]) =>
    key === "references"
      ? `  "references": [\n${value.map((r) => `    ${inline(r)}`).join(",\n")}\n  ]`
      : `  ${JSON.stringify(key)}: ${inline(value)}`
  )
  return `{\n${lines.join(",\n")}\n}`
}
