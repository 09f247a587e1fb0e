/**
 * Small statistics helpers for the tests (not a test file itself). Critical values are computed,
 * not copied, so every check states its significance level.
 */

/** Upper standard-normal quantiles used by the tests. */
export const Z = { p1e3: 3.0902, p1e4: 3.719, p1e6: 4.7534 } as const

/**
 * Upper critical value of the chi-square distribution with `df` degrees of freedom at the
 * upper-tail probability whose normal quantile is `z` (Wilson–Hilferty approximation, accurate
 * to a fraction of a percent for df >= 2).
 */
export const chiSquareCritical = (df: number, z: number): number => {
  const c = 2 / (9 * df)
  return df * (1 - c + z * Math.sqrt(c)) ** 3
}

/** Pearson's statistic of observed counts against expected counts (same length). */
export const chiSquare = (observed: ArrayLike<number>, expected: ArrayLike<number>): number => {
  let x = 0
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i]!
    const d = observed[i]! - e
    x += (d * d) / e
  }
  return x
}

/**
 * Chi-square test of counts against probabilities (which may be unnormalised weights). Cells
 * with zero probability must have zero counts; cells with small expectations are pooled so that
 * every pooled cell expects at least 5.
 */
export const chiSquareTest = (
  counts: ArrayLike<number>,
  weights: ArrayLike<number>,
  z: number = Z.p1e4
): { statistic: number; critical: number; df: number; pass: boolean; zeroViolations: number } => {
  let total = 0
  let wsum = 0
  for (let i = 0; i < counts.length; i++) {
    total += counts[i]!
    wsum += weights[i]!
  }
  const obs: Array<number> = []
  const exp: Array<number> = []
  let zeroViolations = 0
  let accO = 0
  let accE = 0
  for (let i = 0; i < counts.length; i++) {
    const e = (weights[i]! / wsum) * total
    if (e === 0) {
      zeroViolations += counts[i]!
      continue
    }
    accO += counts[i]!
    accE += e
    if (accE >= 5) {
      obs.push(accO)
      exp.push(accE)
      accO = 0
      accE = 0
    }
  }
  if (accE > 0) {
    if (exp.length === 0) {
      obs.push(accO)
      exp.push(accE)
    } else {
      obs[obs.length - 1]! += accO
      exp[exp.length - 1]! += accE
    }
  }
  const df = Math.max(1, obs.length - 1)
  const statistic = chiSquare(obs, exp)
  const critical = chiSquareCritical(df, z)
  return { statistic, critical, df, pass: statistic <= critical && zeroViolations === 0, zeroViolations }
}

/** Mean and (sample) variance of values produced by `draw`. */
export const moments = (n: number, draw: () => number): { mean: number; variance: number } => {
  let mean = 0
  let m2 = 0
  for (let i = 1; i <= n; i++) {
    const x = draw()
    const d = x - mean
    mean += d / i
    m2 += d * (x - mean)
  }
  return { mean, variance: m2 / (n - 1) }
}

/** Pearson correlation of two equally long series. */
export const correlation = (xs: ArrayLike<number>, ys: ArrayLike<number>): number => {
  const n = xs.length
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]!
    my += ys[i]!
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx
    const dy = ys[i]! - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxy / Math.sqrt(sxx * syy)
}

/** Lag-`lag` serial correlation of a series. */
export const serialCorrelation = (xs: ArrayLike<number>, lag = 1): number => {
  const n = xs.length - lag
  const a = new Float64Array(n)
  const b = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    a[i] = xs[i]!
    b[i] = xs[i + lag]!
  }
  return correlation(a, b)
}
