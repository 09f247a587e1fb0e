/**
 * A real publish: a local registry (verdaccio) on 127.0.0.1, `changeset version` and
 * `pnpm publish -r` from a scratch copy of the workspace, then, in fresh directories outside the
 * workspace, what a user does:
 *
 * - `npm install retail-datagen`, `retail-datagen generate --days 2` and `validate`, and `npx`;
 * - `npm install @retail-datagen/generator` as a library: no DuckDB is installed, CSV works, Parquet
 *   fails with an error saying what to install, and a declaration build that exports inferred
 *   types of the library compiles (no TS2742);
 * - an outside team's plugin: the source of `examples/plugin-returns` type-checked and built
 *   against the installed `@retail-datagen/core` under strict settings, run through the installed
 *   CLI with `--workers 2` and as 2 shards + `merge` (the same bytes), then `validate`d (its
 *   tables and its own checks).
 *
 * Our packages have no uplink in the registry (only what was just published is served); other
 * packages (effect, DuckDB, …) come through verdaccio's proxy of the npm registry, cached under
 * `node_modules/.cache/retail-datagen-publish-check` between runs, as is npm's cache.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from "node:child_process"
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from "node:fs"
import { rm } from "node:fs/promises"
import { createRequire } from "node:module"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { promisify } from "node:util"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = new URL("../../../", import.meta.url).pathname
const cache = join(root, "node_modules/.cache/retail-datagen-publish-check")
const require = createRequire(import.meta.url)
const run = promisify(execFile)

/** Runs a command, failing with its output when it exits non-zero. */
const plainEnv: NodeJS.ProcessEnv = { ...process.env }

const sh = async (cmd: string, args: ReadonlyArray<string>, cwd: string, env?: NodeJS.ProcessEnv) => {
  try {
    return await run(cmd, [...args], {
      cwd,
      env: env === undefined ? process.env : { ...plainEnv, ...env },
      maxBuffer: 64 * 1024 * 1024
    })
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string }
    throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed:\n${stdout ?? ""}\n${stderr ?? ""}`)
  }
}

const started = Date.now()
/** Logs how long the run has taken so far (the report of a slow test is its phases). */
const phase = (name: string) =>
  console.log(`[publish-check] ${name} at ${((Date.now() - started) / 1000).toFixed(1)} s`)

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
    })
  })

/** Polls `url` until it answers (the registry is starting); gives up after `tries`. */
const waitFor = async (url: string, tries = 600): Promise<void> => {
  for (let i = 0; i < tries; i++) {
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${url} did not answer`)
}

interface Manifest {
  readonly name: string
  readonly version: string
  readonly dependencies?: Record<string, string>
  readonly devDependencies?: Record<string, string>
  readonly peerDependencies?: Record<string, string>
}

