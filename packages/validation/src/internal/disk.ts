/**
 * Reading a dataset directory (DATA-CONTRACT §1 layout) into a session, file by file and chunk
 * by chunk: `master/<table>.csv`, then per day (ascending) the day's partition of every fact
 * table, `facts/<table>/dt=YYYY-MM-DD/<table>_YYYYMMDD.csv`, in feed order. Unexpected files are
 * findings; Parquet partitions are noted as not read yet. Nothing here throws on bad input.
 */
import { createReadStream } from "node:fs"
import { readdir } from "node:fs/promises"
import { join } from "node:path"
import { Calendar } from "@retail-datagen/core"
import { CsvParser } from "./csv.js"
import { CsvTable } from "./readers.js"
import type { Session } from "./session.js"
import * as S from "./spec.js"

const CHUNK_BYTES = 1 << 20

/** Streams one CSV file into the session; read errors become findings. */
export const readCsv = async (
  session: Session,
  root: string,
  rel: string,
  spec: S.TableSpec
): Promise<void> => {
  const source = session.source(rel)
  const sink = new CsvTable(spec, source, session.format, (chunk) =>
    spec.fact ? session.fact(chunk) : session.master(chunk)
  )
  const parser = new CsvParser(sink)
  let empty = true
  try {
    const stream = createReadStream(join(root, rel), { highWaterMark: CHUNK_BYTES })
    for await (const buf of stream) {
      if ((buf as Buffer).length > 0) empty = false
      parser.push(buf as Buffer)
      if (parser.stopped) {
        stream.destroy()
        break
      }
    }
    parser.end()
  } catch (e) {
    session.format.add(spec.name, source, 0, `cannot read: ${(e as Error).message}`)
    return
  }
  if (empty) session.format.add(spec.name, source, 0, "empty file: no header row")
  else sink.flush()
}

const list = async (dir: string): Promise<Array<{ name: string; dir: boolean }> | undefined> => {
  try {
    const entries = await readdir(dir, { withFileTypes: true })
    return entries
      .map((e) => ({ name: e.name, dir: e.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
  } catch {
    return undefined
  }
}

const DT = /^dt=(\d{4}-\d{2}-\d{2})$/

/** Validates `root` into `session`. */
export const readDirectory = async (session: Session, root: string): Promise<void> => {
  const format = session.format
  // master data
  const master = await list(join(root, "master"))
  if (master === undefined) format.note("no master/ directory: dimension checks skipped")
  else {
    const names = new Set(master.filter((e) => !e.dir).map((e) => e.name))
    let parquet = 0
    for (const spec of S.MASTER) {
      if (names.has(`${spec.name}.parquet`)) parquet++
      if (!names.has(`${spec.name}.csv`)) continue
      session.provideMaster(spec)
      await readCsv(session, root, `master/${spec.name}.csv`, spec)
    }
    if (parquet > 0)
      format.note(`${parquet} Parquet master file(s) not read (Parquet input is not supported yet)`)
    for (const e of master) {
      const known = S.MASTER.some((t) => e.name === `${t.name}.csv` || e.name === `${t.name}.parquet`)
      if (!known) format.note(`master/${e.name} ignored: not a contract table`)
    }
  }
  // fact partitions: table → day → file
  const factsDir = await list(join(root, "facts"))
  if (factsDir === undefined) {
    format.note("no facts/ directory: fact checks skipped")
    return
  }
  const files = new Map<string, Map<number, string>>()
  let parquet = 0
  for (const e of factsDir) {
    const spec = S.byName.get(e.name)
    if (spec === undefined || !spec.fact || !e.dir) {
      format.note(`facts/${e.name} ignored: not a contract fact table`)
      continue
    }
    const days = new Map<number, string>()
    files.set(spec.name, days)
    for (const part of (await list(join(root, "facts", e.name))) ?? []) {
      const rel = `facts/${e.name}/${part.name}`
      const m = DT.exec(part.name)
      if (m === null || !part.dir || !Calendar.isValid(m[1]!)) {
        format.add(
          spec.name,
          session.source(rel),
          0,
          "unexpected entry: partitions are dt=YYYY-MM-DD directories"
        )
        continue
      }
      const day = Calendar.parse(m[1]!)
      const csv = `${spec.name}_${Calendar.compact(day)}.csv`
      for (const file of (await list(join(root, rel))) ?? []) {
        if (file.name === csv && !file.dir) days.set(day, `${rel}/${csv}`)
        else if (file.name === `${spec.name}_${Calendar.compact(day)}.parquet`) parquet++
        else
          format.add(
            spec.name,
            session.source(`${rel}/${file.name}`),
            0,
            `unexpected file: the partition file is ${csv}`
          )
      }
    }
  }
  if (parquet > 0)
    format.note(`${parquet} Parquet partition(s) not read (Parquet input is not supported yet)`)
  const allDays = [...new Set([...files.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b)
  const provided = [...files.keys()]
  for (const day of allDays) {
    session.beginDay(day, provided)
    for (const spec of S.FACTS) {
      const rel = files.get(spec.name)?.get(day)
      if (rel !== undefined) await readCsv(session, root, rel, spec)
    }
    session.endDay()
  }
}
