/**
 * Householder tridiagonalisation of a real symmetric matrix, on its lower
 * triangle packed by rows (row i at offset i (i + 1) / 2), last row first
 * (Wilkinson & Reinsch, Handbook II/2 tred2; Numerical Recipes 11.2).
 *
 * For i = n-1 .. 2 with l = i - 1 and x = L[i, 0..l] (row i left of the
 * diagonal):
 *   alpha = sum_k |x_k|,  x <- x / alpha          (scaling guards h = x . x)
 *   h = x . x,  f = x_l,  g = -sign(f) sqrt(h)
 *   u = x with u_l = f - g,  H = h - f g = u . u / 2
 *   P_i = I - u u^T / H     (P_i x = g e_l; new sub-diagonal e_i = alpha g)
 * and the leading block B = L[0..l, 0..l] becomes P_i B P_i:
 *   p = B u / H,  K = u . p / (2 H),  q = p - K u,  B <- B - q u^T - u q^T.
 * Result: T = Q^T S Q tridiagonal (diagonal d, sub-diagonal e) with
 * Q = P_{n-1} ... P_2; u of P_i stays in row i of L, H in h[i].
 *
 * Loops are row-major: B u is one sweep over rows (row j gives
 * p_j += B[j, 0..j] . u[0..j] and p_k += B[j, k] u_j for k < j), and the
 * rank-2 update of step i is fused with B' u' of step i - 1 (u' is row l of
 * the updated B, so row l is updated first): one pass over the triangle per
 * step, two rows per pass sharing the loads of u, q, u', p'.
 * Cost 4/3 n^3 flops; with Q (accumulateQ) another 4/3 n^3.
 */

/**
 * Builds P_i from row i of the packed lower triangle L (step 1 of the
 * header): on return u[0..i-1] (also written back into row i) is the
 * Householder vector, e[i] = alpha g the new sub-diagonal entry, h[i] = H;
 * returns H, or 0 when there is nothing to eliminate (i = 1 or a zero row).
 */
function reflector(
  L: Float64Array,
  i: number,
  u: Float64Array,
  e: Float64Array,
  h: Float64Array,
): number {
  const l = i - 1;
  const ri = (i * (i + 1)) / 2;
  h[i] = 0;
  let alpha = 0;
  if (l > 0) for (let k = 0; k <= l; k++) alpha += Math.abs(L[ri + k]);
  if (alpha === 0) {
    // nothing to eliminate: the sub-diagonal entry stays as it is
    e[i] = L[ri + l];
    return 0;
  }
  let hh = 0;
  for (let k = 0; k <= l; k++) {
    // x <- x / alpha
    const x = L[ri + k] / alpha;
    L[ri + k] = x;
    hh += x * x;
  }
  const f = L[ri + l];
  const g = f >= 0 ? -Math.sqrt(hh) : Math.sqrt(hh);
  e[i] = alpha * g;
  hh -= f * g;
  L[ri + l] = f - g; // u_l <- f - g
  h[i] = hh;
  for (let k = 0; k <= l; k++) u[k] = L[ri + k];
  return hh;
}

/**
 * Step 1 (header) on the packed lower triangle L. On return d holds the
 * diagonal of T, e[i] = T(i, i-1) (e[0] = 0), row i of L holds u of P_i in
 * columns 0..i-1 and h[i] = H (0: no reflection).
 *
 * One pass over the block per step: the rank-2 update of step i,
 * B <- B - q u^T - u q^T, is fused with the product B' u' of step i - 1
 * (B' = B[0..l-1, 0..l-1]), because u' is row l of the updated B, which is
 * updated first. This halves the memory traffic of the textbook order
 * (product, then update).
 */