/** NODE_EXTRA_CA_CERTS for the registry process: as set, else npm's `cafile` when it has one. */
const uplinkCertificates = (): Record<string, string> => {
  if (process.env.NODE_EXTRA_CA_CERTS) return {}
  const cafile = execFileSync("npm", ["config", "get", "cafile"]).toString().trim()
  return cafile !== "" && cafile !== "null" && cafile !== "undefined" ? { NODE_EXTRA_CA_CERTS: cafile } : {}
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest

const published = ["packages", "apps", "examples"].flatMap((group) =>
  readdirSync(join(root, group))
    .map((name) => join(group, name))
    .filter((dir) => !(manifest(join(root, dir)) as { private?: boolean }).private)
)

let tmp: string
let registry: string
let verdaccio: ChildProcess | undefined
let log = ""
/** Environment of every npm command of a consumer: our registry, the shared cache, no noise. */
let npmEnv: NodeJS.ProcessEnv
/** The versions `changeset version` gave the packages the consumers install. */
let versions: { cli: string; generator: string; config: string; core: string }

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "retail-datagen-publish-"))
  const port = await freePort()
  registry = `http://127.0.0.1:${port}/`

  // The registry: our packages are served only from local storage (what is published below);
  // earlier runs' copies are removed so each run publishes afresh.
  const storage = join(cache, "storage")
  mkdirSync(storage, { recursive: true })
  rmSync(join(storage, "@retail-datagen"), { recursive: true, force: true })
  rmSync(join(storage, "retail-datagen"), { recursive: true, force: true })
  writeFileSync(
    join(tmp, "verdaccio.yaml"),
    [
      `storage: ${JSON.stringify(storage)}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(tmp, "htpasswd"))}`,
      "    max_users: 10",
      "uplinks:",
      "  npmjs:",
      // the registry npm itself uses on this machine
      `    url: ${execFileSync("npm", ["config", "get", "registry"]).toString().trim()}`,
      "    timeout: 60s",
      "packages:",
      "  '@retail-datagen/*':",
      "    access: $all",
      "    publish: $all",
      "  'retail-datagen':",
      "    access: $all",
      "    publish: $all",
      "  '**':",
      "    access: $all",
      "    proxy: npmjs",
      "log: { type: stdout, format: pretty, level: warn }",
      ""
    ].join("\n")
  )
  const pkg = require.resolve("verdaccio/package.json")
  const { bin: entry } = JSON.parse(readFileSync(pkg, "utf8")) as { bin: string | Record<string, string> }
  const bin = join(pkg, "..", typeof entry === "string" ? entry : entry.verdaccio!)
  verdaccio = spawn(
    process.execPath,
    [bin, "--config", join(tmp, "verdaccio.yaml"), "--listen", `127.0.0.1:${port}`],
    {
      stdio: ["ignore", "pipe", "pipe"],
      // The registry reaches its uplink through the certificates npm is configured with (a
      // machine whose traffic passes a proxy with its own CA sets npm's `cafile`).
      env: { ...process.env, ...uplinkCertificates() }
    }
  )
  verdaccio.stdout?.on("data", (d) => (log += d))
  verdaccio.stderr?.on("data", (d) => (log += d))
  await waitFor(`${registry}-/ping`)
  phase("registry up")

  // A user to publish as (publishing needs a token even when the registry lets anyone publish).
  const user = await fetch(`${registry}-/user/org.couchdb.user:ci`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "ci", password: "ci-password" })
  })
  const { token } = (await user.json()) as { token: string }
  const auth = `//127.0.0.1:${port}/:_authToken=${token}`

  // A scratch copy of the workspace with its built packages, versioned and published from there.
  const scratch = join(tmp, "workspace")
  for (const file of ["package.json", "pnpm-workspace.yaml", "LICENSE", ".changeset"])
    cpSync(join(root, file), join(scratch, file), { recursive: true })
  for (const dir of published)
    cpSync(join(root, dir), join(scratch, dir), {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|\.turbo|test|bench)$|\.vitest-results\.json$/.test(src)
    })
  writeFileSync(join(scratch, ".npmrc"), `registry=${registry}\n${auth}\n`)
  // `pnpm publish` reads the versions of `workspace:` dependencies from node_modules: link them
  // (nothing else is needed to publish built packages).
  const dirOf = new Map(published.map((dir) => [manifest(join(scratch, dir)).name, dir]))
  for (const dir of published) {
    const pkg = manifest(join(scratch, dir))
    for (const name of Object.keys({
      ...pkg.dependencies,
      ...pkg.devDependencies,
      ...pkg.peerDependencies
    })) {
      const target = dirOf.get(name)
      if (target === undefined) continue
      const link = join(scratch, dir, "node_modules", name)
      mkdirSync(dirname(link), { recursive: true })
      symlinkSync(join(scratch, target), link, "dir")
    }
  }
  await sh(process.execPath, [join(root, "node_modules/@changesets/cli/bin.js"), "version"], scratch)
  phase("changeset version done")
  await sh("pnpm", ["publish", "-r", "--no-git-checks", "--registry", registry], scratch)
  phase("published")
  versions = {
    cli: manifest(join(scratch, "apps/cli")).version,
    generator: manifest(join(scratch, "packages/generator")).version,
    config: manifest(join(scratch, "packages/config")).version,
    core: manifest(join(scratch, "packages/core")).version
  }

  // A plain npm user: none of the settings pnpm passes to the scripts it runs.
  for (const key of Object.keys(process.env)) if (/^(npm|pnpm)_/i.test(key)) delete plainEnv[key]
  npmEnv = {
    npm_config_registry: registry,
    npm_config_cache: join(cache, "npm"),
    npm_config_fund: "false",
    npm_config_audit: "false",
    npm_config_update_notifier: "false",
    npm_config_yes: "true",
    // Not the workspace's pnpm settings: a plain npm user.
    npm_config_userconfig: join(tmp, "no-npmrc")
  }
}, 900_000)

afterAll(async () => {
  verdaccio?.kill()
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true })
}, 300_000)

/** A fresh directory outside the workspace with an empty package.json. */
const project = (name: string): string => {
  const dir = join(tmp, name)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }))
  return dir
}

