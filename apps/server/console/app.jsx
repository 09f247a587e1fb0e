// The web console: config form (inline errors from /config/validate; an optional scenario and the
// baseline run to compare with), runs, live progress (SSE), rows-per-day chart (uPlot), file
// browser with preview, validation, the realism report, the comparison of a scenario run with its
// baseline (GET /runs/:id/diff: totals and daily charts); and live streams: start one, its rate
// chart (uPlot), last events, dead letters, pause / resume / stop.
// The run id (`?run=`) or the stream view (`?streams`, `?stream=`) is in the URL.
import { render } from "preact"
import { useEffect, useRef, useState } from "preact/hooks"
import uPlot from "uplot"
import "uplot/dist/uPlot.min.css"
import "./app.css"

const api = async (method, path, body) => {
  const token = sessionStorage.getItem("token")
  const res = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {})
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  let json
  try {
    json = JSON.parse(text)
  } catch {
    json = text
  }
  return { status: res.status, body: json }
}

/**
 * Reads an event stream with the token (an `EventSource` cannot send one): calls `onData` with
 * each message's `data`; returns the function that stops reading.
 */
const readEvents = (path, onData) => {
  const abort = new AbortController()
  const token = sessionStorage.getItem("token")
  ;(async () => {
    const res = await fetch(path, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: abort.signal
    })
    if (!res.ok || res.body === null) return
    const reader = res.body.getReader()
    const decoder = new TextDecoder()
    let buffer = ""
    for (;;) {
      const { value, done } = await reader.read()
      if (done) return
      buffer += decoder.decode(value, { stream: true })
      let end
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .find((l) => l.startsWith("data: "))
        buffer = buffer.slice(end + 2)
        if (data !== undefined) onData(data.slice(6))
      }
    }
  })().catch(() => undefined)
  return () => abort.abort()
}

/** The leaves of a JSON object as [path, value] (arrays and objects flattened by key). */
const leaves = (o, prefix = "") =>
  Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]
  )

const setPath = (o, path, value) => {
  const keys = path.split(".")
  const copy = structuredClone(o)
  let at = copy
  for (const k of keys.slice(0, -1)) at = at[k]
  at[keys[keys.length - 1]] = value
  return copy
}

const SECTIONS = ["seed", "volume", "dates", "output", "marketing"]

/** The error of a field of the run request (`scenario…`, `baseline`) from the server's 400/409 answer. */
const requestErrors = (r) => {
  const map = {}
  for (const p of r.body.problems ?? [{ path: r.body.path ?? "", message: r.body.message }]) {
    const field = p.path.startsWith("scenario") ? "scenario" : p.path === "baseline" ? "baseline" : undefined
    if (field !== undefined) map[field] = [...(map[field] ?? []), p.path === field ? p.message : `${p.path}: ${p.message}`]
  }
  if (r.status === 409 && r.body.message?.includes("baseline")) map.baseline = [r.body.message]
  return map
}

