// Bundles the work of the commands that generate and check datasets (`dist/internal/main.js` and
// everything it loads: effect, @effect/cli, the workspace packages) into `dist/bundle/`, one
// tree-shaken file per lazily loaded part. Loading ~900 modules (effect's barrel pulls Schema,
// which pulls fast-check) costs the command line more CPU than a small run's generation; the
// bundle loads a few files and leaves out what nothing calls. `bin.js` uses it when it is newer
// than the builds it was made from (`sources.json`) and falls back to `dist/internal/main.js`.
//
// Left out (imported from node_modules when a command needs them): DuckDB (native), and the
// packages of `serve`, `stream`, `report` and `diff`, which `bin.js` runs unbundled anyway (they
// locate files beside their own modules).
import { rmSync, writeFileSync } from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"

const root = fileURLToPath(new URL("..", import.meta.url))
const out = path.join(root, "dist", "bundle")

/**
 * @effect/cli's option parsing imports the YAML, TOML and INI parsers (CommonJS, ~400 KB, run as
 * the bundle loads) for file-valued options this command line never declares: they become
 * stubs that load the real parser, as @effect/cli would resolve it, on first use.
 */
const lazyFileParsers = {
  name: "lazy-file-parsers",
  setup(build) {
    build.onResolve({ filter: /^(yaml|toml|ini)$/ }, (args) =>
      args.importer.includes(`${path.sep}@effect${path.sep}cli${path.sep}`)
        ? { path: args.path, namespace: "lazy-file-parser" }
        : undefined
    )
    build.onLoad({ filter: /.*/, namespace: "lazy-file-parser" }, (args) => ({
      loader: "js",
      resolveDir: root,
      contents: [
        'import { createRequire } from "node:module"',
        "let parser",
        "export const parse = (text) => {",
        `  parser ??= createRequire(createRequire(import.meta.url).resolve("@effect/cli"))(${JSON.stringify(args.path)})`,
        "  return parser.parse(text)",
        "}"
      ].join("\n")
    }))
  }
}

// chunk names change with their content: start from an empty directory
rmSync(out, { recursive: true, force: true })
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: "dist/internal/main.js" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  outdir: out,
  chunkNames: "chunk-[hash]",
  external: [
    "@duckdb/node-api",
    "@retail-datagen/report",
    "@retail-datagen/server",
    "@retail-datagen/stream",
    "@retail-datagen/stream-nats",
    "@retail-datagen/stream-redis"
  ],
  // CommonJS dependencies of @effect/cli (yaml, toml, ini) call `require` for Node's modules
  banner: {
    js: 'import { createRequire as __bundleRequire } from "node:module"; const require = __bundleRequire(import.meta.url);'
  },
  plugins: [lazyFileParsers],
  metafile: true,
  logLevel: "warning"
})

// The builds the bundle was made from: each workspace package's (and this one's) tsbuildinfo,
// relative to the bundle. A `tsc -b` after the bundle makes it stale, and bin.js then leaves it.
const builds = new Set()
for (const input of Object.keys(result.metafile.inputs)) {
  const file = path.resolve(root, input)
  if (file.includes(`${path.sep}node_modules${path.sep}`)) continue
  const dist = file.lastIndexOf(`${path.sep}dist${path.sep}`)
  if (dist < 0) continue
  builds.add(path.relative(out, path.join(file.slice(0, dist), "dist", "tsconfig.build.tsbuildinfo")))
}
writeFileSync(path.join(out, "sources.json"), `${JSON.stringify([...builds].sort(), null, 1)}\n`)
