/**
 * Which module runs a command: the bundle of `scripts/bundle.mjs` (`dist/bundle/main.js`: the
 * command line's work as a few tree-shaken files, loaded in a fraction of the time of its ~900
 * modules) for the commands that generate and check datasets, when it is there and newer than
 * the builds it was made from; otherwise (another command, no bundle, a package rebuilt since)
 * `undefined`: `bin.js` loads `internal/main.js` and the modules as they are.
 */
import { readFileSync, statSync } from "node:fs"

/**
 * The commands the bundle serves. `serve`, `stream`, `report` and `diff` are left to the modules:
 * their packages locate files beside their own code, which a bundle moves.
 */
export const COMMANDS: ReadonlySet<string> = new Set([
  "init",
  "generate",
  "master",
  "facts",
  "validate",
  "merge"
])

/** The command named by `args` (the first word that is not a flag), if any. */
export const commandOf = (args: ReadonlyArray<string>): string | undefined =>
  args.find((a) => !a.startsWith("-"))

/**
 * The URL of the bundle's entry for `args`, or `undefined` when the modules should run them.
 * `dir` is the bundle's directory (default `dist/bundle/` beside this module's `dist/internal/`).
 */
export const entry = (
  args: ReadonlyArray<string>,
  dir: URL = new URL("../bundle/", import.meta.url)
): string | undefined => {
  const command = commandOf(args)
  if (command === undefined || !COMMANDS.has(command)) return undefined
  const main = new URL("main.js", dir)
  try {
    const built = statSync(main).mtimeMs
    // An installed package is never rebuilt (and its files' times are the installer's).
    if (main.pathname.includes("/node_modules/")) return main.href
    // the tsbuildinfo of each package inlined, relative to `dir`
    const sources = JSON.parse(readFileSync(new URL("sources.json", dir), "utf8")) as ReadonlyArray<string>
    for (const source of sources) {
      const s = statSync(new URL(source, dir), { throwIfNoEntry: false })
      if (s !== undefined && s.mtimeMs > built) return undefined
    }
    return main.href
  } catch {
    return undefined
  }
}
