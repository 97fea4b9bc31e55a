/**
 * Assembly of coordinate (COO) entries into a canonical COO matrix:
 * optional mirroring of one stored triangle (a_ji = s a_ij for i != j, with
 * s = +1 symmetric, -1 skew-symmetric; the diagonal is never mirrored),
 * then entries sorted by row and then column, and repeated (i, j) summed.
 *
 * Sorting is a two-pass counting sort (stable by column, then by row):
 * O(nnz + rows + cols) time, two Int32Array permutations of length nnz.
 * When rows + cols is far larger than nnz (hypersparse), a comparison sort
 * is used instead so that memory stays O(nnz).
 */

export interface AssembledCoo {
  nnz: number;
  rowIndex: Int32Array;
  colIndex: Int32Array;
  values: Float64Array;
  /** Entries added into an earlier entry with the same (i, j). */
  duplicatesSummed: number;
}

/** Permutation sorting (row[k], col[k]) lexicographically; stable. */
function sortPermutation(rows: number, cols: number, row: Int32Array, col: Int32Array): Int32Array {
  const n = row.length;
  if (rows + cols > 8 * n + (1 << 20)) {
    const perm = new Int32Array(n);
    for (let k = 0; k < n; k++) perm[k] = k;
    return perm.sort((a, b) => row[a] - row[b] || col[a] - col[b] || a - b);
  }
  // pass 1: by column
  const byCol = new Int32Array(n);
  const start = new Int32Array(Math.max(rows, cols) + 1);
  for (let k = 0; k < n; k++) start[col[k] + 1]++;
  for (let c = 0; c < cols; c++) start[c + 1] += start[c];
  for (let k = 0; k < n; k++) byCol[start[col[k]]++] = k;
  // pass 2: by row, stable, so columns stay sorted within a row
  const perm = new Int32Array(n);
  start.fill(0);
  for (let k = 0; k < n; k++) start[row[k] + 1]++;
  for (let r = 0; r < rows; r++) start[r + 1] += start[r];
  for (let q = 0; q < n; q++) {
    const k = byCol[q];
    perm[start[row[k]]++] = k;
  }
  return perm;
}

/**
 * Canonical COO from 0-based entries. `mirror`: 0 keeps the entries as they
 * are, 1 adds a_ji = a_ij and -1 adds a_ji = -a_ij for every off-diagonal entry.
 * The inputs are not modified.
 */
export function assembleCoo(
  rows: number,
  cols: number,
  row: Int32Array,
  col: Int32Array,
  val: Float64Array,
  mirror: 0 | 1 | -1,
): AssembledCoo {
  let R = row;
  let C = col;
  let V = val;
  if (mirror !== 0) {
    const stored = row.length;
    let off = 0;
    for (let k = 0; k < stored; k++) if (row[k] !== col[k]) off++;
    R = new Int32Array(stored + off);
    C = new Int32Array(stored + off);
    V = new Float64Array(stored + off);
    R.set(row);
    C.set(col);
    V.set(val);
    let m = stored;
    for (let k = 0; k < stored; k++) {
      if (row[k] === col[k]) continue;
      // a_ji = s a_ij
      R[m] = col[k];
      C[m] = row[k];
      V[m] = mirror * val[k];
      m++;
    }
  }
  const n = R.length;
  const perm = sortPermutation(rows, cols, R, C);
  let rowIndex = new Int32Array(n);
  let colIndex = new Int32Array(n);
  let values = new Float64Array(n);
  let nnz = 0;
  for (let q = 0; q < n; q++) {
    const k = perm[q];
    const r = R[k];
    const c = C[k];
    if (nnz > 0 && rowIndex[nnz - 1] === r && colIndex[nnz - 1] === c) {
      values[nnz - 1] += V[k]; // duplicate (i, j): summed
      continue;
    }
    rowIndex[nnz] = r;
    colIndex[nnz] = c;
    values[nnz] = V[k];
    nnz++;
  }
  if (nnz < n) {
    rowIndex = rowIndex.slice(0, nnz);
    colIndex = colIndex.slice(0, nnz);
    values = values.slice(0, nnz);
  }
  return { nnz, rowIndex, colIndex, values, duplicatesSummed: n - nnz };
}
