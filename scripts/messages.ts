import { paint } from './ansi.ts';

/** Where a message points in a source file (1-based). */
export interface Position {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

/** One problem found in an input, printed like a compiler diagnostic. */
export class PaparanMessage {
  constructor(
    public readonly file: string,
    public readonly position: Position,
    public readonly rule: string,
    public readonly message: string,
    public readonly hint: string | undefined,
    public readonly severity: Severity = 'error',
  ) {}

  get fatal(): boolean {
    return this.severity === 'error';
  }

  /**
   * `file:line:col  severity  message  rule`, then the hint on its own line; line 0 means "no position".
   * With `colour`, the same text with the severity in red or yellow and the rule dimmed (for a terminal).
   */
  format(colour = false): string {
    const where = this.position.line > 0 ? `${this.file}:${this.position.line}:${this.position.column}` : this.file;
    const severity = paint(this.severity, colour, this.fatal ? 'red' : 'yellow', 'bold');
    const head = `${paint(where, colour, 'bold')}  ${severity}  ${this.message}  ${paint(this.rule, colour, 'dim')}`;
    return this.hint ? `${head}\n    ${paint('hint:', colour, 'cyan')} ${this.hint}` : head;
  }

  static fromJSON(m: ReturnType<PaparanMessage['toJSON']>): PaparanMessage {
    return new PaparanMessage(m.file, { line: m.line, column: m.column }, m.rule, m.message, m.hint, m.severity);
  }

  toJSON() {
    return {
      file: this.file,
      line: this.position.line,
      column: this.position.column,
      severity: this.severity as Severity,
      rule: this.rule,
      message: this.message,
      hint: this.hint,
    };
  }
}

export type ErrorKind = 'input' | 'usage' | 'browser' | 'io';

/** The one error type the library throws on purpose; `messages` holds every fatal problem found. */
export class PaparanError extends Error {
  constructor(
    public readonly kind: ErrorKind,
    public readonly messages: PaparanMessage[],
    summary?: string,
  ) {
    super(summary ?? messages.map((m) => m.format()).join('\n'));
    this.name = 'PaparanError';
  }

  static input(file: string, position: Position, rule: string, message: string, hint?: string): PaparanError {
    return new PaparanError('input', [new PaparanMessage(file, position, rule, message, hint)]);
  }
}

/** Collects messages for one file; `throwIfFatal` stops the pipeline when any error was seen. */
export class MessageList {
  readonly items: PaparanMessage[] = [];

  constructor(readonly file: string) {}

  error(position: Position, rule: string, message: string, hint?: string): void {
    this.items.push(new PaparanMessage(this.file, position, rule, message, hint, 'error'));
  }

  warn(position: Position, rule: string, message: string, hint?: string): void {
    this.items.push(new PaparanMessage(this.file, position, rule, message, hint, 'warning'));
  }

  get warnings(): PaparanMessage[] {
    return this.items.filter((m) => !m.fatal);
  }

  throwIfFatal(): void {
    if (this.items.some((m) => m.fatal)) throw new PaparanError('input', sortMessages(this.items));
  }
}

export function sortMessages(messages: readonly PaparanMessage[]): PaparanMessage[] {
  return [...messages].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.position.line - b.position.line || a.position.column - b.position.column,
  );
}

/** Groups messages by file, sorted by line, and ends with a summary line; `colour` as in {@link PaparanMessage.format}. */
export function reportMessages(messages: readonly PaparanMessage[], colour = false): string {
  const sorted = sortMessages(messages);
  const errors = sorted.filter((m) => m.fatal).length;
  const warnings = sorted.length - errors;
  const lines: string[] = [];
  let file = '';
  for (const m of sorted) {
    if (m.file !== file) {
      if (file) lines.push('');
      file = m.file;
    }
    lines.push(m.format(colour));
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const count = (n: number, word: string, style: 'red' | 'yellow') => paint(plural(n, word), colour && n > 0, style, 'bold');
  lines.push(sorted.length === 0 ? paint('no problems', colour, 'green') : `${count(errors, 'error', 'red')}, ${count(warnings, 'warning', 'yellow')}`);
  return lines.join('\n');
}

/** The one report of an error nobody expected: what happened, and how to report it; the stack only on request. */
export function internalError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]!.slice(0, 300)}` : String(error).slice(0, 300);
  const detail = process.env.PAPARAN_DEBUG === '1' && error instanceof Error ? `\n${error.stack}` : '';
  return `paparan: internal error: ${text}${detail}\n    hint: this is a bug in paparan, not in your files. Please report it with the command you ran${detail ? '' : ' (PAPARAN_DEBUG=1 shows the stack)'}`;
}
