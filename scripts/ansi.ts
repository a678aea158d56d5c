// Colour for people at a terminal, in plain ANSI codes (no dependency). Whether to colour is decided once per
// stream by the CLI: a terminal gets colour, a pipe or file gets plain text, and the environment can say
// otherwise (FORCE_COLOR wins over NO_COLOR, as in Node itself).

export type Style = 'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan';

const CODES: Record<Style, readonly [open: number, close: number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
};

/** `text` in the given styles when `on`, else `text` itself. */
export function paint(text: string, on: boolean, ...styles: Style[]): string {
  if (!on || text === '') return text;
  return styles.reduce((s, style) => `\u001b[${CODES[style][0]}m${s}\u001b[${CODES[style][1]}m`, text);
}

/** The text without any ANSI colour codes. */
export function unpaint(text: string): string {
  return text.replace(/\u001b\[\d+m/g, '');
}

/** The part of a stream {@link useColour} looks at. */
export interface ColourStream {
  isTTY?: boolean;
  hasColors?: (count?: number) => boolean;
}

/**
 * Whether to colour what goes to `stream`: FORCE_COLOR set (to '', 1, 2, 3 or true) forces colour and any other
 * value of it turns colour off; else NO_COLOR (not empty) turns it off; else only a terminal that has colours.
 */
export function useColour(stream: ColourStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env.NO_COLOR) return false;
  if (stream.isTTY !== true) return false;
  return stream.hasColors ? stream.hasColors() : env.TERM !== 'dumb';
}
