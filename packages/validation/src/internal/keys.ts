/**
 * Compact hash indexes. `NumIndex` maps numbers (ids, composite keys) to dense indices 0..size-1
 * with open addressing over typed arrays: about 24 bytes per key, no per-key objects.
 * `KeyIndex` adds a string side for keys that are not `prefix + digits`.
 */

const EMPTY = -1

const hash = (k: number): number => {
  const lo = k >>> 0
  const hi = (k / 4294967296) | 0
  let h = Math.imul(lo ^ Math.imul(hi ^ 0x27d4eb2f, 0x9e3779b1), 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}

export class NumIndex {
  private keys: Float64Array
  private vals: Int32Array
  private mask: number
  size = 0

  constructor(capacity = 16) {
    let n = 16
    while (n < capacity * 2) n *= 2
    this.keys = new Float64Array(n)
    this.vals = new Int32Array(n).fill(EMPTY)
    this.mask = n - 1
  }

  /** Dense index of `k`, or -1. */
  get(k: number): number {
    const keys = this.keys
    const vals = this.vals
    let i = hash(k) & this.mask
    for (;;) {
      const v = vals[i]!
      if (v === EMPTY) return -1
      if (keys[i] === k) return v
      i = (i + 1) & this.mask
    }
  }

  /** Dense index of `k`, adding it when absent; `added` tells which happened. */
  intern(k: number): number {
    const keys = this.keys
    const vals = this.vals
    let i = hash(k) & this.mask
    for (;;) {
      const v = vals[i]!
      if (v === EMPTY) break
      if (keys[i] === k) {
        this.added = false
        return v
      }
      i = (i + 1) & this.mask
    }
    const id = this.size++
    keys[i] = k
    vals[i] = id
    this.added = true
    if (this.size * 2 > this.mask) this.grow()
    return id
  }

  /** Whether the last `intern` added its key. */
  added = false

  clear(): void {
    if (this.size === 0) return
    this.vals.fill(EMPTY)
    this.size = 0
  }

  private grow(): void {
    const oldK = this.keys
    const oldV = this.vals
    const n = oldK.length * 2
    this.keys = new Float64Array(n)
    this.vals = new Int32Array(n).fill(EMPTY)
    this.mask = n - 1
    for (let j = 0; j < oldK.length; j++) {
      const v = oldV[j]!
      if (v === EMPTY) continue
      const k = oldK[j]!
      let i = hash(k) & this.mask
      while (this.vals[i] !== EMPTY) i = (i + 1) & this.mask
      this.keys[i] = k
      this.vals[i] = v
    }
  }
}

/**
 * Keys that are numbers (the digits of `prefix + digits` ids) or strings (anything else); both
 * sides share one dense numbering. A key is `(n, s)`: `n` when it is not NaN, else `s`.
 */
export class KeyIndex {
  private readonly nums = new NumIndex()
  private readonly strs = new Map<string, number>()
  size = 0
  added = false

  get(n: number, s: string): number {
    if (!Number.isNaN(n)) {
      const i = this.nums.get(n)
      return i < 0 ? -1 : this.map![i]!
    }
    const v = this.strs.get(s)
    return v === undefined ? -1 : v
  }

  intern(n: number, s: string): number {
    if (!Number.isNaN(n)) {
      const i = this.nums.intern(n)
      this.added = this.nums.added
      if (this.added) {
        if (this.map === undefined || i >= this.map.length) this.growMap(i)
        this.map![i] = this.size++
      }
      return this.map![i]!
    }
    const v = this.strs.get(s)
    if (v !== undefined) {
      this.added = false
      return v
    }
    this.added = true
    this.strs.set(s, this.size)
    return this.size++
  }

  clear(): void {
    this.nums.clear()
    this.strs.clear()
    this.size = 0
  }

  /** Numeric-side dense index → shared dense index. */
  private map: Int32Array | undefined

  private growMap(i: number): void {
    const next = new Int32Array(Math.max(16, (i + 1) * 2))
    if (this.map !== undefined) next.set(this.map)
    this.map = next
  }
}

/** A growable Float64Array. */
export class F64 {
  data = new Float64Array(16)
  ensure(n: number): Float64Array {
    if (n > this.data.length) {
      let c = this.data.length
      while (c < n) c *= 2
      const next = new Float64Array(c)
      next.set(this.data)
      this.data = next
    }
    return this.data
  }
}

/** A growable Int32Array. */
export class I32 {
  data = new Int32Array(16)
  ensure(n: number): Int32Array {
    if (n > this.data.length) {
      let c = this.data.length
      while (c < n) c *= 2
      const next = new Int32Array(c)
      next.set(this.data)
      this.data = next
    }
    return this.data
  }
}
