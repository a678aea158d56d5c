import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplates } from './layouts.ts';
import { outlineSchema } from './outline/schema.ts';

/** The schema file's expected text for the project at `root`. */
export function schemaText(root: string): string {
  return `${JSON.stringify(outlineSchema(loadTemplates(join(root, 'templates'))), null, 2)}\n`;
}

if (process.argv[1]?.endsWith('schema.ts')) {
  const root = process.cwd();
  const path = join(root, 'schema', 'outline.schema.json');
  const text = schemaText(root);
  let old = '';
  try {
    old = readFileSync(path, 'utf8');
  } catch {}
  mkdirSync(join(root, 'schema'), { recursive: true });
  if (old !== text) writeFileSync(path, text);
  process.stdout.write(old === text ? 'schema/outline.schema.json: up to date\n' : 'schema/outline.schema.json: updated\n');
}
