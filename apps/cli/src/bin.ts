#!/usr/bin/env node
import * as Help from "./Help.js"
// Loads as little as it can: `--help` and `--version` are answered from `Help` (no effect, no
// generator); a command loads the command line, and each command loads only its own work — from
// the bundle (`internal/bundle.ts`) for the commands that generate and check datasets.
import * as Bundle from "./internal/bundle.js"
import { userDirectory } from "./internal/cwd.js"

// `pnpm retail-datagen …` runs from the workspace root: go back to where the user is.
const home = userDirectory(process.env)
if (home !== undefined) process.chdir(home)

// A closed pipe (`retail-datagen generate | head`) is not a failure: the output stops, the work
// goes on (a generation still completes its dataset).
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e
  process.stdout.write = () => true
})

const answer = Help.answer(process.argv.slice(2))
if (answer !== undefined) process.stdout.write(answer.endsWith("\n") ? answer : `${answer}\n`)
else await import(Bundle.entry(process.argv.slice(2)) ?? "./internal/main.js")
