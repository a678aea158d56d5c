import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { PaparanError, type MessageList, type Position } from './messages.ts';
import { splitFrontMatter, type FrontMatter } from './outline/frontmatter.ts';
import { passedBefore, rememberPass } from './verdicts.ts';

/** The kinds of value a layout field can hold; adding a layout never needs a new kind. */
export const FIELD_TYPES = ['text', 'boolean', 'points', 'column', 'image'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDeclaration {
  type: FieldType;
  required: boolean;
  description: string;
}

/** What a layout file says about itself in its front matter, and where its template body starts. */
export interface LayoutHeader {
  description: string;
  fields: Record<string, FieldDeclaration>;
  splittable: string[];
  /** `split: always`: an overflowing slide is split even without `autoSplit` (a references list must never overflow). */
  splitAlways: boolean;
  body: string;
  /** 1-based line of the file on which `body` starts. */
  bodyLine: number;
}

const LAYOUT_KEYS = ['description', 'fields', 'splittable', 'split'];
const FIELD_KEYS = ['type', 'required', 'description'];
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** Fields every slide carries; a layout may not declare them again. */
const RESERVED_FIELDS = ['layout', 'id', 'notes', 'backup'];
const SPLITTABLE_TYPES: FieldType[] = ['points', 'column'];
const RULE = 'layout-invalid';

/** Reads a layout file: its front matter (description, field declarations, splittable fields) and body. */
export function readLayoutHeader(text: string, messages: MessageList): LayoutHeader | undefined {
  // A layout file read before without a message: its declarations as then, its body cut from the text as always.
  const declared = passedBefore('layout-header', [text], readDeclarations);
  if (declared) {
    const split = splitFrontMatter(text, messages.file);
    return { ...declared, body: split.body, bodyLine: split.bodyLine };
  }
  const header = readLayoutHeaderNow(text, messages);
  if (header && messages.items.length === 0) rememberPass('layout-header', [text], { description: header.description, fields: header.fields, splittable: header.splittable, splitAlways: header.splitAlways });
  return header;
}

type Declarations = Omit<LayoutHeader, 'body' | 'bodyLine'>;

/** Remembered declarations (see verdicts.ts), only if they have exactly the shape readLayoutHeaderNow makes. */
function readDeclarations(value: unknown): Declarations | undefined {
  const d = value as Declarations;
  if (typeof d !== 'object' || d === null || typeof d.description !== 'string' || typeof d.splitAlways !== 'boolean') return undefined;
  if (!Array.isArray(d.splittable) || !d.splittable.every((f) => typeof f === 'string')) return undefined;
  if (typeof d.fields !== 'object' || d.fields === null || Array.isArray(d.fields)) return undefined;
  const fields: Record<string, FieldDeclaration> = {};
  for (const [name, field] of Object.entries(d.fields)) {
    if (!FIELD_NAME.test(name) || RESERVED_FIELDS.includes(name) || typeof field !== 'object' || field === null) return undefined;
    if (!(FIELD_TYPES as readonly string[]).includes(field.type) || typeof field.required !== 'boolean' || typeof field.description !== 'string') return undefined;
    fields[name] = { type: field.type, required: field.required, description: field.description };
  }
  if (!d.splittable.every((f) => fields[f])) return undefined;
  return { description: d.description, fields, splittable: [...d.splittable], splitAlways: d.splitAlways };
}

function readLayoutHeaderNow(text: string, messages: MessageList): LayoutHeader | undefined {
  let split: FrontMatter;
  try {
    split = splitFrontMatter(text, messages.file);
  } catch (error) {
    if (!(error instanceof PaparanError)) throw error;
    messages.items.push(...error.messages);
    return undefined;
  }
  const header: LayoutHeader = { description: '', fields: {}, splittable: [], splitAlways: false, body: split.body, bodyLine: split.bodyLine };
  if (split.yaml === undefined) return header;
  // The shared splitter reads an unclosed front matter to the end; for a layout that would leave no template.
  if (!/\n---[ \t\r]*(?:\n|$)/.test(text)) {
    messages.error({ line: 1, column: 1 }, RULE, 'The front matter is never closed, so the layout has no template', 'End the field declarations with a line `---`, then write the template');
    return undefined;
  }

  const lineCounter = new LineCounter();
  // Positions in the YAML are shifted down by the lines before it in the file (the opening `---`).
  const shift = split.yamlLine - 1;
  const pos = (node: Node | null | undefined): Position => {
    const range = node?.range;
    if (!range) return { line: split.yamlLine, column: 1 };
    const p = lineCounter.linePos(range[0]);
    return { line: p.line + shift, column: p.col };
  };
  const doc = parseDocument(split.yaml, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const syntax = doc.errors[0];
  if (syntax) {
    const p = lineCounter.linePos(syntax.pos[0]);
    messages.error({ line: p.line + shift, column: p.col }, RULE, `YAML syntax error in the front matter: ${syntax.message.split('\n')[0]}`, 'Quote text that contains `:` or `#`, and indent each field under `fields:` by two spaces');
    return undefined;
  }
  const root = doc.contents as Node | null;
  if (root === null || (isScalar(root) && root.value === null)) return header;
  if (!isMap(root)) {
    messages.error(pos(root), RULE, 'The front matter must be a mapping: `description:`, `fields:` and `splittable:`', 'Write `description: ...` and `fields:` each on a line of their own');
    return undefined;
  }
  let fieldsNode: Node | null = null;
  let splittableNode: Node | null = null;
  for (const pair of root.items) {
    const key = keyName(pair);
    const value = pair.value as Node | null;
    if (key === 'description') header.description = textValue(value, 'description', pos, messages) ?? '';
    else if (key === 'fields') fieldsNode = value;
    else if (key === 'splittable') splittableNode = value;
    else if (key === 'split') {
      if (isScalar(value) && (value.value === 'always' || value.value === 'auto')) header.splitAlways = value.value === 'always';
      else messages.error(pos(value ?? (pair.key as Node)), RULE, '`split` must be `always` or `auto`', 'Write `split: always` to split an overflowing slide even without autoSplit, or leave it out');
    }
    else messages.error(pos(pair.key as Node), RULE, `Unknown key \`${key}\` in the layout's front matter`, `A layout declares only ${LAYOUT_KEYS.map((k) => `\`${k}\``).join(', ')}`);
  }
  header.fields = readFields(fieldsNode, pos, messages);
  header.splittable = readSplittable(splittableNode, header.fields, pos, messages);
  return header;
}

function keyName(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

type Pos = (node: Node | null | undefined) => Position;

function textValue(node: Node | null, what: string, pos: Pos, messages: MessageList): string | undefined {
  if (node === null || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  messages.error(pos(node), RULE, `\`${what}\` must be one line of text`, `Write ${what}: "..."`);
  return undefined;
}

function readFields(node: Node | null, pos: Pos, messages: MessageList): Record<string, FieldDeclaration> {
  const fields: Record<string, FieldDeclaration> = {};
  if (node === null || (isScalar(node) && node.value === null)) return fields;
  if (!isMap(node)) {
    messages.error(pos(node), RULE, '`fields` must be a mapping of field names to declarations', 'Write each field on its own line: `  title: { type: text, required: true }`');
    return fields;
  }
  for (const pair of node.items) {
    const name = keyName(pair);
    const decl = pair.value as Node | null;
    if (!FIELD_NAME.test(name)) {
      messages.error(pos(pair.key as Node), RULE, `\`${name}\` is not a field name`, 'A field name is a letter followed by letters, digits or `_`, e.g. `caption`');
      continue;
    }
    if (RESERVED_FIELDS.includes(name)) {
      messages.error(pos(pair.key as Node), RULE, `\`${name}\` is a field every slide has; a layout cannot declare it`, 'Rename the field');
      continue;
    }
    if (!isMap(decl)) {
      messages.error(pos(decl ?? (pair.key as Node)), RULE, `Field \`${name}\` must be a mapping with its \`type\``, `Write \`${name}: { type: text, description: "..." }\``);
      continue;
    }
    const field: FieldDeclaration = { type: 'text', required: false, description: '' };
    for (const item of decl.items) {
      const key = keyName(item);
      const value = item.value as Node | null;
      if (key === 'type') {
        const type = isScalar(value) ? value.value : undefined;
        if (typeof type === 'string' && (FIELD_TYPES as readonly string[]).includes(type)) field.type = type as FieldType;
        else messages.error(pos(value ?? (item.key as Node)), RULE, `Field \`${name}\` has unknown type \`${String(type ?? '')}\``, `Use one of: ${FIELD_TYPES.join(', ')}`);
      } else if (key === 'required') {
        if (isScalar(value) && typeof value.value === 'boolean') field.required = value.value;
        else messages.error(pos(value ?? (item.key as Node)), RULE, `\`required\` of field \`${name}\` must be true or false`, 'Write `required: true`, or leave it out for an optional field');
      } else if (key === 'description') {
        field.description = textValue(value, 'description', pos, messages) ?? '';
      } else {
        messages.error(pos(item.key as Node), RULE, `Unknown key \`${key}\` in the declaration of field \`${name}\``, `A field declares only ${FIELD_KEYS.map((k) => `\`${k}\``).join(', ')}`);
      }
    }
    fields[name] = field;
  }
  return fields;
}

function readSplittable(node: Node | null, fields: Record<string, FieldDeclaration>, pos: Pos, messages: MessageList): string[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  const hint = `List fields of type points or column, e.g. \`splittable: [points]\``;
  if (!isSeq(node)) {
    messages.error(pos(node), RULE, '`splittable` must be a list of field names', hint);
    return [];
  }
  const names: string[] = [];
  for (const item of node.items as (Node | null)[]) {
    const name = isScalar(item) && typeof item.value === 'string' ? item.value : undefined;
    const field = name !== undefined && Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (!name || !field) messages.error(pos(item ?? node), RULE, `\`splittable\` names \`${String(name ?? '')}\`, which is not a field of this layout`, hint);
    else if (!SPLITTABLE_TYPES.includes(field.type)) messages.error(pos(item), RULE, `\`splittable\` names \`${name}\`, a ${field.type} field; only points and column fields can be split`, hint);
    else names.push(name);
  }
  return names;
}
