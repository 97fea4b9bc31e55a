/**
 * io: readers and writers for the files users have. Every reader refuses a
 * bad file with a one-line FileFormatError (`file:line: expected ...`).
 * See docs/io.md.
 */
export { FileFormatError, FileWriteError } from './errors.js';
export { writeFileAtomic, writeFilesAtomic, checkWritable } from './atomic.js';
export { jsonReplacer, toJson } from './json.js';
export { readNumberList, parseNumberList } from './number-list.js';
export type { NumberListOptions } from './number-list.js';
export {
  readMatrixMarket,
  readMatrixMarketSync,
  parseMatrixMarket,
  toDense,
} from './matrix-market.js';
export type {
  CooMatrix,
  MatrixMarketFormat,
  MatrixMarketField,
  MatrixMarketSymmetry,
} from './matrix-market.js';
export {
  writeMatrixMarket,
  formatMatrixMarket,
  matrixMarketChunks,
  formatNumber,
} from './matrix-market-write.js';
export type {
  CooLike,
  CsrLike,
  WritableMatrix,
  MatrixMarketWriteOptions,
} from './matrix-market-write.js';
export { assembleCoo } from './coo.js';
export type { AssembledCoo } from './coo.js';
export { readNpy, parseNpy, writeNpy, formatNpy, npyToDense, npyToVector } from './npy.js';
export type { NpyArray } from './npy.js';
export { readTable, parseTable, selectColumns } from './table.js';
export type {
  Table,
  TableOptions,
  TableFormat,
  NonNumericCells,
  SelectOptions,
  Selection,
} from './table.js';
