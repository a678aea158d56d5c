import { CONFIGURABLE_RULES, SPEAKING_RATE_RANGE } from './settings.ts';
import { COMMON_FIELDS, type FieldDeclaration, type TemplateSet } from '../layouts.ts';
import { MAX_SLIDES } from './validate.ts';

type Schema = Record<string, unknown>;

const text: Schema = { type: ['string', 'number', 'boolean'], description: 'Text; inline Markdown (bold, italic, code, links) only.' };
/** A local image path: no URL, and an extension of SVG, PNG or JPEG. */
const imagePath = '^(?![a-zA-Z][a-zA-Z0-9+.-]*:|//).+\\.(svg|png|jpe?g|SVG|PNG|JPE?G)$';
const textList: Schema = { type: 'array', items: text };
const points: Schema = {
  type: 'array',
  items: { anyOf: [text, { type: 'object', required: ['text'], additionalProperties: false, properties: { text, points: textList } }] },
};

function fieldSchema(decl: FieldDeclaration): Schema {
  const description = decl.description || undefined;
  switch (decl.type) {
    case 'text':
      return { ...text, description };
    case 'boolean':
      return { type: 'boolean', description };
    case 'points':
      return { ...points, description };
    case 'column':
      return { type: 'object', additionalProperties: false, properties: { heading: text, points }, description };
    case 'image':
      return { type: 'string', pattern: imagePath, description };
  }
}

/** JSON Schema (draft-07) for outlines' front matter, made from the layouts' own field declarations. */
export function outlineSchema(templates: TemplateSet): Schema {
  const layouts = [...templates.layouts.values()].sort((a, b) => a.name.localeCompare(b.name));
  const slide: Schema = {
    type: 'object',
    required: ['layout'],
    properties: { layout: { enum: layouts.map((l) => l.name), description: COMMON_FIELDS.layout!.description } },
    allOf: layouts.map((layout) => {
      const fields = { ...COMMON_FIELDS, ...layout.fields };
      return {
        if: { properties: { layout: { const: layout.name } } },
        then: {
          description: layout.description,
          additionalProperties: false,
          required: ['layout', ...Object.entries(layout.fields).filter(([, f]) => f.required).map(([n]) => n)],
          properties: Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, name === 'layout' ? { const: layout.name } : fieldSchema(f)])),
        },
      };
    }),
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://paparan.invalid/outline.schema.json',
    title: 'paparan outline',
    description: 'The YAML front matter of a paparan outline (slides/<name>.md).',
    type: 'object',
    required: ['title', 'slides'],
    additionalProperties: false,
    properties: {
      title: { ...text, description: "The talk's title." },
      subtitle: text,
      shortTitle: { ...text, description: 'Shown in the footer of every content slide; defaults to the title.' },
      author: text,
      institution: text,
      studentId: { ...text, description: 'The student ID (NIM), shown on the title slide.' },
      supervisors: { anyOf: [text, { type: 'array', items: text }], description: 'Supervisor (pembimbing), or a list of them, shown on the title slide.' },
      faculty: { ...text, description: 'Faculty, shown on the title slide.' },
      university: { ...text, description: 'University, shown on the title slide.' },
      logo: { type: 'string', pattern: imagePath, description: 'A local image (SVG, PNG, JPEG), shown on the title slide.' },
      date: text,
      lang: { enum: ['id', 'en'], default: 'id' },
      theme: { type: 'string', default: 'paparan', description: 'A theme in themes/: paparan, paparan-print or paparan-dark.' },
      duration: { type: 'number', exclusiveMinimum: 0, description: "The talk's length in minutes." },
      speakingRate: { type: 'number', minimum: SPEAKING_RATE_RANGE[0], maximum: SPEAKING_RATE_RANGE[1], default: 130, description: 'Words per minute, for timing the notes.' },
      autoSplit: { type: 'boolean', default: false, description: 'Split overflowing points and two-column slides.' },
      handout: {
        type: 'object',
        additionalProperties: false,
        properties: { perPage: { enum: [1, 2, 3, 4, 6], default: 3 }, mode: { enum: ['notes', 'lines', 'blank'], default: 'lines' }, paper: { enum: ['a4', 'letter'], default: 'a4' } },
      },
      rules: { type: 'object', propertyNames: { enum: [...CONFIGURABLE_RULES] }, additionalProperties: { enum: ['off', 'warning', 'error', false] }, description: 'Turn a check off (`off`) or make it fatal (`error`), by rule id.' },
      slides: { type: 'array', maxItems: MAX_SLIDES, items: slide },
    },
  };
}
