import { describe, expect, it } from 'vitest';
import { MessageList, PaparanError, PaparanMessage, reportMessages } from '../scripts/messages.ts';

describe('messages', () => {
  it('print like a compiler, with the hint on its own line', () => {
    const m = new PaparanMessage('slides/x.md', { line: 41, column: 9 }, 'bullet-length', 'Bullet has 19 words (max 12)', 'Move the sentence into the notes', 'warning');
    expect(m.format()).toBe('slides/x.md:41:9  warning  Bullet has 19 words (max 12)  bullet-length\n    hint: Move the sentence into the notes');
    expect(PaparanMessage.fromJSON(m.toJSON())).toEqual(m);
  });

  it('print no position when there is none', () => {
    expect(new PaparanMessage('paparan', { line: 0, column: 0 }, 'no-browser', 'No browser', undefined).format()).toBe('paparan  error  No browser  no-browser');
  });

  it('are grouped by file, sorted by line, and end with a summary', () => {
    const list = new MessageList('b.md');
    list.warn({ line: 9, column: 1 }, 'r', 'later');
    list.error({ line: 2, column: 5 }, 'r', 'sooner');
    const other = new PaparanMessage('a.md', { line: 7, column: 1 }, 'r', 'first file', undefined, 'warning');
    expect(reportMessages([...list.items, other])).toBe(
      'a.md:7:1  warning  first file  r\n\nb.md:2:5  error  sooner  r\nb.md:9:1  warning  later  r\n1 error, 2 warnings',
    );
    expect(reportMessages([])).toBe('no problems');
  });

  it('throw only when an error was collected', () => {
    const list = new MessageList('x.md');
    list.warn({ line: 1, column: 1 }, 'r', 'just a warning');
    expect(() => list.throwIfFatal()).not.toThrow();
    list.error({ line: 2, column: 1 }, 'r', 'fatal');
    expect(() => list.throwIfFatal()).toThrow(PaparanError);
  });
});
