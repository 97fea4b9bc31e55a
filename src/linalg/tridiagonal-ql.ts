/**
 * Implicit QL with Wilkinson shifts for a real symmetric tridiagonal matrix
 * T (diagonal d, sub-diagonal e); Wilkinson & Reinsch, Handbook II/3 tql2;
 * Numerical Recipes 11.3 tqli. The one QL of the library: the dense
 * eigensolver (eigen.ts) and the Lanczos Ritz values (tridiagonal.ts) both
 * run it; they differ only in the rows of S they track (below).
 *
 * For l = 0 .. n-1: find the first m >= l with |e_m| <= eps (|d_m| + |d_{m+1}|)
 * (e_m = T(m+1, m) negligible: deflate). If m > l, one QL sweep on the block
 * l..m with the Wilkinson shift from its leading 2 x 2 block: plane
 * rotations G_i, i = m-1 .. l, chase the bulge (tqli's recurrence on
 * d, e, p, g). At most maxSweeps sweeps per l, then an Error.
 *
 * Eigenvectors: T = S diag(d) S^T with S = G_(1) G_(2) ... (every sweep's
 * G_{m-1} ... G_l in turn). A rotation acts on two columns of every row
 * independently, so any rows of Z S can be tracked: with Z (row-major,
 * rows x n) on entry, Z <- Z G_{m-1} ... G_l per sweep, so Z S on exit.
 * eigen.ts passes Z = Q (n x n: all eigenvectors of A = Q T Q^T);
 * tridiagonal.ts passes the rows e_1^T, e_n^T of I (first and last rows of
 * S, O(n) per sweep). The recurrence on (d, e) never reads Z, so the
 * rotations are buffered (RotationBuffer) and applied many sweeps at a
 * time, row by row.
 * Cost O(n^2) flops for values; about rows n^2 rotation-entry updates
 * (6 flops each) for vectors.
 */

const EPS = 2 ** -52;

/** sqrt(a^2 + b^2) without overflow or destructive underflow. */
function pythag(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * Step 3 (header): implicit QL with Wilkinson shifts on the tridiagonal
 * (d, e) with e[i] = T(i, i-1). Overwrites d with the eigenvalues
 * (unsorted; e is destroyed); when z is given (row-major, `rows` x n,
 * default n x n), applies each sweep's rotations to its columns
 * (z <- z G_{m-1} ... G_lo), buffered (see RotationBuffer): the recurrence
 * on (d, e) never reads z. `caller` names the function in the Error.
 */
export function tqli(
  d: Float64Array,
  e: Float64Array,
  n: number,
  z: Float64Array | null,
  maxSweeps: number,
  options: { rows?: number; caller?: string } = {},
): void {
  // shift: e[i] <- T(i+1, i), e[n-1] = 0
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  if (n > 0) e[n - 1] = 0;
  const buf = z ? new RotationBuffer(z, options.rows ?? n, n) : null;
  for (let l = 0; l < n; l++) {
    let sweeps = 0;
    for (;;) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd) break;
      }
      if (m === l) break;
      if (++sweeps > maxSweeps) {
        throw new Error(
          `${options.caller ?? 'symmetricEigen'}: the QL iteration did not converge for eigenvalue ${l} within ${maxSweeps} sweeps`,
        );
      }
      // Wilkinson shift from the leading 2 x 2 block at l
      let g = (d[l + 1] - d[l]) / (2 * e[l]);
      let r = pythag(g, 1);
      g = d[m] - d[l] + e[l] / (g + (g >= 0 ? r : -r));
      let s = 1;
      let c = 1;
      let p = 0;
      const base = buf ? buf.reserve(m - l) : 0;
      let i = m - 1;
      for (; i >= l; i--) {
        const f = s * e[i];
        const b = c * e[i];
        r = pythag(f, g);
        e[i + 1] = r;
        if (r === 0) {
          // underflow: deflate and restart
          d[i + 1] -= p;
          e[m] = 0;
          break;
        }
        s = f / r;
        c = g / r;
        g = d[i + 1] - p;
        r = (d[i] - g) * s + 2 * c * b;
        p = s * r;
        d[i + 1] = g + p;
        g = c * r - b;
        if (buf) {
          buf.cs[base + m - 1 - i] = c;
          buf.sn[base + m - 1 - i] = s;
        }
      }
      if (buf && i + 1 < m) buf.push(i + 1, m);
      if (r === 0 && i >= l) continue;
      d[l] -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  if (buf) buf.flush();
}

