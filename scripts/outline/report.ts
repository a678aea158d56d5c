import { closest } from 'fastest-levenshtein';
import type { MessageList, Position } from '../messages.ts';
import { synonymFor } from './synonyms.ts';

/** How outline messages show a value they did not expect: `a list`, `string \`x\``. */
export function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'empty';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} \`${String(value)}\``;
}

/** A user's text in a message, cut to one readable length. */
export function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/**
 * An unknown field: the name it stands for when the synonym table knows the word (`judul` is `title`),
 * else the closest spelling. Returns the field name suggested from the table, if any.
 */
export function unknownField(messages: MessageList, position: Position, key: string, known: string[], where: string): string | undefined {
  const synonym = synonymFor(key, known);
  if (synonym) {
    const message = `Unknown field \`${key}\` in ${where}${synonym.indonesian ? ' (field names are English)' : ''}`;
    const said = synonym.indonesian ? `\`${key}\` is \`${synonym.name}\`` : `paparan calls it \`${synonym.name}\``;
    messages.error(position, 'field-unknown', message, `${said}: write \`${synonym.name}:\` instead`);
    return synonym.name;
  }
  const hint = known.length ? `did you mean \`${closest(key, known)}\`? Fields of ${where}: ${known.join(', ')}` : `${where} takes no fields`;
  messages.error(position, 'field-unknown', `Unknown field \`${key}\` in ${where}`, hint);
  return undefined;
}

/** An unknown layout: the one the synonym table names (`kutipan` is `quote`), else the closest spelling. */
export function unknownLayout(messages: MessageList, position: Position, name: string, layouts: string[]): void {
  const synonym = synonymFor(name, layouts);
  if (synonym) {
    const said = synonym.indonesian ? `\`${name}\` is \`${synonym.name}\`` : `paparan calls it \`${synonym.name}\``;
    messages.error(position, 'layout-unknown', `Unknown layout \`${name}\`${synonym.indonesian ? ' (layout names are English)' : ''}`, `${said}: write \`layout: ${synonym.name}\``);
    return;
  }
  messages.error(position, 'layout-unknown', `Unknown layout \`${name}\``, `Use one of: ${layouts.join(', ')} (did you mean \`${closest(name, layouts)}\`?)`);
}
