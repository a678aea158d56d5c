export { build, prepare, OUTPUT_FORMATS, DEFAULT_FORMATS } from './build.ts';
export { check } from './check.ts';
export type { CheckOptions } from './check.ts';
export { dev } from './dev.ts';
export type { DevOptions, DevServer } from './dev.ts';
export { findOutlines, outputName } from './project.ts';
export type { BuildOptions, OutlineResult, ProgressEvent, PreparedDeck, OutputFormat } from './build.ts';
export { PaparanError, PaparanMessage, reportMessages } from './messages.ts';
export { BrowserSession } from './export/browser.ts';
