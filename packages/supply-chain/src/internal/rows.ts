/**
 * A growable buffer of numeric rows with a fixed stride (one `Float64Array`), used for pending
 * ledger rows, the day's rows and the grant log. No object per row.
 */
export class Rows {
  data: Float64Array
  length = 0

  constructor(
    readonly stride: number,
    capacity = 256
  ) {
    this.data = new Float64Array(capacity * stride)
  }

  /** Makes room for one more row and returns its offset in `data`. */
  add(): number {
    const o = this.length * this.stride
    if (o + this.stride > this.data.length) {
      const next = new Float64Array(Math.max(this.data.length * 2, this.stride * 64))
      next.set(this.data)
      this.data = next
    }
    this.length++
    return o
  }

  clear(): void {
    this.length = 0
  }

  /** The live rows (a view: valid until the next `add`). */
  view(): Float64Array {
    return this.data.subarray(0, this.length * this.stride)
  }

  /** Replaces the content with saved rows. */
  load(flat: Float64Array): void {
    if (flat.length % this.stride !== 0)
      throw new RangeError(`saved rows: ${flat.length} values, stride ${this.stride}`)
    this.data = new Float64Array(Math.max(flat.length, this.stride * 64))
    this.data.set(flat)
    this.length = flat.length / this.stride
  }
}
