import { createHash } from "node:crypto"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { afterAll } from "vitest"
import { AtomicFile, Directory, SinkError } from "../src/index.js"

const root = mkdtempSync(join(tmpdir(), "atomic-file-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe("AtomicFile.write", () => {
  it.effect(
    "writes the text (creating the directory), returns its size and SHA-256, leaves no temporary file",
    () =>
      Effect.gen(function* () {
        const target = join(root, "a", "b", "_manifest.json")
        const text = '{ "days": ["2024-01-01"] }\n'
        const written = yield* AtomicFile.write(target, text)
        expect(readFileSync(target, "utf8")).toBe(text)
        expect(written).toStrictEqual({
          bytes: Buffer.byteLength(text),
          checksum: createHash("sha256").update(text).digest("hex")
        })
        yield* AtomicFile.write(target, "replaced\n")
        expect(readFileSync(target, "utf8")).toBe("replaced\n")
        expect(readdirSync(join(root, "a", "b"))).toStrictEqual(["_manifest.json"])
      })
  )

  it.effect("a failed rename leaves no temporary file and names the path and the step", () =>
    Effect.gen(function* () {
      const dir = join(root, "c")
      const target = join(dir, "state")
      mkdirSync(join(target, "inside"), { recursive: true }) // a non-empty directory cannot be replaced
      const error = yield* Effect.flip(AtomicFile.write(target, "x"))
      expect(error).toBeInstanceOf(SinkError.SinkError)
      expect(error.path).toBe(target)
      expect(error.operation).toBe("rename")
      expect(readdirSync(dir)).toStrictEqual(["state"])
    })
  )

  it.effect("a file where the directory should be is reported as such", () =>
    Effect.gen(function* () {
      const blocker = join(root, "blocker")
      writeFileSync(blocker, "")
      const error = yield* Effect.flip(AtomicFile.write(join(blocker, "f.json"), "x"))
      expect(error.operation).toBe("mkdir")
      expect(error.path).toBe(blocker)
    })
  )
})

describe("Directory temporary names", () => {
  it("a temporary name of this process is not stale; one of a process that no longer runs is", () => {
    const mine = Directory.tempName(join(root, "x.csv"))
    expect(mine.startsWith(join(root, ".x.csv.tmp-"))).toBe(true)
    const name = mine.slice(root.length + 1)
    expect(Directory.isStaleTemp(name)).toBe(false)
    // pid 2^22 + 1 is above Linux's pid_max default ceiling (2^22), so no process has it
    expect(Directory.isStaleTemp(`.x.csv.tmp-${2 ** 22 + 1}-abc123`)).toBe(true)
    expect(Directory.isStaleTemp("x.csv")).toBe(false)
  })
})