const ConfigForm = ({ onStarted, runs }) => {
  const [config, setConfig] = useState(undefined)
  const [raw, setRaw] = useState({})
  const [errors, setErrors] = useState({})
  const [days, setDays] = useState("2")
  const [scenario, setScenario] = useState("")
  const [baseline, setBaseline] = useState("")
  const [requestError, setRequestError] = useState({})
  const [message, setMessage] = useState("")
  useEffect(() => {
    api("GET", "/config/default").then((r) => setConfig(r.body))
  }, [])
  if (config === undefined) return <p>loading the default configuration…</p>
  const fields = leaves(config).filter(([p]) => SECTIONS.includes(p.split(".")[0]))
  const check = async (next) => {
    const r = await api("POST", "/config/validate", next)
    const map = {}
    if (r.status === 400) for (const p of r.body.problems ?? []) map[p.path] = p.message
    setErrors(map)
    return r.status === 200
  }
  const change = (path, original, text) => {
    setRaw({ ...raw, [path]: text })
    const value = typeof original === "number" && text.trim() !== "" && !Number.isNaN(Number(text)) ? Number(text) : text
    const next = setPath(config, path, value)
    setConfig(next)
    check(next)
  }
  const pick = async (e) => {
    const file = e.currentTarget.files?.[0]
    if (file !== undefined) setScenario(await file.text())
  }
  const submit = async (e) => {
    e.preventDefault()
    if (!(await check(config))) return setMessage("fix the fields marked in red")
    let parsed
    if (scenario.trim() !== "") {
      try {
        parsed = JSON.parse(scenario)
      } catch (err) {
        setRequestError({ scenario: [`not JSON: ${err.message}`] })
        return setMessage("fix the scenario")
      }
    }
    const r = await api("POST", "/runs", {
      config,
      days: Number(days),
      ...(parsed === undefined ? {} : { scenario: parsed }),
      ...(baseline === "" ? {} : { baseline })
    })
    if (r.status === 202) {
      setMessage("")
      setRequestError({})
      onStarted(r.body.id)
    } else {
      setRequestError(requestErrors(r))
      setMessage(r.body.message ?? `error ${r.status}`)
    }
  }
  const finished = runs.filter((r) => r.status === "completed")
  return (
    <form class="config" onSubmit={submit} data-testid="config-form">
      <h2>New run</h2>
      <div class="fields">
        {fields.map(([path, value]) => (
          <label key={path} class={errors[path] ? "bad" : ""}>
            <span>{path}</span>
            <input
              name={path}
              value={raw[path] ?? String(value)}
              onInput={(e) => change(path, value, e.currentTarget.value)}
            />
            {errors[path] && (
              <em class="error" data-error-for={path}>
                {errors[path]}
              </em>
            )}
          </label>
        ))}
        <label>
          <span>days</span>
          <input name="days" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
        <label class={requestError.baseline ? "bad" : ""}>
          <span>baseline (a completed run of the same configuration, to compare with)</span>
          <select name="baseline" value={baseline} onChange={(e) => setBaseline(e.currentTarget.value)}>
            <option value="">none</option>
            {finished.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id} · {r.start} … {r.end}
                {r.scenario ? " · scenario" : ""}
              </option>
            ))}
          </select>
          {requestError.baseline && (
            <em class="error" data-error-for="baseline">
              {requestError.baseline.join("\n")}
            </em>
          )}
        </label>
      </div>
      <label class={`json ${requestError.scenario ? "bad" : ""}`}>
        <span>
          scenario (JSON, optional; see docs/scenarios.md) · <input type="file" name="scenario-file" accept=".json,application/json" onChange={pick} />
        </span>
        <textarea
          name="scenario"
          rows="5"
          placeholder='{ "name": "store 1 closed", "interventions": [{ "type": "store_closed", "stores": [1], "start": "2024-01-02", "end": "2024-01-02" }] }'
          value={scenario}
          onInput={(e) => setScenario(e.currentTarget.value)}
        />
        {requestError.scenario && (
          <em class="error" data-error-for="scenario">
            {requestError.scenario.join("\n")}
          </em>
        )}
      </label>
      <button type="submit">Start run</button> <span class="message">{message}</span>
    </form>
  )
}

const Chart = ({ days }) => {
  const ref = useRef(null)
  const plot = useRef(null)
  useEffect(() => {
    const xs = days.map((_, i) => i + 1)
    const ys = days.map((d) => d.total)
    if (plot.current === null) {
      plot.current = new uPlot(
        {
          width: 480,
          height: 180,
          scales: { x: { time: false } },
          series: [{ label: "day" }, { label: "rows", stroke: "#2a6fdb", fill: "rgba(42,111,219,0.1)" }]
        },
        [xs, ys],
        ref.current
      )
    } else plot.current.setData([xs, ys])
  }, [days])
  return <div class="chart" ref={ref} data-testid="chart" />
}

