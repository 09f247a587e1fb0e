/**
 * A file being written under a temporary name next to its target, then made visible by an
 * atomic rename: `open` → `append`* → `commit`, or `abort` to leave nothing behind. Each step
 * that fails throws a `StepError` telling which step it was.
 */
import { createHash, type Hash } from "node:crypto"
import * as fs from "node:fs/promises"
import * as path from "node:path"
import type { Batch, Table } from "@retail-datagen/core"
import * as Csv from "../Csv.js"
import * as Directory from "../Directory.js"
import type { Format } from "../Layout.js"
import * as Ndjson from "../Ndjson.js"
import type { Operation } from "../SinkError.js"
import type { ChunkedEncoder } from "./Chunked.js"
import { ParquetWriter } from "./ParquetWriter.js"

/** A failure of one step of a file write. */
export class StepError extends Error {
  readonly operation: Operation
  override readonly cause: unknown
  /** The file or directory of the step, when it is not the file being written (`publish`). */
  readonly target: string | undefined
  constructor(operation: Operation, cause: unknown, target?: string) {
    super(cause instanceof Error ? cause.message : String(cause))
    this.operation = operation
    this.cause = cause
    this.target = target
  }
}

const step = async <A>(operation: Operation, f: () => Promise<A>, target?: string): Promise<A> => {
  try {
    return await f()
  } catch (e) {
    throw e instanceof StepError ? e : new StepError(operation, e, target)
  }
}

export interface Written {
  readonly path: string
  readonly rows: number
  readonly bytes: number
  readonly checksum: string
}

export interface Options {
  /** Size of the buffers CSV and NDJSON are encoded into and written from (default 1 MiB). */
  readonly chunkSize?: number
}

const writeAll = async (fh: fs.FileHandle, chunk: Uint8Array): Promise<void> => {
  let off = 0
  while (off < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.length - off)
    off += bytesWritten
  }
}