export function tridiagonalize(
  L: Float64Array,
  n: number,
  d: Float64Array,
  e: Float64Array,
  h: Float64Array,
): void {
  let u = new Float64Array(n); // u of the current step
  let p = new Float64Array(n); // p = B u, then q
  let u2 = new Float64Array(n); // u' of the next step
  let p2 = new Float64Array(n); // p' = B' u'
  let hh = n > 1 ? reflector(L, n - 1, u, e, h) : 0;
  if (hh !== 0) symmetricProduct(L, n - 2, u, p);
  for (let i = n - 1; i >= 1; i--) {
    const l = i - 1;
    const rl = (l * (l + 1)) / 2;
    if (hh === 0) {
      // no update at step i; the next step needs only its own product
      const hh2 = l >= 1 ? reflector(L, l, u2, e, h) : 0;
      if (hh2 !== 0) symmetricProduct(L, l - 1, u2, p2);
      hh = hh2;
    } else {
      // p <- p / H;  K <- u . p / (2 H);  q <- p - K u  (q stored in p)
      let up = 0;
      for (let k = 0; k <= l; k++) {
        p[k] /= hh;
        up += u[k] * p[k];
      }
      const K = up / (2 * hh);
      for (let k = 0; k <= l; k++) p[k] -= K * u[k];
      // row l first: B[l, :] <- B[l, :] - q_l u^T - u_l q^T
      const ul = u[l];
      const ql = p[l];
      for (let k = 0; k <= l; k++) L[rl + k] -= ql * u[k] + ul * p[k];
      // the next reflector comes from the updated row l
      const hh2 = l >= 1 ? reflector(L, l, u2, e, h) : 0;
      if (hh2 !== 0) {
        p2.fill(0, 0, l);
        // rows j < l: B <- B - q u^T - u q^T, and p' <- p' + B' u' on the new
        // values; two rows at a time share the loads of u, q, u', p'
        let j = 0;
        for (; j + 1 < l; j += 2) {
          const r0 = (j * (j + 1)) / 2;
          const r1 = r0 + j + 1;
          const u0 = u[j];
          const q0 = p[j];
          const v0 = u2[j];
          const u1 = u[j + 1];
          const q1 = p[j + 1];
          const v1 = u2[j + 1];
          let s0 = 0;
          let s1 = 0;
          for (let k = 0; k < j; k++) {
            const uk = u[k];
            const qk = p[k];
            const b0 = L[r0 + k] - q0 * uk - u0 * qk;
            const b1 = L[r1 + k] - q1 * uk - u1 * qk;
            L[r0 + k] = b0;
            L[r1 + k] = b1;
            const vk = u2[k];
            s0 += b0 * vk;
            s1 += b1 * vk;
            p2[k] += b0 * v0 + b1 * v1;
          }
          // column j: diagonal of row j, last off-diagonal of row j + 1
          const d0 = L[r0 + j] - 2 * q0 * u0;
          const b1 = L[r1 + j] - q1 * u0 - u1 * q0;
          L[r0 + j] = d0;
          L[r1 + j] = b1;
          p2[j] += s0 + d0 * v0 + b1 * v1;
          // diagonal of row j + 1
          const d1 = L[r1 + j + 1] - 2 * q1 * u1;
          L[r1 + j + 1] = d1;
          p2[j + 1] += s1 + b1 * v0 + d1 * v1;
        }
        for (; j < l; j++) {
          const rj = (j * (j + 1)) / 2;
          const uj = u[j];
          const qj = p[j];
          const vj = u2[j];
          let s = 0;
          for (let k = 0; k < j; k++) {
            const b = L[rj + k] - qj * u[k] - uj * p[k];
            L[rj + k] = b;
            s += b * u2[k];
            p2[k] += b * vj;
          }
          const b = L[rj + j] - 2 * qj * uj;
          L[rj + j] = b;
          p2[j] += s + b * vj;
        }
      } else {
        // rows j < l: B <- B - q u^T - u q^T
        for (let j = 0; j < l; j++) {
          const rj = (j * (j + 1)) / 2;
          const uj = u[j];
          const qj = p[j];
          for (let k = 0; k <= j; k++) L[rj + k] -= qj * u[k] + uj * p[k];
        }
      }
      hh = hh2;
    }
    // the next step's (u', p') become the current (u, p)
    [u, u2] = [u2, u];
    [p, p2] = [p2, p];
  }
  for (let i = 0; i < n; i++) d[i] = L[(i * (i + 3)) / 2];
  if (n > 0) e[0] = 0;
}

