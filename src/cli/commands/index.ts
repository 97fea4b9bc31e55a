/** Every dugd command, in the order `dugd --help` lists them. */
import type { Command } from 'commander';
import { registerChebyshev } from './chebyshev.js';

export const commands: ((program: Command) => void)[] = [registerChebyshev];
