/**
 * One factory for the four training engines (see engine.ts). The dense
 * engine needs the matrix H; the others need only the spectrum of A = H H^T.
 */
import type { DenseMatrix } from '../linalg/dense.js';
import type { Spectrum } from '../linalg/spectrum.js';
import { DenseEngine, type DenseForm, type DenseSampleSource } from './dense-engine.js';
import { ENGINE_NAMES, type EngineName, type TrainingEngine } from './engine.js';
import { ExpectedEngine } from './expected-engine.js';
import { MomentEngine } from './moment-engine.js';
import { SpectralEngine } from './spectral-engine.js';

export interface EngineOptions {
  engine: EngineName;
  /** spectrum of A (spectral, moment, expected) */
  spectrum?: Spectrum;
  /** the matrix H, n x m (dense) */
  H?: DenseMatrix;
  batchSize: number;
  noise?: number;
  /** dense only: 'A' (default) or 'H' (see dense-engine.ts) */
  denseForm?: DenseForm;
  /** dense only: an explicit sample source */
  samples?: DenseSampleSource;
}

export function createEngine(options: EngineOptions): TrainingEngine {
  const { engine, spectrum, H, batchSize, noise } = options;
  if (!ENGINE_NAMES.includes(engine)) {
    throw new RangeError(
      `createEngine: engine must be one of ${ENGINE_NAMES.join(', ')}; got ${String(engine)}`,
    );
  }
  if (engine === 'dense') {
    if (!H) {
      throw new TypeError(
        'createEngine: the dense engine needs the matrix H; a spectrum alone is not enough',
      );
    }
    return new DenseEngine(H, {
      batchSize,
      noise,
      form: options.denseForm,
      samples: options.samples,
    });
  }
  if (!spectrum) throw new TypeError(`createEngine: the ${engine} engine needs a spectrum`);
  if (engine === 'spectral') return new SpectralEngine(spectrum, { batchSize, noise });
  if (engine === 'moment') return new MomentEngine(spectrum, { batchSize, noise });
  return new ExpectedEngine(spectrum, { noise });
}
