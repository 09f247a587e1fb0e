// The programs some tests start, from Debian's packages: the brokers of the live-stream sink tests,
// Chromium for the browser tests (server console, realism report), curl and jq for the README
// examples. `npm test` installs the missing ones with apt (as root, or through sudo), so a fresh
// machine with Node 20 and npm needs nothing else.
import { execFileSync } from "node:child_process"
import { existsSync } from "node:fs"
import { step } from "./steps.mjs"

/** Debian package → how to tell it is there. */
const NEEDED = {
  "nats-server": () => onPath("nats-server"),
  "redis-server": () => onPath("redis-server"),
  chromium: () => existsSync("/usr/bin/chromium"),
  curl: () => onPath("curl"),
  jq: () => onPath("jq")
}

const onPath = (program) => {
  try {
    execFileSync("sh", ["-c", `command -v ${program}`], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

/** The Debian packages that are missing. */
export const missing = () => Object.keys(NEEDED).filter((name) => !NEEDED[name]())

/** Installs the missing packages as step `index` of `total`; says what to do when it cannot. */
export const ensure = async (index, total) => {
  const wanted = missing()
  if (wanted.length === 0) return
  const root = process.getuid?.() === 0
  if (!onPath("apt-get") || (!root && !onPath("sudo"))) {
    console.error(
      `[${index}/${total}] the tests need ${wanted.join(", ")}; install them (Debian: apt-get install ${wanted.join(" ")}) and run again`
    )
    process.exit(1)
  }
  const apt = (args) => (root ? ["apt-get", args] : ["sudo", ["apt-get", ...args]])
  const env = { DEBIAN_FRONTEND: "noninteractive" }
  const [updateCommand, updateArgs] = apt(["update", "-qq"])
  await step(index, total, "updating the list of system packages (apt)", updateCommand, updateArgs, { env })
  const [installCommand, installArgs] = apt(["install", "-y", "-qq", ...wanted])
  await step(index, total, `installing ${wanted.join(", ")} (apt)`, installCommand, installArgs, { env })
}
