import type { Marp, MarpOptions } from '@marp-team/marp-core';

export declare const MARP_OPTIONS: MarpOptions;
export declare const NOTES_MARK: string;
export declare const ALT_MARK: string;
export declare function reflowNotes(text: string): string;
export declare function imageMarkdown(src: string, alt: string): string;
export declare function paparanMarp(options?: MarpOptions): Marp;
export default paparanMarp;
