// Bundles the console (Preact + uPlot) into dist/console: app.js, app.css, index.html. No CDN.
import { copyFileSync, mkdirSync } from "node:fs"
import * as esbuild from "esbuild"

const here = new URL(".", import.meta.url)
const out = new URL("../dist/console/", import.meta.url)
mkdirSync(out, { recursive: true })
await esbuild.build({
  entryPoints: [new URL("app.jsx", here).pathname],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  jsx: "automatic",
  jsxImportSource: "preact",
  outfile: new URL("app.js", out).pathname,
  logLevel: "warning"
})
copyFileSync(new URL("index.html", here), new URL("index.html", out))
