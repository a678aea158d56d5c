import { createRequire } from 'node:module';

// The CommonJS build through require(): docx 9.7 (the last with a nanoid that runs on Node 20) ships ESM types that
// TypeScript's NodeNext resolution cannot follow, so only the few constructors the fixtures need are typed here.
interface DocxModule {
  Document: new (options: { sections: { children: unknown[] }[] }) => unknown;
  Paragraph: new (options: { text: string; heading?: string }) => unknown;
  Packer: { toBuffer(document: unknown): Promise<Buffer> };
  HeadingLevel: { HEADING_1: string; HEADING_2: string };
}

export const { Document, HeadingLevel, Packer, Paragraph } = createRequire(import.meta.url)('docx') as DocxModule;
