export { build, prepare, findOutlines, outputName, OUTPUT_FORMATS, DEFAULT_FORMATS } from './build.ts';
export type { BuildOptions, OutlineResult, ProgressEvent, PreparedDeck, OutputFormat } from './build.ts';
export { PaparanError, PaparanMessage, reportMessages } from './messages.ts';
export { BrowserSession } from './export/browser.ts';
