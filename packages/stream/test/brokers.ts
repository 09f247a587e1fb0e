// Shared by the broker sink packages' tests (stream-nats, stream-redis).
/** Starts and stops real brokers (Debian `nats-server`, `redis-server`) on free loopback ports for tests. */
import { type ChildProcess, spawn } from "node:child_process"
import * as net from "node:net"

/** A free TCP port on 127.0.0.1. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer()
    s.on("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const c = net.connect(port, "127.0.0.1")
    c.once("connect", () => {
      c.destroy()
      resolve(true)
    })
    c.once("error", () => resolve(false))
  })

/** A broker process that can be stopped and started again on the same port and data directory. */
export interface Broker {
  readonly port: number
  readonly start: () => Promise<void>
  readonly stop: () => Promise<void>
}

export const broker = (command: string, args: ReadonlyArray<string>, port: number): Broker => {
  let child: ChildProcess | undefined
  return {
    port,
    start: async () => {
      child = spawn(command, args, { stdio: "ignore" })
      const deadline = Date.now() + 30_000
      while (!(await accepts(port))) {
        if (Date.now() > deadline) throw new Error(`${command} did not listen on ${port}`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    stop: async () => {
      const c = child
      child = undefined
      if (c === undefined || c.exitCode !== null) return
      await new Promise<void>((resolve) => {
        c.once("exit", () => resolve())
        c.kill("SIGTERM")
      })
    }
  }
}
