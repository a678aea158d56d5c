import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { updateReadme } from '../../scripts/docs.ts';
import { loadOutline } from '../../scripts/outline/load.ts';
import { schemaText } from '../../scripts/schema.ts';
import { ROOT } from '../helpers.ts';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'outline.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const frontMatter = (file: string) => loadOutline(readFileSync(join(ROOT, file), 'utf8'), file).data;

describe('schema/outline.schema.json', () => {
  it('is up to date with the layouts (run `npm run docs`)', () => {
    expect(readFileSync(join(ROOT, 'schema', 'outline.schema.json'), 'utf8')).toBe(schemaText(ROOT));
  });

  it('accepts the conclusion deck', () => {
    expect(validate(frontMatter('slides/kesimpulan.md')), JSON.stringify(validate.errors)).toBe(true);
  });

  for (const name of ['unknown-layout', 'missing-field', 'wrong-type', 'problems']) {
    it(`rejects tests/fixtures/${name}`, () => {
      expect(validate(frontMatter(`tests/fixtures/${name}/${name}.md`))).toBe(false);
    });
  }
});

describe('README layout reference', () => {
  it('is up to date with the layouts (run `npm run docs`)', () => {
    expect(updateReadme(ROOT).changed).toBe(false);
  });
});