/** fsyncs a file written and closed earlier. */
const syncFile = async (file: string): Promise<void> => {
  const fh = await fs.open(file, "r+")
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** fsyncs in flight at once when publishing: enough to keep the libuv pool's threads busy. */
const SYNC_CONCURRENCY = 8

/** Runs `f` over `items`, at most `limit` at a time; waits for all, then throws the first failure. */
const eachLimited = async <A>(
  items: ReadonlyArray<A>,
  limit: number,
  f: (a: A) => Promise<unknown>
): Promise<void> => {
  let next = 0
  let failure: { readonly e: unknown } | undefined
  const lane = async () => {
    while (next < items.length && failure === undefined) {
      const item = items[next++]!
      try {
        await f(item)
      } catch (e) {
        failure ??= { e }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  if (failure !== undefined) throw failure.e
}

const sha256File = async (file: string): Promise<{ checksum: string; bytes: number }> => {
  const hash = createHash("sha256")
  const fh = await fs.open(file, "r")
  try {
    const buf = Buffer.allocUnsafe(1 << 20)
    let bytes = 0
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null)
      if (bytesRead === 0) break
      hash.update(buf.subarray(0, bytesRead))
      bytes += bytesRead
    }
    return { checksum: hash.digest("hex"), bytes }
  } finally {
    await fh.close()
  }
}

const ignoreErrors = async (f: () => Promise<unknown>): Promise<void> => {
  try {
    await f()
  } catch {
    // cleanup is best effort
  }
}

type Sink =
  | {
      readonly _tag: "text"
      readonly fh: fs.FileHandle
      readonly encoder: ChunkedEncoder
      readonly hash: Hash
    }
  | { readonly _tag: "parquet"; readonly writer: ParquetWriter }

export class PendingFile {
  readonly target: string
  readonly temp: string
  readonly table: Table.Table
  readonly format: Format
  private readonly createdDir: string | undefined
  private readonly sink: Sink
  private state: "open" | "sealed" | "committed" | "aborted" = "open"
  private busy: Promise<unknown> = Promise.resolve()

  private constructor(
    target: string,
    temp: string,
    table: Table.Table,
    format: Format,
    createdDir: string | undefined,
    sink: Sink
  ) {
    this.target = target
    this.temp = temp
    this.table = table
    this.format = format
    this.createdDir = createdDir
    this.sink = sink
  }

  /** Creates the directory if needed and the temporary file (`.<name>.tmp-<pid>-<random>`). */
  static async open(
    target: string,
    table: Table.Table,
    format: Format,
    options: Options = {}
  ): Promise<PendingFile> {
    const dir = path.dirname(target)
    const temp = Directory.tempName(target)
    const createdDir = await step("mkdir", () => Directory.create(dir))
    const fh = await step("open", () => fs.open(temp, "wx", 0o644))
    try {
      if (format === "parquet") {
        // The empty file reserves the name and proves the directory writable; DuckDB replaces it.
        await step("open", () => fh.close())
        const writer = await step("parquet", () => ParquetWriter.open(table))
        return new PendingFile(target, temp, table, format, createdDir, { _tag: "parquet", writer })
      }
      const encoder =
        format === "csv"
          ? Csv.encoder(table, options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize })
          : Ndjson.encoder(table, options.chunkSize === undefined ? {} : { chunkSize: options.chunkSize })
      return new PendingFile(target, temp, table, format, createdDir, {
        _tag: "text",
        fh,
        encoder,
        hash: createHash("sha256")
      })
    } catch (e) {
      await ignoreErrors(() => fh.close())
      await ignoreErrors(() => fs.unlink(temp))
      throw e
    }
  }

  get rows(): number {
    return this.sink._tag === "text" ? this.sink.encoder.rows : this.sink.writer.rows
  }

  private track<A>(p: Promise<A>): Promise<A> {
    this.busy = p.catch(() => undefined)
    return p
  }

  private ensureOpen(): void {
    if (this.state !== "open") throw new StepError("write", new Error(`the file is already ${this.state}`))
  }

  /** Encodes and writes (or, for Parquet, stages) a batch; stops early when `signal` aborts. */
  append(batch: Batch.Batch, signal?: AbortSignal): Promise<void> {
    this.ensureOpen()
    return this.track(this.appendNow(batch, signal))
  }

  private async appendNow(batch: Batch.Batch, signal: AbortSignal | undefined): Promise<void> {
    const sink = this.sink
    if (sink._tag === "parquet") {
      let source: ReturnType<ParquetWriter["prepare"]>
      try {
        source = sink.writer.prepare(batch)
      } catch (e) {
        throw new StepError("encode", e)
      }
      await step("parquet", () => sink.writer.insert(source))
      return
    }
    // Double buffering: chunk k is written (on the libuv pool) while chunk k + 1 is encoded;
    // the encoder only reuses chunk k's buffer once chunk k + 1 has been handed out.
    const chunks = sink.encoder.write(batch)
    let inflight: Promise<void> | undefined
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array, void>
        try {
          next = chunks.next()
        } catch (e) {
          throw new StepError("encode", e)
        }
        if (next.done === true) break
        const chunk = next.value
        sink.hash.update(chunk)
        if (inflight !== undefined) await inflight
        if (signal?.aborted === true) throw new StepError("write", new Error("interrupted"))
        inflight = step("write", () => writeAll(sink.fh, chunk))
        // A failure surfaces at the next await; keep it from being reported as unhandled first.
        inflight.catch(() => undefined)
      }
    } catch (e) {
      // Settle the write in flight before reporting the first failure.
      if (inflight !== undefined) await inflight.catch(() => undefined)
      throw e
    }
    if (inflight !== undefined) await inflight
  }

  /** Finishes the file, syncs it, renames it into place and syncs the directory. */
  async commit(): Promise<Written> {
    const sealed = await this.seal()
    await PendingFile.publish([this])
    return sealed
  }

  /**
   * Finishes the file under its temporary name — not synced, not visible — and tells what it
   * holds (under the final path). `publish` makes it durable and visible.
   */
  seal(): Promise<Written> {
    this.ensureOpen()
    return this.track(this.sealNow())
  }

  private async sealNow(): Promise<Written> {
    const sink = this.sink
    let checksum: string
    let bytes: number
    if (sink._tag === "text") {
      const last = sink.encoder.end()
      sink.hash.update(last)
      await step("write", () => writeAll(sink.fh, last))
      await step("write", () => sink.fh.close())
      checksum = sink.hash.digest("hex")
      bytes = sink.encoder.byteCount
    } else {
      await step("parquet", () => sink.writer.copyTo(this.temp))
      sink.writer.close()
      ;({ checksum, bytes } = await step("checksum", () => sha256File(this.temp)))
    }
    this.state = "sealed"
    return { path: this.target, rows: this.rows, bytes, checksum }
  }

  /**
   * Makes sealed files durable and visible together: every temporary file is fsynced (several
   * at once), then renamed into place, then each directory that gained an entry is fsynced
   * once — the cost of a group of files is one fsync each plus one per directory, not three
   * each. On a failure the files not yet renamed are removed and those renamed are taken back
   * (none stays that may vanish in a crash); the first failure is thrown.
   */
  static async publish(files: ReadonlyArray<PendingFile>, concurrency = SYNC_CONCURRENCY): Promise<void> {
    for (const f of files) {
      if (f.state !== "sealed")
        throw new StepError("write", new Error(`${f.target} is ${f.state}, not sealed`))
    }
    const renamed: Array<PendingFile> = []
    try {
      await eachLimited(files, concurrency, (f) => step("fsync", () => syncFile(f.temp), f.target))
      for (const f of files) {
        await step("rename", () => fs.rename(f.temp, f.target), f.target)
        f.state = "committed"
        renamed.push(f)
      }
      const dirs = new Set<string>()
      for (const f of files) {
        const dir = path.dirname(f.target)
        dirs.add(dir)
        // Each directory this file's open created is a new entry of its parent.
        if (f.createdDir !== undefined) {
          for (let d = dir; ; d = path.dirname(d)) {
            dirs.add(path.dirname(d))
            if (d === f.createdDir || path.dirname(d) === d) break
          }
        }
      }
      await eachLimited([...dirs], concurrency, (d) => step("fsync", () => Directory.sync(d), d))
    } catch (e) {
      // Not durable: take the renamed files back rather than leave partitions that may vanish.
      for (const f of renamed) await ignoreErrors(() => fs.unlink(f.target))
      for (const f of files) if (f.state === "sealed") await f.abort()
      throw e
    }
  }

  /** `abort` of a file still being written; a sealed file is left to its publisher. */
  async abortOpen(): Promise<void> {
    if (this.state === "open") await this.abort()
  }

  /** Removes the temporary file after any running step settles. Idempotent; never fails. */
  async abort(): Promise<void> {
    if (this.state !== "open" && this.state !== "sealed") return
    const wasOpen = this.state === "open"
    this.state = "aborted"
    if (wasOpen && this.sink._tag === "parquet") this.sink.writer.interrupt()
    await this.busy
    if (this.sink._tag === "text") {
      const fh = this.sink.fh
      await ignoreErrors(() => fh.close())
    } else {
      this.sink.writer.close()
    }
    await ignoreErrors(() => fs.unlink(this.temp))
  }
}
