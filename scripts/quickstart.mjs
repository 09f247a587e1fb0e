#!/usr/bin/env node
// `npm run quickstart [-- generate options]`: set up (install, build), then generate the default
// dataset into ./data with the command line just built.
import { setup } from "./bootstrap.mjs"
import { step } from "./steps.mjs"

await setup(3)
const args = ["apps/cli/dist/bin.js", "generate", ...process.argv.slice(2)]
await step(3, 3, "generating the default dataset into ./data", process.execPath, args, { inherit: true })
