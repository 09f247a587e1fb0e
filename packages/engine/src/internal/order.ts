/**
 * Stable topological order of a dependency graph given by indices.
 *
 * At each position the earliest-registered node whose dependencies are all placed comes next, so
 * the order depends only on the graph and the registration order. When no node is ready, the
 * unplaced nodes contain a cycle, which is returned instead (as a path along dependency edges,
 * starting at its earliest-registered member, first node not repeated).
 */
export type OrderResult =
  | { readonly _tag: "Ordered"; readonly order: ReadonlyArray<number> }
  | { readonly _tag: "Cycle"; readonly cycle: ReadonlyArray<number> }

export const order = (deps: ReadonlyArray<ReadonlyArray<number>>): OrderResult => {
  const n = deps.length
  const placed = new Uint8Array(n)
  const out: Array<number> = []
  while (out.length < n) {
    let next = -1
    for (let i = 0; i < n && next < 0; i++) {
      if (placed[i] === 0 && deps[i]!.every((d) => placed[d] === 1)) next = i
    }
    if (next < 0) return { _tag: "Cycle", cycle: findCycle(deps, placed) }
    placed[next] = 1
    out.push(next)
  }
  return { _tag: "Ordered", order: out }
}

/** Every unplaced node has an unplaced dependency, so following them must close a loop. */
const findCycle = (deps: ReadonlyArray<ReadonlyArray<number>>, placed: Uint8Array): Array<number> => {
  const path: Array<number> = []
  const seenAt = new Map<number, number>()
  let node = placed.indexOf(0)
  while (!seenAt.has(node)) {
    seenAt.set(node, path.length)
    path.push(node)
    node = deps[node]!.find((d) => placed[d] === 0)!
  }
  const cycle = path.slice(seenAt.get(node)!)
  const first = cycle.indexOf(Math.min(...cycle))
  return [...cycle.slice(first), ...cycle.slice(0, first)]
}
