/**
 * What a `runTraining` run would cost before it starts: the float64 entries
 * it keeps (checked against MAX_FLOAT64_ENTRIES, linalg/limits.ts) and its
 * work in multiply-adds (a random draw counts as 10), each as a sum of
 * named terms so that a refusal can say which settings make it large.
 *
 * n is the dimension, N the number of spectrum nodes (N = n for exact
 * eigenvalues), G the generations trained, K the evaluation horizon, bs the
 * batch size, B the batches per generation; "noisy" doubles the arrays that
 * carry the noise part. Generation g runs B batches of g layers, forward and
 * reverse, so the training work is B sum_g 2 g c = B G (G + 1) c for a
 * per-layer cost c:
 *
 *   engine    c (per layer and batch)   memory besides the recurrence
 *   dense     bs n^2 ('A'), 2 bs n m ('H')   S_t, R_t: (2 G + 1) bs n, H^T, A
 *   spectral  bs N                      the batch bs N, U, V, e: (3 G + 1) N
 *   moment    N (+ N draws per batch)   (G + 1) N
 *   expected  N                         (G + 1) N
 *
 * (dense: sum_g (2 g - 1) = G^2 products per batch, docs/benchmarks.md).
 * Measured throughput on a 2-core machine (docs/benchmarks.md): dense about
 * 2e9 multiply-adds/s, spectral and moment about 3e8. The paper's literal
 * dense training with form 'H' is 2.25e13 (about 4 hours); MAX_TRAINING_WORK
 * lets it run and refuses what would take days.
 */
import type { DenseForm } from '../unfold/dense-engine.js';
import type { EngineName } from '../unfold/engine.js';

/** Largest total work `dugd train` accepts, in multiply-adds (about 4 h of the dense engine). */
export const MAX_TRAINING_WORK = 3e13;

/** A random draw counts as this many multiply-adds (a chi-square draw costs about 14 node-layers). */
const DRAW = 10;

export type CostSetting =
  'n' | 'm' | 'nodes' | 'T' | 'generations' | 'batches' | 'batchSize' | 'horizon' | 'evalSamples';

export interface CostTerm {
  /** what the entries or the work are for */
  what: string;
  /** the settings it grows with */
  settings: CostSetting[];
  /** the formula with its numbers, e.g. 'bs x N = 1000000000 x 300' */
  formula: string;
  value: number;
}

export interface TrainingCostInput {
  engine: EngineName;
  /** dimension n */
  n: number;
  /** columns of a generated H; null when the spectrum is given */
  m: number | null;
  /** number of spectrum nodes (n for exact eigenvalues) */
  nodes: number;
  T: number;
  /** generations trained (default T) */
  generations?: number;
  batches: number;
  batchSize: number;
  /** evaluation horizon K (default T) */
  horizon?: number;
  evalSamples: number;
  noise: number;
  denseForm?: DenseForm;
}

export interface TrainingCost {
  /** float64 entries kept at the same time (an upper estimate) */
  entries: number;
  entryTerms: CostTerm[];
  /** multiply-adds (a random draw counts as 10) */
  work: number;
  workTerms: CostTerm[];
}

