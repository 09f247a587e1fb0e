/**
 * Progress of a run as a display needs it — phase, current day, tables done of the current day,
 * rows, rows/s, ETA — folded from the run's events. A terminal progress line, a log line per
 * day or a server's status document (DATA-CONTRACT §8) read the same snapshot.
 *
 * @example
 * import { Generator, Progress } from "@retail-datagen/generator"
 * const tracker = Progress.tracker()
 * const onEvent = (e: Generator.Event) => Effect.sync(() => {
 *   const s = tracker.update(e, Date.now())
 *   process.stdout.write(`\r${Progress.line(s)}`)
 * })
 */
import { Calendar } from "@retail-datagen/core"
import type { Event } from "./Generator.js"

/** What a progress display shows. */
export interface Snapshot {
  readonly phase: "starting" | "master" | "facts" | "done"
  /** Master tables written so far, and how many there are. */
  readonly masterTablesDone: number
  readonly masterTables: number
  /** Fact tables whose file of the current day is written, and how many there are. */
  readonly tablesDone: number
  readonly tables: number
  /** The day being generated (`YYYY-MM-DD`), once known. */
  readonly day: string | undefined
  /** Days committed by this run, and how many it generates. */
  readonly daysDone: number
  readonly days: number
  /** Fact rows and bytes committed so far. */
  readonly rows: number
  readonly bytes: number
  /** Fact rows per second since the fact phase began (0 before there is a measure). */
  readonly rowsPerSecond: number
  /** Estimated seconds left from the pace of the days done (`undefined` before the first day). */
  readonly etaSeconds: number | undefined
  /** Fraction done, 0…1. */
  readonly fraction: number
}

/** Folds events into snapshots; `now` is a millisecond clock reading. */
export interface Tracker {
  update(event: Event, now: number): Snapshot
  readonly snapshot: Snapshot
}

const initial: Snapshot = {
  phase: "starting",
  masterTablesDone: 0,
  masterTables: 0,
  tablesDone: 0,
  tables: 0,
  day: undefined,
  daysDone: 0,
  days: 0,
  rows: 0,
  bytes: 0,
  rowsPerSecond: 0,
  etaSeconds: undefined,
  fraction: 0
}

/** A new tracker. */
export const tracker = (): Tracker => {
  let s = initial
  let factsStartedAt: number | undefined
  let first: Calendar.EpochDay | undefined
  return {
    get snapshot() {
      return s
    },
    update(event, now) {
      switch (event._tag) {
        case "MasterWritten":
          s = { ...s, phase: "master", masterTablesDone: event.index + 1, masterTables: event.tables }
          break
        case "PipelineStarted":
          factsStartedAt = now
          first = event.firstDay
          s = {
            ...s,
            phase: "facts",
            tables: event.tables.length,
            days: event.days,
            day: event.days > 0 ? Calendar.format(event.firstDay) : undefined
          }
          break
        case "FileWritten":
          s = {
            ...s,
            tablesDone: Math.min(s.tables, s.tablesDone + 1),
            day: Calendar.format(event.day)
          }
          break
        case "DayCommitted": {
          const elapsed = factsStartedAt === undefined ? 0 : (now - factsStartedAt) / 1000
          const daysDone = event.index + 1
          const rows = s.rows + event.rows
          const next = first === undefined ? undefined : event.day + 1
          s = {
            ...s,
            tablesDone: 0,
            daysDone,
            rows,
            bytes: s.bytes + event.bytes,
            day:
              next === undefined || daysDone >= event.days
                ? Calendar.format(event.day)
                : Calendar.format(next),
            rowsPerSecond: elapsed > 0 ? rows / elapsed : 0,
            etaSeconds: (elapsed / daysDone) * (event.days - daysDone),
            fraction: event.days > 0 ? daysDone / event.days : 1
          }
          break
        }
        case "Finished":
          s = { ...s, phase: "done", fraction: 1, etaSeconds: 0, tablesDone: s.tables }
          break
        default:
          break
      }
      return s
    }
  }
}

/**
 * `n` rounded, with commas between thousands (`1,234,567`): what `toLocaleString("en-US")` prints,
 * without its first call's cost of loading the locale data (tens of milliseconds at start-up);
 * a value that rounds to −0 prints `0`.
 *
 * @example
 * Progress.thousands(1234567.4) // "1,234,567"
 */
export const thousands = (n: number): string => {
  const digits = String(Math.abs(Math.round(n)))
  let out = ""
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ","
    out += digits[i]
  }
  return Math.round(n) < 0 ? `-${out}` : out
}

const int = thousands

const duration = (seconds: number): string => {
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const m = Math.floor(seconds / 60)
  if (m < 60) return `${m} min ${Math.ceil(seconds - m * 60)} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

/**
 * One line for a terminal: `master 3/8 tables`, or
 * `facts 2024-01-05 · day 5/30 · tables 3/9 · 123,456 rows · 45,678 rows/s · ETA 12 s`.
 */
export const line = (s: Snapshot): string => {
  if (s.phase === "starting") return "starting…"
  if (s.phase === "master") return `master ${s.masterTablesDone}/${s.masterTables} tables`
  const parts = [
    `facts ${s.day ?? ""}`.trimEnd(),
    `day ${Math.min(s.daysDone + (s.phase === "done" ? 0 : 1), s.days)}/${s.days}`,
    `tables ${s.tablesDone}/${s.tables}`,
    `${int(s.rows)} rows`,
    `${int(s.rowsPerSecond)} rows/s`
  ]
  if (s.etaSeconds !== undefined && s.phase !== "done") parts.push(`ETA ${duration(s.etaSeconds)}`)
  return parts.join(" · ")
}
