// The web console: config form (inline errors from /config/validate), runs, live progress (SSE),
// rows-per-day chart (uPlot), file browser with preview, validation. The run id is in the URL.
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

const ConfigForm = ({ onStarted }) => {
  const [config, setConfig] = useState(undefined)
  const [raw, setRaw] = useState({})
  const [errors, setErrors] = useState({})
  const [days, setDays] = useState("2")
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
  const submit = async (e) => {
    e.preventDefault()
    if (!(await check(config))) return setMessage("fix the fields marked in red")
    const r = await api("POST", "/runs", { config, days: Number(days) })
    if (r.status === 202) {
      setMessage("")
      onStarted(r.body.id)
    } else setMessage(r.body.message ?? `error ${r.status}`)
  }
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
      </div>
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

const RunView = ({ id, onChanged }) => {
  const [status, setStatus] = useState(undefined)
  const [days, setDays] = useState([])
  const [validation, setValidation] = useState(undefined)
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
      </div>
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

const App = () => {
  const [runId, setRunId] = useState(new URLSearchParams(location.search).get("run"))
  const [runs, setRuns] = useState([])
  const refresh = () => api("GET", "/runs?limit=20").then((r) => setRuns(r.body.runs ?? []))
  useEffect(() => {
    refresh()
  }, [])
  const open = (id) => {
    history.pushState(null, "", id === null ? "/" : `/?run=${id}`)
    setRunId(id)
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
              {r.status} {Math.round(r.progress * 100)} %
            </li>
          ))}
        </ul>
      </nav>
      {runId === null ? <ConfigForm onStarted={open} /> : <RunView id={runId} key={runId} onChanged={refresh} />}
    </main>
  )
}

render(<App />, document.getElementById("app"))
