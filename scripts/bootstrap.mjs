#!/usr/bin/env node
// One-step setup for a fresh machine with only Node 20 + npm: makes sure the pinned pnpm is on
// PATH, installs the workspace and builds every package. Idempotent and quick when nothing changed.
import { execSync } from "node:child_process"
import { readFileSync } from "node:fs"

const root = new URL("..", import.meta.url).pathname
const wanted = JSON.parse(readFileSync(`${root}package.json`, "utf8")).packageManager.split("@")[1]
const sh = (cmd) => execSync(cmd, { cwd: root, stdio: "inherit", env: process.env })
const quiet = (cmd) => {
  try {
    return execSync(cmd, { cwd: root, stdio: ["ignore", "pipe", "ignore"] }).toString().trim()
  } catch {
    return ""
  }
}

if (quiet("pnpm --version") !== wanted) {
  console.log(`[bootstrap] installing pnpm ${wanted} (corepack cannot verify signatures here)`)
  sh(`npm install --global --no-fund --no-audit pnpm@${wanted}`)
}
sh("pnpm install --frozen-lockfile --prefer-offline")
sh("pnpm exec turbo run build --output-logs=errors-only")
