import type MarkdownIt from 'markdown-it';

export declare const NOBR_CLASS: string;
export declare function hyphenatedRuns(text: string): { text: string; whole: boolean }[];
export declare function nobrPlugin(md: MarkdownIt): void;
