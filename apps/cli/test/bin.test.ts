import { spawnSync } from "node:child_process"
/**
 * End-to-end: spawns the built executable `node dist/bin.js` (build first; the test fails with a
 * clear message when dist is missing).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"
import { afterAll, beforeAll } from "vitest"
import { BIN, requireBuild, spawnCli, tempDir } from "./helpers.js"

const tmp = tempDir()
beforeAll(requireBuild)
afterAll(tmp.cleanup)

/** No stack frames ("    at fn (file:line)") in what the user sees. */
const noStack = (text: string) => expect(text).not.toMatch(/^\s+at /m)

describe("retail-datagen (built executable)", () => {
  it("starts with a node shebang", () => {
    expect(readFileSync(BIN, "utf8").startsWith("#!/usr/bin/env node\n")).toBe(true)
  })

  it("--help lists the commands; --wizard is not offered", () => {
    const r = spawnCli(["--help"], tmp.dir)
    expect(r.code).toBe(0)
    for (const name of ["init", "generate", "master", "facts", "validate", "merge"])
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +[A-Z]`, "m"))
    expect(r.stdout).not.toContain("--wizard")
    const wizard = spawnCli(["generate", "--wizard"], tmp.dir)
    expect(wizard.code).toBe(2)
    expect(wizard.stderr.trim()).toBe("error: --wizard: unknown flag; see retail-datagen --help")
  })

  it("--help and --version load nothing but Node's own modules (the rest is imported on demand)", () => {
    // the static import graph of dist/bin.js: dynamic import() is not followed
    const seen = new Set<string>()
    const outside = new Set<string>()
    const walk = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const m of readFileSync(file, "utf8").matchAll(/^import\s[^"']*["']([^"']+)["']/gm)) {
        const spec = m[1]!
        if (spec.startsWith(".")) walk(join(dirname(file), spec))
        else if (!spec.startsWith("node:")) outside.add(spec)
      }
    }
    walk(BIN)
    expect([...seen].map((f) => relative(dirname(BIN), f)).sort()).toStrictEqual([
      "Help.js",
      "bin.js",
      "internal/bundle.js",
      "internal/cwd.js",
      "internal/names.js",
      "internal/version.js"
    ])
    expect([...outside]).toStrictEqual([])
  })

  it("--help written to a pipe carries no terminal escape codes", () => {
    const r = spawnSync(process.execPath, [BIN, "--help"], { cwd: tmp.dir, encoding: "utf8" })
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("generate")
    expect(r.stdout.includes(String.fromCharCode(27))).toBe(false)
  })

  it("--version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))
    const r = spawnCli(["--version"], tmp.dir)
    expect(r.code).toBe(0)
    expect(r.stdout.trim()).toBe(pkg.version)
  })

  it.effect("init writes retail-datagen.json that decodes to the defaults; generate then uses it", () =>
    Effect.gen(function* () {
      const cwd = join(tmp.dir, "init")
      mkdirSync(cwd)
      const r = spawnCli(["init"], cwd)
      expect(r.code).toBe(0)
      const written = join(cwd, "retail-datagen.json")
      expect(yield* Config.load(written)).toStrictEqual(Config.defaults)
      // only the config's plugin modules (none): master data, and the note that no fact tables are registered
      const g = spawnCli(["generate", "--only-config-plugins", "--days", "1"], cwd)
      expect(g.code).toBe(0)
      expect(g.stdout).toContain("config:  retail-datagen.json")
      expect(g.stdout).toContain("master:  8 tables")
      expect(g.stdout.trim().split("\n").at(-1)).toBe("no fact tables registered yet")
      expect(existsSync(join(cwd, "data", "master", "customers.csv"))).toBe(true)
    })
  )

  it("under `pnpm retail-datagen` relative paths resolve from the directory the user is in (INIT_CWD)", () => {
    // a folder of the repository that is not a package: pnpm runs the root's script from the root
    const repo = fileURLToPath(new URL("../../../", import.meta.url))
    const sub = mkdtempSync(join(repo, ".cwd-test-"))
    try {
      const r = spawnSync("pnpm", ["--silent", "retail-datagen", "init", "--out", "x.json"], {
        cwd: sub,
        encoding: "utf8"
      })
      expect(r.stderr).toBe("")
      expect(r.status).toBe(0)
      expect(existsSync(join(sub, "x.json"))).toBe(true)
      expect(existsSync(join(repo, "x.json"))).toBe(false)
      // the same rule without pnpm: the script's name and INIT_CWD, run from elsewhere
      const env = { ...process.env, npm_lifecycle_event: "retail-datagen", INIT_CWD: sub }
      const direct = spawnSync(process.execPath, [BIN, "init", "--out", "y.json"], { cwd: tmp.dir, env })
      expect(direct.status).toBe(0)
      expect(existsSync(join(sub, "y.json"))).toBe(true)
      expect(existsSync(join(tmp.dir, "y.json"))).toBe(false)
    } finally {
      rmSync(sub, { recursive: true, force: true })
    }
  })

  it("init refuses to overwrite without --overwrite and overwrites with it (or its old name --force)", () => {
    const target = tmp.file("existing.json", '{ "seed": 1 }')
    const refused = spawnCli(["init", "--out", target], tmp.dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim()).toBe(`error: ${target} already exists; use --overwrite to replace it`)
    expect(readFileSync(target, "utf8")).toBe('{ "seed": 1 }')
    const defaults = JSON.parse(Config.toJson(Config.defaults))
    for (const flag of ["--overwrite", "--force", "-f"]) {
      writeFileSync(target, '{ "seed": 1 }')
      const forced = spawnCli(["init", "--out", target, flag], tmp.dir)
      expect(forced.code).toBe(0)
      expect(JSON.parse(readFileSync(target, "utf8"))).toStrictEqual(defaults)
    }
  })

  it("a bad config value exits non-zero with one line naming the key path", () => {
    tmp.file("bad.json", '{ "volume": { "stores": -3 } }')
    const r = spawnCli(["generate", "--config", "bad.json"], tmp.dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toBe("")
    expect(r.stderr).toMatchInlineSnapshot(`
      "error: bad.json: volume.stores: expected an integer from 1 to 99,999, got -3
      "
    `)
    noStack(r.stderr)
  })

  it("an unknown key (nested) is named with the allowed keys", () => {
    tmp.file("unknown.json", '{ "output": { "fromat": "csv" } }')
    const r = spawnCli(["generate", "-c", "unknown.json"], tmp.dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatchInlineSnapshot(`
      "error: unknown.json: output.fromat: unknown key, did you mean "format"? (allowed: format, truth)
      "
    `)
    noStack(r.stderr)
  })

  it("a missing config file", () => {
    const r = spawnCli(["facts", "--config", "missing.json"], tmp.dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("error: missing.json: config file not found\n")
    noStack(r.stderr)
  })

  it("invalid JSON gives the line and column", () => {
    tmp.file("invalid.json", '{\n  "seed": 42\n  "volume": {}\n}\n')
    const r = spawnCli(["master", "--config", "invalid.json"], tmp.dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      "error: invalid.json: invalid JSON at line 3, column 3: Expected ',' or '}' after property value\n"
    )
    noStack(r.stderr)
  })

  it("a bad flag names the flag; nothing is written", () => {
    const out = join(tmp.dir, "never")
    const r = spawnCli(["generate", "--stores", "-1", "--out", out], tmp.dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe("error: --stores (volume.stores): expected an integer from 1 to 99,999, got -1\n")
    expect(existsSync(out)).toBe(false)
    const usage = spawnCli(["generate", "--days", "many"], tmp.dir)
    expect(usage.code).toBe(2)
    expect(usage.stderr.trim()).toBe('error: --days: expected an integer, got "many"')
    noStack(usage.stderr)
  })
})
