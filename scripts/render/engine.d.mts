import type { Marp, MarpOptions } from '@marp-team/marp-core';

export declare const MARP_OPTIONS: MarpOptions;
export declare function paparanMarp(options?: MarpOptions): Marp;
export default paparanMarp;
