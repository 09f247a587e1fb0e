/** Edit distance (insertions, deletions, substitutions) between two short strings. */
export const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost)
    }
    prev = cur
  }
  return prev[b.length]!
}

/** The candidate closest to `word` when it is a plausible typo (distance ≤ 2, or ≤ 1 for short words). */
export const closest = (word: string, candidates: ReadonlyArray<string>): string | undefined => {
  const limit = word.length <= 4 ? 1 : 2
  let best: string | undefined
  let bestDistance = limit + 1
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase())
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}