const eta = (s) => (s === undefined ? "" : s < 60 ? `${Math.ceil(s)} s` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`)

const Files = ({ id }) => {
  const [files, setFiles] = useState(undefined)
  const [preview, setPreview] = useState(undefined)
  useEffect(() => {
    api("GET", `/runs/${id}/files`).then((r) => setFiles(r.body))
  }, [id])
  if (files === undefined || files.tables === undefined) return null
  const show = async (table, dt) => {
    const r = await api("GET", `/runs/${id}/tables/${table}/preview?dt=${dt}&limit=10`)
    setPreview(r.status === 200 ? r.body : { error: r.body.message })
  }
  return (
    <section class="files" data-testid="files">
      <h3>Files</h3>
      <ul>
        {files.master.map((f) => (
          <li key={f.path}>
            <a href={`/runs/${id}/files/${f.path}`}>{f.path}</a> ({f.rows} rows)
          </li>
        ))}
        {Object.entries(files.tables).map(([table, parts]) => (
          <li key={table}>
            <b>{table}</b>:{" "}
            {parts.map((p) => (
              <span key={p.path} class="part">
                <a href={`/runs/${id}/files/${p.path}`}>{p.dt}</a>{" "}
                <button type="button" data-preview={`${table}/${p.dt}`} onClick={() => show(table, p.dt)}>
                  preview
                </button>{" "}
              </span>
            ))}
          </li>
        ))}
      </ul>
      {preview?.error && <p class="error">{preview.error}</p>}
      {preview?.columns && (
        <table class="preview" data-testid="preview">
          <caption>
            {preview.table} {preview.dt}
          </caption>
          <thead>
            <tr>
              {preview.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

const fmt = (v) => (v === null ? "—" : Number.isInteger(v) ? v.toLocaleString("en-US") : v.toFixed(2))
const pctOf = (v) => (v === null || !Number.isFinite(v) ? "—" : `${v > 0 ? "+" : ""}${(v * 100).toFixed(1)} %`)

/** One metric per day for the chain: baseline solid, scenario dashed (uPlot). */
const DiffChart = ({ metric, days, base, scenario }) => {
  const ref = useRef(null)
  useEffect(() => {
    const plot = new uPlot(
      {
        title: `${metric} per day (chain)`,
        width: 480,
        height: 180,
        scales: { x: { time: false } },
        axes: [{ incrs: [1], values: (_, splits) => splits.map((i) => days[i]?.slice(5) ?? "") }, {}],
        series: [
          { label: "day", value: (_, i) => (i === null ? "" : days[i] ?? "") },
          { label: "baseline", stroke: "#2563eb" },
          { label: "scenario", stroke: "#dc2626", dash: [6, 4] }
        ]
      },
      [days.map((_, i) => i), base, scenario],
      ref.current
    )
    return () => plot.destroy()
  }, [metric, days, base, scenario])
  return <div class="chart" ref={ref} data-metric={metric} />
}

/** The effect of the run's scenario: `GET /runs/:id/diff` as per-metric totals and daily charts. */
const Compare = ({ id, base }) => {
  const [diff, setDiff] = useState(undefined)
  useEffect(() => {
    api("GET", `/runs/${id}/diff?format=json`).then((r) => setDiff(r.status === 200 ? r.body : { error: r.body.message }))
  }, [id, base])
  if (diff === undefined) return <p>comparing with {base}…</p>
  if (diff.error) return <p class="error">{diff.error}</p>
  const metrics = [...new Set(diff.cells.map((c) => c.metric))].filter((m) => !m.startsWith("rows:"))
  const days = [...new Set(diff.cells.map((c) => c.day))].sort()
  const daily = (metric, pick) =>
    days.map((d) => diff.cells.filter((c) => c.metric === metric && c.day === d).reduce((s, c) => s + pick(c), 0))
  return (
    <section class="compare" data-testid="compare">
      <h3>
        Compared with baseline{" "}
        <a href={`/?run=${base}`} data-testid="baseline-link">
          {base}
        </a>
      </h3>
      {diff.interventions.length > 0 && (
        <ul class="interventions">
          {diff.interventions.map((i, k) => (
            <li key={k}>
              {i.type} {i.start} … {i.end}
            </li>
          ))}
        </ul>
      )}
      <table class="preview" data-testid="diff-totals">
        <thead>
          <tr>
            <th>metric</th>
            <th>region</th>
            <th>baseline</th>
            <th>scenario</th>
            <th>delta</th>
            <th>relative</th>
          </tr>
        </thead>
        <tbody>
          {diff.totals
            .filter((t) => !t.metric.startsWith("rows:"))
            .map((t) => (
              <tr key={`${t.metric}|${t.dc}`} data-metric={t.metric} data-dc={t.dc}>
                <td>{t.metric}</td>
                <td>{t.dc === 0 ? "chain" : `DC ${t.dc}`}</td>
                <td class="n" data-col="base">{fmt(t.base)}</td>
                <td class="n" data-col="scenario">{fmt(t.scenario)}</td>
                <td class="n" data-col="delta">{t.delta > 0 ? `+${fmt(t.delta)}` : fmt(t.delta)}</td>
                <td class="n">{pctOf(t.relative)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      <p>
        <a href={`/runs/${id}/diff?format=html`} target="_blank" rel="noreferrer">
          the diff as a page
        </a>{" "}
        ·{" "}
        <a href={`/runs/${id}/diff?format=json`} target="_blank" rel="noreferrer">
          JSON
        </a>
      </p>
      <div class="charts" data-testid="diff-charts">
        {metrics.map((m) => (
          <DiffChart key={m} metric={m} days={days} base={daily(m, (c) => c.base)} scenario={daily(m, (c) => c.scenario)} />
        ))}
      </div>
    </section>
  )
}

const RunView = ({ id, onChanged }) => {
  const [status, setStatus] = useState(undefined)
  const [days, setDays] = useState([])
  const [validation, setValidation] = useState(undefined)
  const [comparing, setComparing] = useState(false)
  const [generation, setGeneration] = useState(0)
  useEffect(() => {
    setDays([])
    const source = new EventSource(`/runs/${id}/events`)
    source.addEventListener("status", (e) => {
      const data = JSON.parse(e.data)
      setStatus(data)
      if (data.days_committed.length > 0) setDays((d) => [...d, ...data.days_committed])
      if (["completed", "failed", "cancelled"].includes(data.status)) {
        source.close()
        onChanged()
      }
    })
    source.onerror = () => source.close()
    return () => source.close()
  }, [id, generation])
  if (status === undefined) return <p>loading run {id}…</p>
  const pct = Math.round(status.progress * 100)
  const act = async (method, path, body) => {
    const r = await api(method, path, body)
    if (r.status >= 400) alert(r.body.message)
    setGeneration((g) => g + 1)
    onChanged()
  }
  const validate = async () => {
    setValidation({ text: "validating…" })
    const r = await api("POST", `/runs/${id}/validate`)
    setValidation(r.status === 200 ? r.body : { text: r.body.message })
  }
  const over = ["completed", "failed", "cancelled"].includes(status.status)
  return (
    <section class="run" data-testid="run">
      <h2>
        Run {id} — <span data-testid="status">{status.status}</span>
      </h2>
      <p>{status.message}</p>
      <progress data-testid="progress" max="100" value={pct} /> <span data-testid="percent">{pct} %</span>{" "}
      {!over && status.estimated_seconds_remaining !== undefined && <span>ETA {eta(status.estimated_seconds_remaining)}</span>}
      <p>
        day {status.current_day ?? "—"} · {status.days_done}/{status.days} days · {status.total_rows.toLocaleString()} rows
      </p>
      <div class="actions">
        {!over && (
          <button type="button" onClick={() => act("DELETE", `/runs/${id}`)}>
            Cancel
          </button>
        )}
        {over && (
          <button type="button" onClick={() => act("POST", `/runs/${id}/continue`, {})}>
            Continue
          </button>
        )}
        {over && (
          <button type="button" onClick={() => act("POST", `/runs/${id}/continue`, { days: 1 })}>
            Extend by a day
          </button>
        )}
        {over && (
          <button type="button" onClick={validate}>
            Validate
          </button>
        )}
        {over && status.days_done > 0 && status.baseline && (
          <button type="button" data-testid="compare-button" onClick={() => setComparing((c) => !c)}>
            Compare with baseline
          </button>
        )}
        {over && status.days_done > 0 && (
          <a href={`/runs/${id}/report`} target="_blank" rel="noreferrer" data-testid="report-link">
            Realism report
          </a>
        )}
      </div>
      {(status.scenario || status.baseline) && (
        <p data-testid="scenario">
          {status.scenario && (
            <span>
              scenario {status.scenario.name ? `“${status.scenario.name}”` : ""}:{" "}
              {status.scenario.interventions.map((i) => `${i.type} ${i.start} … ${i.end}`).join("; ")}
            </span>
          )}
          {status.baseline && <span> · baseline {status.baseline}</span>}
        </p>
      )}
      {comparing && over && status.baseline && <Compare id={id} base={status.baseline} key={`${id}-${status.days_done}`} />}
      <table class="counts" data-testid="counts">
        <tbody>
          {Object.entries(status.rows).map(([t, n]) => (
            <tr key={t} data-table={t}>
              <td>{t}</td>
              <td class="n">{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Chart days={days} />
      {validation && (
        <pre class="validation" data-testid="validation">
          {validation.text}
        </pre>
      )}
      {over && <Files id={id} key={`${id}-${status.days_done}`} />}
    </section>
  )
}

const TERMINAL_STREAM = ["stopped", "completed", "failed"]
/** Held by a pause (`pausing`: its send in flight is not acknowledged yet). */
const HELD_STREAM = ["pausing", "paused"]

const StreamForm = ({ onStarted }) => {
  const [config, setConfig] = useState("{}")
  const [sink, setSink] = useState("sse")
  const [speed, setSpeed] = useState("60")
  const [days, setDays] = useState("")
  const [start, setStart] = useState("")
  const [message, setMessage] = useState("")
  const submit = async (e) => {
    e.preventDefault()
    let parsed
    try {
      parsed = JSON.parse(config)
    } catch (err) {
      return setMessage(`config: ${err.message}`)
    }
    const body = {
      config: parsed,
      sink,
      speed: speed === "max" ? "max" : Number(speed),
      ...(days.trim() === "" ? {} : { days: Number(days) }),
      ...(start.trim() === "" ? {} : { start })
    }
    const r = await api("POST", "/streams", body)
    if (r.status === 201) {
      setMessage("")
      onStarted(r.body.id)
    } else setMessage(r.body.message ?? `error ${r.status}`)
  }
  return (
    <form class="config" onSubmit={submit} data-testid="stream-form">
      <h2>New stream</h2>
      <div class="fields">
        <label>
          <span>sink</span>
          <select name="sink" value={sink} onChange={(e) => setSink(e.currentTarget.value)}>
            <option value="sse">sse (this page)</option>
            <option value="file">file</option>
          </select>
        </label>
        <label>
          <span>speed (simulated s per s, or max)</span>
          <input name="speed" value={speed} onInput={(e) => setSpeed(e.currentTarget.value)} />
        </label>
        <label>
          <span>days (empty: runs on)</span>
          <input name="stream-days" value={days} onInput={(e) => setDays(e.currentTarget.value)} />
        </label>
        <label>
          <span>start (YYYY-MM-DD, empty: dates.start)</span>
          <input name="stream-start" value={start} onInput={(e) => setStart(e.currentTarget.value)} />
        </label>
      </div>
      <label class="json">
        <span>configuration (JSON, every field optional)</span>
        <textarea name="stream-config" rows="4" value={config} onInput={(e) => setConfig(e.currentTarget.value)} />
      </label>
      <button type="submit">Start stream</button> <span class="message">{message}</span>
    </form>
  )
}

const RateChart = ({ points }) => {
  const ref = useRef(null)
  const plot = useRef(null)
  useEffect(() => {
    const data = [points.map((p) => p[0]), points.map((p) => p[1])]
    if (plot.current === null) {
      plot.current = new uPlot(
        {
          width: 480,
          height: 160,
          scales: { x: { time: false } },
          series: [{ label: "s" }, { label: "events/s", stroke: "#d0542a", fill: "rgba(208,84,42,0.1)" }]
        },
        data,
        ref.current
      )
    } else plot.current.setData(data)
  }, [points])
  return <div class="chart" ref={ref} data-testid="stream-chart" />
}

const StreamView = ({ id, onChanged }) => {
  const [status, setStatus] = useState(undefined)
  const [points, setPoints] = useState([])
  const [events, setEvents] = useState([])
  const [dead, setDead] = useState({ total: 0, dead_letters: [] })
  const latest = useRef([])
  const t0 = useRef(Date.now())
  const over = status !== undefined && TERMINAL_STREAM.includes(status.state)
  // status and rate: polled
  useEffect(() => {
    let stop = false
    const poll = async () => {
      const r = await api("GET", `/streams/${id}`)
      if (stop || r.status !== 200) return
      setStatus(r.body)
      setPoints((p) => [...p.slice(-119), [(Date.now() - t0.current) / 1000, r.body.events_per_second]])
      if (TERMINAL_STREAM.includes(r.body.state)) return onChanged()
      setTimeout(poll, 500)
    }
    poll()
    return () => {
      stop = true
    }
  }, [id])
  // the last events: the stream's SSE (an sse stream's delivery), rendered at most 4 times a second
  useEffect(() => {
    if (over) return
    const stop = readEvents(`/streams/${id}/events`, (data) => {
      const env = JSON.parse(data)
      latest.current = [...latest.current.slice(-19), { id: env.event_id, type: env.event_type, at: env.ingest_timestamp }]
    })
    const timer = setInterval(() => setEvents(latest.current), 250)
    return () => {
      stop()
      clearInterval(timer)
    }
  }, [id, over])
  // dead letters: fetched when their count changes
  useEffect(() => {
    if (status === undefined || status.dead_letters === dead.total) return
    api("GET", `/streams/${id}/dead-letters?limit=10`).then((r) => r.status === 200 && setDead(r.body))
  }, [status?.dead_letters])
  if (status === undefined) return <p>loading stream {id}…</p>
  const act = async (method, path) => {
    const r = await api(method, path)
    if (r.status >= 400) alert(r.body.message)
    else setStatus(r.body)
  }
  return (
    <section class="stream" data-testid="stream">
      <h2>
        Stream {id} — <span data-testid="stream-state">{status.state}</span>
      </h2>
      <p>
        {status.sink} · speed {status.speed} · from {status.start} · {status.days === null ? "open-ended" : `${status.days} days`}
      </p>
      <table class="counts">
        <tbody>
          <tr>
            <td>events sent</td>
            <td class="n" data-testid="stream-sent">
              {status.events_sent}
            </td>
          </tr>
          <tr>
            <td>events/s</td>
            <td class="n">{Math.round(status.events_per_second)}</td>
          </tr>
          <tr>
            <td>lag (simulated s)</td>
            <td class="n">{status.lag_seconds === null ? "—" : Math.round(status.lag_seconds)}</td>
          </tr>
          <tr>
            <td>retries</td>
            <td class="n">{status.retries}</td>
          </tr>
          <tr>
            <td>dead letters</td>
            <td class="n" data-testid="stream-dead">
              {status.dead_letters}
            </td>
          </tr>
          <tr>
            <td>offset</td>
            <td class="n">{status.offset === null ? "—" : `${status.offset.day} #${status.offset.sequence}`}</td>
          </tr>
          <tr>
            <td>consumers</td>
            <td class="n">{status.consumers}</td>
          </tr>
        </tbody>
      </table>
      {status.error && <p class="error">{status.error}</p>}
      <div class="actions">
        {!HELD_STREAM.includes(status.state) && !over && (
          <button type="button" data-testid="stream-pause" onClick={() => act("POST", `/streams/${id}/pause`)}>
            Pause
          </button>
        )}
        {HELD_STREAM.includes(status.state) && (
          <button type="button" data-testid="stream-resume" onClick={() => act("POST", `/streams/${id}/resume`)}>
            Resume
          </button>
        )}
        {!over && (
          <button type="button" data-testid="stream-stop" onClick={() => act("DELETE", `/streams/${id}`)}>
            Stop
          </button>
        )}
      </div>
      <RateChart points={points} />
      <h3>Last events</h3>
      <table class="preview" data-testid="stream-events">
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{e.id}</td>
              <td>{e.type}</td>
              <td>{e.at}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Dead letters</h3>
      {dead.dead_letters.length === 0 ? (
        <p data-testid="stream-dead-letters">none</p>
      ) : (
        <ul data-testid="stream-dead-letters">
          {dead.dead_letters.map((d) => (
            <li key={d.event_id}>
              {d.event_id}: {d.reason}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

const StreamsNav = ({ open }) => {
  const [streams, setStreams] = useState([])
  useEffect(() => {
    api("GET", "/streams").then((r) => setStreams(r.body.streams ?? []))
  }, [])
  return (
    <ul data-testid="streams">
      {streams.map((s) => (
        <li key={s.id}>
          <a href={`/?stream=${s.id}`} onClick={(e) => (e.preventDefault(), open(s.id))}>
            {s.id}
          </a>{" "}
          {s.state}
        </li>
      ))}
    </ul>
  )
}

const App = () => {
  const params = new URLSearchParams(location.search)
  const [runId, setRunId] = useState(params.get("run"))
  const [streamView, setStreamView] = useState(params.has("streams") || params.has("stream") ? params.get("stream") ?? "" : null)
  const [runs, setRuns] = useState([])
  const [generation, setGeneration] = useState(0)
  const refresh = () => {
    setGeneration((g) => g + 1)
    return api("GET", "/runs?limit=20").then((r) => setRuns(r.body.runs ?? []))
  }
  useEffect(() => {
    refresh()
  }, [])
  const open = (id) => {
    history.pushState(null, "", id === null ? "/" : `/?run=${id}`)
    setStreamView(null)
    setRunId(id)
    refresh()
  }
  const openStream = (id) => {
    history.pushState(null, "", id === "" ? "/?streams" : `/?stream=${id}`)
    setRunId(null)
    setStreamView(id)
    refresh()
  }
  return (
    <main>
      <h1>
        <a href="/" onClick={(e) => (e.preventDefault(), open(null))}>
          retail-datagen
        </a>
      </h1>
      <nav>
        <h2>Runs</h2>
        <ul data-testid="runs">
          {runs.map((r) => (
            <li key={r.id}>
              <a href={`/?run=${r.id}`} onClick={(e) => (e.preventDefault(), open(r.id))}>
                {r.id}
              </a>{" "}
              {r.status} {Math.round(r.progress * 100)} %{r.scenario ? " · scenario" : ""}
            </li>
          ))}
        </ul>
        <h2>
          <a href="/?streams" data-testid="streams-link" onClick={(e) => (e.preventDefault(), openStream(""))}>
            Streams
          </a>
        </h2>
        <StreamsNav open={openStream} key={generation} />
      </nav>
      {streamView === "" ? (
        <StreamForm onStarted={openStream} />
      ) : streamView !== null ? (
        <StreamView id={streamView} key={streamView} onChanged={refresh} />
      ) : runId === null ? (
        <ConfigForm onStarted={open} runs={runs} />
      ) : (
        <RunView id={runId} key={runId} onChanged={refresh} />
      )}
    </main>
  )
}

render(<App />, document.getElementById("app"))