/** The float64 entries and the work of a run with these settings (see the header). */
export function trainingCost(input: TrainingCostInput): TrainingCost {
  const { engine, n, m, nodes: N, T, batches: B, batchSize: bs, evalSamples } = input;
  const G = input.generations ?? T;
  const K = input.horizon ?? T;
  const noisy = input.noise > 0 ? 2 : 1;
  const form = input.denseForm ?? 'A';
  const entries: CostTerm[] = [];
  const work: CostTerm[] = [];
  if (m !== null) {
    entries.push({
      what: 'the matrix H and A = H H^T with its eigenvalues',
      settings: ['n', 'm'],
      formula: `n m + 2 n^2 = ${n} x ${m} + 2 x ${n}^2`,
      value: n * m + 2 * n * n,
    });
    work.push({
      what: 'A = H H^T and its eigenvalues',
      settings: ['n', 'm'],
      formula: `n^2 m + n^3 = ${n}^2 x ${m} + ${n}^3`,
      value: n * n * m + n * n * n,
    });
  }
  if (engine === 'dense') {
    const mm = m ?? n;
    entries.push({
      what: "the dense engine's batch matrices",
      settings: ['batchSize', 'n', 'generations'],
      formula: `bs n (2 G + 4) = ${bs} x ${n} x ${2 * G + 4}`,
      value: bs * n * (2 * G + 4) + bs * mm * (noisy - 1 + (form === 'H' ? 2 : 0)),
    });
    entries.push({
      what: "the dense engine's H^T and A",
      settings: ['n', 'm'],
      formula: `n m + n^2 = ${n} x ${mm} + ${n}^2`,
      value: n * mm + (form === 'A' ? n * n : 0),
    });
    const c = form === 'A' ? bs * n * n : 2 * bs * n * mm;
    work.push({
      what: `dense training (form ${form})`,
      settings: ['batches', 'generations', 'batchSize', 'n'],
      formula:
        `B G^2 ${form === 'A' ? 'bs n^2' : '2 bs n m'} = ${B} x ${G}^2 x ${bs} x ` +
        (form === 'A' ? `${n}^2` : `${n} x ${mm} x 2`),
      value: B * G * G * c + DRAW * B * G * bs * (n + (noisy - 1) * mm),
    });
  } else if (engine === 'spectral') {
    entries.push({
      what: "the spectral engine's batch",
      settings: ['batchSize', 'nodes'],
      formula: `bs N = ${bs} x ${N}${noisy > 1 ? ' (x 2 with noise)' : ''}`,
      value: bs * N * noisy,
    });
    entries.push({
      what: "the spectral engine's layers",
      settings: ['generations', 'nodes'],
      formula: `(3 G + 1) N = ${3 * G + 1} x ${N}`,
      value: (3 * G + 1) * N,
    });
    work.push({
      what: 'spectral training',
      settings: ['batches', 'generations', 'batchSize', 'nodes'],
      formula: `B G (G + 1) bs N = ${B} x ${G * (G + 1)} x ${bs} x ${N}`,
      value: B * G * (G + 1) * bs * N + DRAW * B * G * bs * N * noisy,
    });
  } else {
    entries.push({
      what: `the ${engine} engine's recurrence`,
      settings: ['generations', 'nodes'],
      formula: `(G + 1) N = ${G + 1} x ${N}${noisy > 1 ? ' (x 2 with noise)' : ''}`,
      value: (G + 1) * N * noisy,
    });
    work.push({
      what: `${engine} training`,
      settings: ['batches', 'generations', 'nodes'],
      formula: `B G (G + 1) N = ${B} x ${G * (G + 1)} x ${N}`,
      value: B * G * (G + 1) * N + (engine === 'moment' ? DRAW * B * G * N * (2 * noisy - 1) : 0),
    });
  }
  entries.push({
    what: 'the steps, Adam and the history of every generation',
    settings: ['T', 'generations'],
    formula: `6 T + G (G + 1) / 2 = 6 x ${T} + ${(G * (G + 1)) / 2}`,
    value: 6 * T + (G * (G + 1)) / 2 + (G + 1) * N * noisy,
  });
  entries.push({
    what: 'the evaluation curves',
    settings: ['horizon', 'nodes'],
    formula: `(K + 1) N = ${K + 1} x ${N}${noisy > 1 ? ' (x 2 with noise)' : ''}`,
    value: (K + 1) * N * noisy + 10 * (K + 1),
  });
  work.push({
    what: 'the evaluation curves',
    settings: ['horizon', 'nodes'],
    formula: `6 (K + 1) N = 6 x ${K + 1} x ${N}`,
    value: 6 * (K + 1) * N * noisy,
  });
  if (evalSamples > 0) {
    work.push({
      what: 'the evaluation samples',
      settings: ['evalSamples', 'nodes'],
      formula: `10 samples N = 10 x ${evalSamples} x ${N}${noisy > 1 ? ' (x 2 with noise)' : ''}`,
      value: DRAW * evalSamples * N * noisy,
    });
  }
  const sum = (terms: CostTerm[]) => terms.reduce((s, t) => s + t.value, 0);
  return { entries: sum(entries), entryTerms: entries, work: sum(work), workTerms: work };
}

/** The term with the largest value. */
export function largestTerm(terms: CostTerm[]): CostTerm {
  return terms.reduce((a, b) => (b.value > a.value ? b : a));
}
