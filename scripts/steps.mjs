// Numbered steps for the setup scripts: "[2/3] building 12 packages… 14 s", one line per step.
// A step's own output is kept back and shown only when it fails (or when a line is a warning),
// so a newcomer sees what is happening and nothing they have to interpret.
import { spawn } from "node:child_process"
import { root } from "./workspace.mjs"

const tty = process.stdout.isTTY === true
const seconds = (start) => `${((performance.now() - start) / 1000).toFixed(1)} s`

/**
 * Runs `command args` as step `index` of `total`, printing `[index/total] label…` and, when done,
 * the elapsed time. Lines of its output matching `show` (warnings, by default) are printed as they
 * come; everything else is printed only if the command fails, and then the process exits with its
 * status (with `mayFail`, the step resolves with the exit code instead). With `inherit`, the
 * command writes straight to the terminal.
 */
export const step = (index, total, label, command, args, options = {}) =>
  new Promise((resolve) => {
    const head = `[${index}/${total}] ${label}`
    const start = performance.now()
    const live = tty && !options.inherit
    // On a terminal the step's line carries a ticking clock; in a log, a line every 30 s.
    const redraw = () => process.stdout.write(`\r\x1b[K${head}… ${seconds(start)}`)
    if (live) process.stdout.write(`${head}…`)
    else console.log(`${head}…`)
    const child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1", ...options.env },
      stdio: options.inherit ? "inherit" : ["ignore", "pipe", "pipe"]
    })
    const kept = []
    const show = options.show ?? /\bwarn(ing)?\b|\berr(or)?\b|deprecated/i
    let partial = ""
    let box = false // inside a boxed notice (╭ … ╰), shown whole
    const onData = (chunk) => {
      const lines = (partial + chunk).split("\n")
      partial = lines.pop()
      for (const line of lines) {
        kept.push(line)
        if (/^\s*╭/.test(line)) box = true
        const shown = box || show.test(line)
        if (/^\s*╰/.test(line)) box = false
        if (!shown) continue
        if (live) process.stdout.write(`\r\x1b[K      ${line}\n`)
        else console.log(`      ${line}`)
        if (live) redraw()
      }
    }
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8") // a character split across chunks stays whole
      stream?.on("data", onData)
    }
    const timer = options.inherit
      ? undefined
      : setInterval(live ? redraw : () => console.log(`${head}… still running after ${seconds(start)}`), live ? 1000 : 30_000)
    child.on("close", (code, signal) => {
      clearInterval(timer)
      if (partial !== "") kept.push(partial)
      if (live) process.stdout.write("\r\x1b[K")
      if (code === 0) {
        console.log(`${head} — done in ${seconds(start)}`)
        return resolve({ code: 0, seconds: (performance.now() - start) / 1000 })
      }
      if (options.mayFail) {
        console.log(`${head} — failed after ${seconds(start)}`)
        return resolve({ code: code ?? 1, seconds: (performance.now() - start) / 1000 })
      }
      if (!options.inherit) console.log(kept.join("\n"))
      console.log(`${head} — failed after ${seconds(start)} (${signal ?? `exit code ${code}`}): ${command} ${args.join(" ")}`)
      process.exit(code ?? 1)
    })
  })
