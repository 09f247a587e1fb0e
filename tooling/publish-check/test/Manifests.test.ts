/**
 * Every published package's package.json and LICENSE are as `scripts/package-manifests.mjs`
 * says (repository, engines, exports with a `default` condition and no `source` condition once
 * published, caret ranges between internal packages, …), and no package declares a dependency
 * it never imports.
 */
import { execFileSync } from "node:child_process"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"

const root = new URL("../../../", import.meta.url).pathname

const dirs = ["packages", "apps", "examples"].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => `${group}/${name}`)
)

const sources = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const file = join(dir, name)
    return statSync(file).isDirectory() ? sources(file) : file.endsWith(".ts") ? [file] : []
  })

/** Package names imported (statically or dynamically) by the code under `src/`, JSDoc examples excluded. */
const imported = (dir: string): Set<string> => {
  const names = new Set<string>()
  for (const file of sources(join(root, dir, "src"))) {
    const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "")
    for (const m of code.matchAll(
      /(?:(?<=[\s}])from|(?<![\w."'])import\s*\(?)\s*["']([^"'./$`{][^"'$`]*)["']/g
    )) {
      const spec = m[1]!
      if (spec.startsWith("node:")) continue
      names.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!)
    }
  }
  return names
}

interface Manifest {
  readonly name: string
  readonly dependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest

const installedManifest = (dir: string, name: string): Manifest =>
  JSON.parse(readFileSync(join(root, dir, "node_modules", name, "package.json"), "utf8")) as Manifest

describe("package manifests", () => {
  it("every package is ready for npm (scripts/package-manifests.mjs finds nothing)", () => {
    const out = execFileSync(process.execPath, [join(root, "scripts/package-manifests.mjs")], {
      encoding: "utf8"
    })
    expect(out.trim()).toBe(`${dirs.length} packages ready for npm`)
  })

  it.each(dirs)("%s declares only dependencies it imports or that a used package needs as a peer", (dir) => {
    const pkg = manifest(dir)
    const used = imported(dir)
    // A dependency also counts as used when it satisfies a peer dependency of one that is used
    // (e.g. @effect/cli needs the application to provide @effect/printer).
    const peers = new Set(
      [...used]
        .filter((name) => pkg.dependencies?.[name] !== undefined)
        .flatMap((name) => Object.keys(installedManifest(dir, name).peerDependencies ?? {}))
    )
    const unused = Object.keys(pkg.dependencies ?? {}).filter((d) => !used.has(d) && !peers.has(d))
    expect(unused).toEqual([])
    const undeclared = [...used].filter(
      (d) => d !== pkg.name && pkg.dependencies?.[d] === undefined && pkg.peerDependencies?.[d] === undefined
    )
    expect(undeclared).toEqual([])
  })
})
