import { readFileSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import * as Duck from "../src/internal/Duck.js"

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  peerDependencies: Record<string, string>
  peerDependenciesMeta: Record<string, { optional: boolean }>
}

describe("DuckDB is an optional peer", () => {
  it("is declared as an optional peer of the version the message asks for", () => {
    expect(manifest.peerDependencies[Duck.PACKAGE]).toBe(Duck.VERSION)
    expect(manifest.peerDependenciesMeta[Duck.PACKAGE]?.optional).toBe(true)
  })

  it("a missing package becomes an error that says what to install", async () => {
    const error = await Duck.load("@duckdb/no-such-package").catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe(
      `Parquet needs the optional package @duckdb/node-api, which is not installed (npm install @duckdb/node-api@${Duck.VERSION}; the retail-datagen CLI includes it)`
    )
  })

  it("loads the installed package", async () => {
    const api = await Duck.load()
    expect(typeof api.DuckDBInstance.create).toBe("function")
  })
})
