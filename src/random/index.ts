export { Rng, checkSeed } from './rng.js';
export type { Sym2 } from './rng.js';