/**
 * The rotation chains of many QL sweeps, applied to z (rows x n) in one
 * pass over its rows. Chain b holds G_{hi-1}, ..., G_lo (in that order) at positions
 * off_b .. off_b + hi - lo - 1 of (cs, sn); applying it to a row means
 *   z <- z G_{hi-1} ... G_lo,  G_i acting on columns (i, i+1):
 *   z_{i+1} <- s_i z_i + c_i z_{i+1},  z_i <- c_i z_i - s_i z_{i+1}.
 * A row (n doubles) stays in L1/L2 cache while all buffered chains pass
 * over it, instead of streaming all of z through memory once per sweep;
 * the running column i+1 is carried in a register (one load and one store
 * per entry), four rows at a time for independent dependency chains.
 */
class RotationBuffer {
  readonly cs: Float64Array;
  readonly sn: Float64Array;
  private readonly lo: Int32Array;
  private readonly hi: Int32Array;
  private readonly off: Int32Array;
  private chains = 0;
  private used = 0;
  constructor(
    private readonly z: Float64Array,
    private readonly rows: number,
    private readonly n: number,
  ) {
    // 2^15 rotations = 512 KB of coefficients: they stay in L2 during a flush;
    // no more than z has entries (a chain has at most n - 1 rotations)
    const cap = Math.max(n, Math.min(1 << 15, rows * n));
    this.cs = new Float64Array(cap);
    this.sn = new Float64Array(cap);
    this.lo = new Int32Array(cap);
    this.hi = new Int32Array(cap);
    this.off = new Int32Array(cap);
  }

  /** Room for up to `count` rotations of the next chain; returns its offset. */
  reserve(count: number): number {
    if (this.used + count > this.cs.length) this.flush();
    return this.used;
  }

  /** Records the chain G_{hi-1} ... G_lo written at the reserved offset. */
  push(lo: number, hi: number): void {
    this.lo[this.chains] = lo;
    this.hi[this.chains] = hi;
    this.off[this.chains] = this.used;
    this.chains++;
    this.used += hi - lo;
  }

  /** z <- z (all buffered chains, in order); empties the buffer. */
  flush(): void {
    const { z, rows, n, cs, sn, lo: LO, hi: HI, off: OFF } = this;
    const chains = this.chains;
    let r = 0;
    for (; r + 3 < rows; r += 4) {
      const o0 = r * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      for (let b = 0; b < chains; b++) {
        const lo = LO[b];
        const hi = HI[b];
        let x0 = z[o0 + hi];
        let x1 = z[o1 + hi];
        let x2 = z[o2 + hi];
        let x3 = z[o3 + hi];
        for (let i = hi - 1, q = OFF[b]; i >= lo; i--, q++) {
          const c = cs[q];
          const s = sn[q];
          const a0 = z[o0 + i];
          const a1 = z[o1 + i];
          const a2 = z[o2 + i];
          const a3 = z[o3 + i];
          // z_{i+1} <- s z_i + c x;  x <- c z_i - s x  (x: the running z_{i+1})
          z[o0 + i + 1] = s * a0 + c * x0;
          z[o1 + i + 1] = s * a1 + c * x1;
          z[o2 + i + 1] = s * a2 + c * x2;
          z[o3 + i + 1] = s * a3 + c * x3;
          x0 = c * a0 - s * x0;
          x1 = c * a1 - s * x1;
          x2 = c * a2 - s * x2;
          x3 = c * a3 - s * x3;
        }
        z[o0 + lo] = x0;
        z[o1 + lo] = x1;
        z[o2 + lo] = x2;
        z[o3 + lo] = x3;
      }
    }
    for (; r < rows; r++) {
      const o = r * n;
      for (let b = 0; b < chains; b++) {
        const lo = LO[b];
        const hi = HI[b];
        let x = z[o + hi];
        for (let i = hi - 1, q = OFF[b]; i >= lo; i--, q++) {
          const a = z[o + i];
          // z_{i+1} <- s z_i + c x;  x <- c z_i - s x
          z[o + i + 1] = sn[q] * a + cs[q] * x;
          x = cs[q] * a - sn[q] * x;
        }
        z[o + lo] = x;
      }
    }
    this.chains = 0;
    this.used = 0;
  }
}
