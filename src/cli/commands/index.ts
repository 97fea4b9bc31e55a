/** Every dugd command, in the order `dugd --help` lists them. */
import type { Command } from 'commander';
import { registerChebyshev } from './chebyshev.js';
import { registerTrain } from './train.js';
import { registerAnalyze } from './analyze.js';
import { registerReproduce } from './reproduce.js';
import { registerSpectrum } from './spectrum.js';
import { registerSolve } from './solve.js';

export const commands: ((program: Command) => void)[] = [
  registerTrain,
  registerChebyshev,
  registerAnalyze,
  registerReproduce,
  registerSpectrum,
  registerSolve,
];
