#!/usr/bin/env node
// The npm readiness of every published package (packages/*, apps/*, examples/*): one place that says what a
// package.json must hold, checks it, and (with --write) sets it.
//
//   node scripts/package-manifests.mjs           # report what is off; exit 1 if anything is
//   node scripts/package-manifests.mjs --write   # set the standard fields and copy LICENSE
//
// A new package needs no more than its name, version, description, dependencies and scripts:
// `--write` adds the rest. tooling/publish-check runs the check as a test.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository every package points at (a placeholder until the project has its public home). */
export const REPOSITORY = "https://github.com/retail-datagen/retail-datagen"

const root = fileURLToPath(new URL("..", import.meta.url))

/** The directories (relative to the root) of the packages that get published. */
export const packageDirs = () =>
  ["packages", "apps", "examples"]
    .filter((group) => existsSync(join(root, group)))
    .flatMap((group) =>
      readdirSync(join(root, group), { withFileTypes: true })
        .filter((e) => e.isDirectory() && existsSync(join(root, group, e.name, "package.json")))
        .map((e) => `${group}/${e.name}`)
    )
    .filter((dir) => !readJson(join(root, dir, "package.json")).private)
    .sort()

const readJson = (file) => JSON.parse(readFileSync(file, "utf8"))

/** Conditions of one entry point: `source` (TypeScript, inside the workspace only) and the built files. */
const entry = (name, withSource) => ({
  ...(withSource ? { source: `./src/${name}.ts` } : {}),
  types: `./dist/${name}.d.ts`,
  import: `./dist/${name}.js`,
  default: `./dist/${name}.js`
})

/**
 * The exports map: the index, every public module as a subpath (`@retail-datagen/x/Module`, so
 * a consumer's declaration build can name any exported type), nothing under `internal/`.
 */
export const exportsMap = (withSource) => ({
  ".": entry("index", withSource),
  "./package.json": "./package.json",
  "./internal/*": null,
  "./*": entry("*", withSource)
})

/** The package.json `dir` should have, given the one it has. */
export const expected = (dir, pkg) => {
  const internal = (deps) =>
    deps === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(deps).map(([name, range]) => [
            name,
            name.startsWith("@retail-datagen/") || name === "retail-datagen" ? "workspace:^" : range
          ])
        )
  const hasBin = pkg.bin !== undefined
  const out = {
    name: pkg.name,
    version: pkg.version,
    description: pkg.description,
    license: "MIT",
    repository: { type: "git", url: `git+${REPOSITORY}.git`, directory: dir },
    homepage: `${REPOSITORY}/tree/main/${dir}#readme`,
    bugs: { url: `${REPOSITORY}/issues` },
    keywords: pkg.keywords,
    engines: { node: ">=20" },
    type: "module",
    // a command: its committed launcher (bin/, linked at install before any build) and the program
    // it starts (dist/bin.js, src/bin.ts from source)
    sideEffects: hasBin ? [...Object.values(pkg.bin), "./dist/bin.js", "./src/bin.ts"] : false,
    exports: exportsMap(true),
    types: "./dist/index.d.ts",
    bin: pkg.bin,
    files: hasBin ? ["bin", "dist", "src"] : ["dist", "src"],
    publishConfig: { access: "public", exports: exportsMap(false) },
    scripts: pkg.scripts,
    dependencies: internal(pkg.dependencies),
    peerDependencies: pkg.peerDependencies,
    peerDependenciesMeta: pkg.peerDependenciesMeta,
    optionalDependencies: pkg.optionalDependencies,
    devDependencies: internal(pkg.devDependencies)
  }
  // Fields this script does not own keep their value and come last.
  for (const [k, v] of Object.entries(pkg)) if (!(k in out)) out[k] = v
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k]
  return out
}

/** Every way the packages differ from the standard: `[dir, what]` pairs. */
export const problems = () => {
  const license = readFileSync(join(root, "LICENSE"), "utf8")
  const found = []
  for (const dir of packageDirs()) {
    const file = join(root, dir, "package.json")
    const pkg = readJson(file)
    const want = expected(dir, pkg)
    for (const key of new Set([...Object.keys(pkg), ...Object.keys(want)])) {
      if (JSON.stringify(pkg[key]) !== JSON.stringify(want[key]))
        found.push([dir, `package.json "${key}" should be ${JSON.stringify(want[key])}`])
    }
    const own = join(root, dir, "LICENSE")
    if (!existsSync(own) || readFileSync(own, "utf8") !== license)
      found.push([dir, "LICENSE is missing or differs from the root LICENSE"])
    if (!existsSync(join(root, dir, "README.md"))) found.push([dir, "README.md is missing"])
  }
  return found
}

/** Sets the standard fields of every package and copies the root LICENSE into each. */
export const write = () => {
  for (const dir of packageDirs()) {
    const file = join(root, dir, "package.json")
    writeFileSync(file, `${JSON.stringify(expected(dir, readJson(file)), null, 2)}\n`)
    copyFileSync(join(root, "LICENSE"), join(root, dir, "LICENSE"))
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--write")) write()
  const found = problems()
  for (const [dir, what] of found) console.log(`${dir}: ${what}`)
  if (found.length > 0) {
    console.log(`${found.length} problem(s); \`node scripts/package-manifests.mjs --write\` fixes the fields.`)
    process.exit(1)
  }
  console.log(`${packageDirs().length} packages ready for npm`)
}