/**
 * The CLI user's project: `npm install retail-datagen` (with `@retail-datagen/core` and effect,
 * which a plugin written there needs), done once for the tests that run the CLI.
 */
let cliUser: Promise<string> | undefined
const cliProject = (): Promise<string> =>
  (cliUser ??= (async () => {
    const dir = project("cli-user")
    await sh(
      "npm",
      [
        "install",
        `retail-datagen@${versions.cli}`,
        `@retail-datagen/core@${versions.core}`,
        "effect@^3.22.4"
      ],
      dir,
      npmEnv
    )
    phase("CLI installed")
    return dir
  })())

const tiny = {
  seed: 7,
  volume: {
    stores: 2,
    dcs: 1,
    customers: 300,
    products: 200,
    geographies: 5,
    customers_per_day: 40,
    online_orders_per_day: 5,
    marketing_impressions_per_day: 50,
    trucks_per_dc: 2
  },
  dates: { start: "2024-03-04", end: "2024-03-05" }
}

/** Installs and runs on a shared, busy machine: generous, never a measure of speed. */
const SLOW = { timeout: 600_000 }

describe("publish to a registry and install from it", () => {
  it("every package was published with the versioned manifest and no source condition", SLOW, async () => {
    for (const dir of published) {
      const name = manifest(join(root, dir)).name
      const doc = (await (await fetch(`${registry}${name.replace("/", "%2f")}`)).json()) as {
        "dist-tags": { latest: string }
        versions: Record<string, { exports: unknown; dependencies?: Record<string, string> }>
      }
      const latest = doc.versions[doc["dist-tags"].latest]!
      expect(JSON.stringify(latest.exports)).not.toContain("source")
      for (const [dep, range] of Object.entries(latest.dependencies ?? {}))
        if (dep.startsWith("@retail-datagen/")) expect(range).toMatch(/^\^\d/)
    }
  })

  it("npm install retail-datagen, then generate --days 2 and validate", SLOW, async () => {
    const dir = await cliProject()
    const bin = join(dir, "node_modules/.bin/retail-datagen")
    expect((await sh(bin, ["--version"], dir, {})).stdout.trim()).toBe(versions.cli)
    // The workspace's `source` condition is not published: a user who sets it still runs dist/.
    const entry = join(dir, "node_modules/retail-datagen/dist/bin.js")
    const withSource = await sh(process.execPath, ["--conditions=source", entry, "--version"], dir, {})
    expect(withSource.stdout.trim()).toBe(versions.cli)
    writeFileSync(join(dir, "retail-datagen.json"), JSON.stringify(tiny))
    await sh(bin, ["generate", "--days", "2", "--out", "data", "--workers", "1", "--quiet"], dir, {})
    expect(existsSync(join(dir, "data/facts/receipts/dt=2024-03-05/receipts_20240305.csv"))).toBe(true)
    const validate = await sh(bin, ["validate", "data"], dir, {})
    phase("CLI generated and validated")
    expect(validate.stdout).toMatch(/^I4 inventory +pass /m)
    expect(validate.stdout).toMatch(/^OK: [\d,]+ rows/m)
  })

  it("npx retail-datagen works in an empty directory", SLOW, async () => {
    const dir = project("npx-user")
    const out = await sh("npx", ["--yes", `retail-datagen@${versions.cli}`, "--version"], dir, npmEnv)
    expect(out.stdout.trim()).toBe(versions.cli)
    phase("npx done")
  })

  it(
    "an outside team's plugin type-checks against the published core and runs through the installed CLI: workers 2, shards + merge, validate",
    SLOW,
    async () => {
      // a directory of the CLI user's project: its packages resolve from the project's node_modules
      const dir = join(await cliProject(), "plugin-team")
      mkdirSync(dir)
      writeFileSync(
        join(dir, "package.json"),
        JSON.stringify({ name: "plugin-team", private: true, type: "module" })
      )
      // the example's source, compiled by the team's strict settings against what npm installed
      cpSync(join(root, "examples/plugin-returns/src"), join(dir, "src"), { recursive: true })
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            exactOptionalPropertyTypes: true,
            noUncheckedIndexedAccess: true,
            noImplicitOverride: true,
            declaration: true,
            // the library test below checks our declarations (skipLibCheck false) already
            skipLibCheck: true,
            types: [],
            outDir: "dist"
          },
          include: ["src"]
        })
      )
      await sh(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "."], dir, {})
      phase("plugin type-checked")
      const world = {
        ...tiny,
        volume: { ...tiny.volume, stores: 4, dcs: 2 },
        plugins: [{ module: "./dist/index.js", options: { rate: 0.2, maxLagDays: 1 } }]
      }
      writeFileSync(join(dir, "retail-datagen.json"), JSON.stringify(world))
      const bin = join(dir, "../node_modules/.bin/retail-datagen")
      await sh(bin, ["generate", "--days", "2", "--out", "workers", "--workers", "2", "--quiet"], dir, {})
      for (const shard of ["1/2", "2/2"])
        await sh(bin, ["generate", "--days", "2", "--out", "shards", "--shard", shard, "--quiet"], dir, {})
      await sh(bin, ["merge", "shards", "--quiet"], dir, {})
      phase("plugin generated")
      const returns = "facts/returns/dt=2024-03-05/returns_20240305.csv"
      const bytes = readFileSync(join(dir, "workers", returns), "utf8")
      expect(bytes.trimEnd().split("\n").length).toBeGreaterThan(1)
      expect(readFileSync(join(dir, "shards", returns), "utf8")).toBe(bytes)
      for (const out of ["workers", "shards"]) {
        const validate = await sh(bin, ["validate", out], dir, {})
        expect(validate.stdout).toMatch(/^plugin tables +pass +[1-9]/m)
        expect(validate.stdout).toMatch(/^OK: [\d,]+ rows/m)
      }
      phase("plugin validated")
    }
  )

  it(
    "the library installs without DuckDB, writes CSV, names the package Parquet needs, and its types can be re-exported",
    SLOW,
    async () => {
      const dir = project("library-user")
      await sh(
        "npm",
        [
          "install",
          `@retail-datagen/generator@${versions.generator}`,
          `@retail-datagen/config@${versions.config}`,
          "effect@^3.22.4",
          "@types/node@^20.19.0"
        ],
        dir,
        npmEnv
      )
      phase("library installed")
      expect(existsSync(join(dir, "node_modules/@duckdb/node-api"))).toBe(false)
      const config = { ...tiny, dates: { start: "2024-03-04", end: "2024-03-04" } }
      writeFileSync(
        join(dir, "run.mjs"),
        [
          'import { Config } from "@retail-datagen/config"',
          'import { Generator } from "@retail-datagen/generator"',
          'import { Effect, Schema } from "effect"',
          `const base = Schema.decodeUnknownSync(Config.Config)(${JSON.stringify(config)})`,
          "const at = (format, out) => ({ ...base, output: { ...base.output, format }, paths: { ...base.paths, master: out + '/master', facts: out + '/facts' } })",
          'const csv = await Effect.runPromise(Generator.generate(at("csv", "csv"), { workers: 1 }))',
          "console.log('csv rows ' + csv.totalRecords)",
          'const parquet = await Effect.runPromise(Effect.either(Generator.generate(at("parquet", "pq"), { workers: 1 })))',
          "console.log('parquet ' + (parquet._tag === 'Left' ? parquet.left.message : 'written'))"
        ].join("\n")
      )
      const out = (await sh(process.execPath, ["run.mjs"], dir, {})).stdout
      expect(out).toMatch(/^csv rows [1-9]\d*$/m)
      expect(out).toContain("parquet ")
      expect(out).toContain(
        "needs the optional package @duckdb/node-api, which is not installed (npm install @duckdb/node-api@"
      )

      // A consumer's declaration build exporting inferred types of the library (TS2742 before
      // every public module was a subpath export).
      mkdirSync(join(dir, "src"))
      writeFileSync(
        join(dir, "src/index.ts"),
        [
          'import { Config } from "@retail-datagen/config"',
          'import { Generator } from "@retail-datagen/generator"',
          "export const program = Generator.generate(Config.defaults)",
          'export const stream = Generator.generateStream(Config.defaults, { end: "2024-01-02" })',
          "export const plugins = Generator.plugins",
          "export const master = Generator.master"
        ].join("\n")
      )
      writeFileSync(
        join(dir, "tsconfig.json"),
        JSON.stringify({
          compilerOptions: {
            target: "ES2022",
            module: "NodeNext",
            moduleResolution: "NodeNext",
            strict: true,
            exactOptionalPropertyTypes: true,
            declaration: true,
            skipLibCheck: false,
            types: ["node"],
            outDir: "dist"
          },
          include: ["src"]
        })
      )
      // The workspace's compiler (the same TypeScript 5.9), on the consumer's own node_modules.
      await sh(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "."], dir, {})
      expect(readFileSync(join(dir, "dist/index.d.ts"), "utf8")).toContain("export declare const plugins")
      phase("library checked")
    }
  )
})
