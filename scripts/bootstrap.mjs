#!/usr/bin/env node
// One-step setup for a fresh machine with only Node 20 + npm: makes sure the pinned pnpm is on
// PATH, installs the workspace and builds every package (one `tsc -b` over the project references,
// so the shared type declarations are read once). Idempotent and quick when nothing changed.
// `node scripts/bootstrap.mjs` runs the two steps; quickstart.mjs and test.mjs add a third.
import { execFileSync } from "node:child_process"
import { chmodSync, existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { step } from "./steps.mjs"
import { packages, root, syncReferences } from "./workspace.mjs"

const pnpmVersion = () => {
  try {
    return execFileSync("pnpm", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()
  } catch {
    return ""
  }
}

/** Steps 1 and 2 of `total`: install (pnpm itself first if missing), then build every package. */
export const setup = async (total) => {
  const wanted = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1]
  if (pnpmVersion() !== wanted) {
    // corepack cannot verify pnpm's signatures here, so npm installs the pinned version.
    await step(1, total, `installing pnpm ${wanted}`, "npm", [
      "install",
      "--global",
      "--no-fund",
      "--no-audit",
      `pnpm@${wanted}`
    ])
  }
  await step(1, total, "installing packages", "pnpm", ["install", "--frozen-lockfile", "--prefer-offline"])

  const all = packages().filter((p) => existsSync(join(root, p.dir, "tsconfig.build.json")))
  for (const file of syncReferences(all)) console.log(`      updated the project references in ${file}`)
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
  const projects = all.map((p) => join(p.dir, "tsconfig.build.json"))
  const build = await step(2, total, `building ${all.length} packages`, process.execPath, [tsc, "-b", ...projects])
  // Assets beside the JavaScript (the server's web console bundle)
  for (const p of all.filter((p) => p.pkg.scripts?.["build:assets"] !== undefined))
    execFileSync("pnpm", ["run", "--silent", "build:assets"], { cwd: join(root, p.dir), stdio: "inherit" })
  for (const p of all)
    for (const bin of Object.values(typeof p.pkg.bin === "string" ? { [p.name]: p.pkg.bin } : (p.pkg.bin ?? {})))
      chmodSync(join(root, p.dir, bin), 0o755)
  return build
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await setup(2)