/** p[0..l] <- B u for B = L[0..l, 0..l] (packed lower triangle, one row-major sweep). */
function symmetricProduct(L: Float64Array, l: number, u: Float64Array, p: Float64Array): void {
  p.fill(0, 0, l + 1);
  for (let j = 0; j <= l; j++) {
    const rj = (j * (j + 1)) / 2;
    const uj = u[j];
    let s = 0;
    for (let k = 0; k < j; k++) {
      // p_j += B_jk u_k;  p_k += B_jk u_j  (B_kj = B_jk)
      const b = L[rj + k];
      s += b * u[k];
      p[k] += b * uj;
    }
    p[j] += s + L[rj + j] * uj;
  }
}

/**
 * Step 2 (header): Q = P_{n-1} ... P_2 as a new row-major n x n matrix,
 * formed as M <- P_i M for i = 2 .. n-1 from M = I (M is the identity
 * outside rows and columns 0..i-2 before step i):
 *   t = u^T M / H,  M <- M - u t^T   (rows and columns 0..l).
 */
export function accumulateQ(L: Float64Array, n: number, h: Float64Array): Float64Array {
  const M = new Float64Array(n * n);
  for (let i = 0; i < n; i++) M[i * n + i] = 1;
  const t = new Float64Array(n);
  for (let i = 2; i < n; i++) {
    const hh = h[i];
    if (hh === 0) continue;
    const l = i - 1;
    const ri = (i * (i + 1)) / 2; // u = L[i, 0..l]
    t.fill(0, 0, l + 1);
    // t <- u^T M[0..l, 0..l], four rows of M per pass over t
    let r = 0;
    for (; r + 3 <= l; r += 4) {
      const o0 = r * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      const a0 = L[ri + r];
      const a1 = L[ri + r + 1];
      const a2 = L[ri + r + 2];
      const a3 = L[ri + r + 3];
      for (let k = 0; k <= l; k++) {
        // t_k <- t_k + u_r M[r, k] + ... + u_{r+3} M[r+3, k]
        t[k] += a0 * M[o0 + k] + a1 * M[o1 + k] + a2 * M[o2 + k] + a3 * M[o3 + k];
      }
    }
    for (; r <= l; r++) {
      const o = r * n;
      const a = L[ri + r];
      // t <- t + u_r M[r, 0..l]
      for (let k = 0; k <= l; k++) t[k] += a * M[o + k];
    }
    // t <- t / H
    for (let k = 0; k <= l; k++) t[k] /= hh;
    // M[0..l, 0..l] <- M - u t^T, four rows per pass over t
    r = 0;
    for (; r + 3 <= l; r += 4) {
      const o0 = r * n;
      const o1 = o0 + n;
      const o2 = o1 + n;
      const o3 = o2 + n;
      const a0 = L[ri + r];
      const a1 = L[ri + r + 1];
      const a2 = L[ri + r + 2];
      const a3 = L[ri + r + 3];
      for (let k = 0; k <= l; k++) {
        // M[r + c, k] <- M[r + c, k] - u_{r+c} t_k,  c = 0..3
        const tk = t[k];
        M[o0 + k] -= a0 * tk;
        M[o1 + k] -= a1 * tk;
        M[o2 + k] -= a2 * tk;
        M[o3 + k] -= a3 * tk;
      }
    }
    for (; r <= l; r++) {
      const o = r * n;
      const a = L[ri + r];
      // M[r, 0..l] <- M[r, 0..l] - u_r t^T
      for (let k = 0; k <= l; k++) M[o + k] -= a * t[k];
    }
  }
  return M;
}
