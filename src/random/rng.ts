/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna, 2018) with a
 * splitmix32 seeder. Pure 32-bit integer arithmetic, so the stream is the
 * same bytes in Node and in every browser.
 *
 *   uniform():  53 random bits from two 32-bit outputs, in [0, 1)
 *   normal():   Marsaglia's polar method (pairs; the second value is cached)
 *   gamma(k):   Marsaglia & Tsang (2000) squeeze method, shape k >= 1;
 *               k < 1 by the boost gamma(k) = gamma(k + 1) * U^(1/k)
 *   chiSquare(d) = 2 gamma(d/2);  chiSquare(0) = 0
 *   wishart2(d): Wishart(d, I_2) / d by the Bartlett decomposition
 *               L = [[c1, 0], [n21, c2]],  c1^2 ~ chi2(d), c2^2 ~ chi2(d-1),
 *               n21 ~ N(0,1);  S = L L^T / d.
 *
 * A generator is identified by (seed, stream): independent streams of one
 * seed (training samples, evaluation samples, matrix entries) never overlap
 * in practice and do not depend on how much another stream was used.
 */

const UINT32_TO_UNIT = 1 / 4294967296;

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Validate a seed given by a user: a non-negative safe integer. */
export function checkSeed(seed: number, where = 'seed'): number {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`${where}: expected a non-negative integer; got ${seed}`);
  }
  return seed;
}

/** One 2 x 2 symmetric matrix [[zz, zx], [zx, xx]]. */
export interface Sym2 {
  zz: number;
  zx: number;
  xx: number;
}

export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;
  readonly seed: number;
  readonly stream: number;

  constructor(seed: number, stream = 0) {
    this.seed = checkSeed(seed, 'Rng');
    this.stream = checkSeed(stream, 'Rng stream');
    const low = seed % 4294967296;
    const high = Math.floor(seed / 4294967296);
    const st = {
      s: (low ^ Math.imul(high + 1, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1)) | 0,
    };
    this.s0 = splitmix32(st);
    this.s1 = splitmix32(st);
    this.s2 = splitmix32(st);
    this.s3 = splitmix32(st);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A generator with the given raw xoshiro128** state (for tests against the reference algorithm). */
  static fromState(state: [number, number, number, number]): Rng {
    const r = new Rng(0);
    [r.s0, r.s1, r.s2, r.s3] = state.map((v) => v | 0);
    return r;
  }

  /** A new generator for another stream of the same seed. */
  fork(stream: number): Rng {
    return new Rng(this.seed, stream);
  }

  /** Next 32-bit unsigned integer (xoshiro128**). */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * (UINT32_TO_UNIT / 2097152);
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Fill `out` with N(mean, sd^2) draws and return it. */
  fillNormal(out: Float64Array, mean = 0, sd = 1): Float64Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + sd * this.normal();
    return out;
  }

  /** Gamma(shape, 1). */
  gamma(shape: number): number {
    if (!(shape > 0)) {
      throw new RangeError(`Rng.gamma: shape must be > 0; got ${shape}`);
    }
    if (shape < 1) {
      // gamma(k) = gamma(k + 1) * U^(1/k)
      const u = 1 - this.uniform();
      return this.gamma(shape + 1) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.uniform();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  /** Chi-square with `dof` degrees of freedom (dof = 0 gives 0). */
  chiSquare(dof: number): number {
    if (dof === 0) return 0;
    if (!(dof > 0)) throw new RangeError(`Rng.chiSquare: dof must be >= 0; got ${dof}`);
    return 2 * this.gamma(dof / 2);
  }

  /**
   * Sample second moment of `dof` i.i.d. N(0, I_2) pairs (z, xi):
   * S = (1/dof) sum_b [z_b, xi_b]^T [z_b, xi_b], a Wishart(dof, I_2)/dof draw.
   */
  wishart2(dof: number, out: Sym2 = { zz: 0, zx: 0, xx: 0 }): Sym2 {
    const c1 = Math.sqrt(this.chiSquare(dof));
    const c2sq = this.chiSquare(dof - 1);
    const n21 = this.normal();
    out.zz = (c1 * c1) / dof;
    out.zx = (c1 * n21) / dof;
    out.xx = (n21 * n21 + c2sq) / dof;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
