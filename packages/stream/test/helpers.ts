import * as fs from "node:fs"
import * as net from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import { Config } from "@retail-datagen/config"
import { Effect } from "effect"

/** A fresh temporary directory. */
export const tempDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), "rdg-stream-"))

/** A tiny configuration writing under `dir`. */
export const tinyConfig = (dir: string, overrides: Config.Overrides = {}): Config.Config =>
  Effect.runSync(
    Config.merge(
      Effect.runSync(
        Config.decode({
          seed: 7,
          volume: {
            stores: 4,
            dcs: 2,
            customers: 300,
            products: 150,
            geographies: 20,
            customers_per_day: 60
          },
          dates: { start: "2024-11-28", end: "2024-11-30" },
          paths: { master: path.join(dir, "master"), facts: path.join(dir, "facts") }
        })
      ),
      overrides
    )
  )

/**
 * An HTTP client that sends `GET path` to `port` (with `headers`) and never reads the answer: its
 * socket is paused, so what the server writes piles up in the kernel's buffers, then in the
 * server's. `destroy()` it at the end.
 */
export const stalledClient = (
  port: number,
  path: string,
  headers: Record<string, string> = {}
): Promise<net.Socket> =>
  new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1")
    socket.pause()
    socket.once("error", reject)
    socket.once("connect", () => {
      const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`)
      socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n${lines.join("")}\r\n`, () =>
        resolve(socket)
      )
    })
  })

/**
 * The messages of an SSE body as `[id, data]` pairs, in order (blocks without data, such as the
 * preamble's comment, left out). Shared by the CLI's and the server's SSE tests.
 */
export const sseMessages = (text: string): Array<[string, string]> =>
  text
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => {
      const lines = block.split("\n")
      const field = (name: string) => lines.find((l) => l.startsWith(`${name}: `))!.slice(name.length + 2)
      return [field("id"), field("data")]
    })
