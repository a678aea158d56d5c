// pptxgenjs's types under NodeNext: the CommonJS module's `default` is the class, merged with its namespace.
import type Module from 'pptxgenjs';

export type Pptx = Module.default;
export type PptxSlide = Module.default.Slide;
export type TextRun = Module.default.TextProps;
export type RunOptions = Module.default.TextPropsOptions;
export type MasterObjects = Module.default.SlideMasterProps['objects'];
