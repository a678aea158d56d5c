import childProcess from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createRequire } from 'node:module';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadBibliography } from '../../scripts/citations/bibliography.ts';
import { createFormatter } from '../../scripts/citations/format.ts';
import { findCitations } from '../../scripts/citations/syntax.ts';
import { tempDir } from '../helpers.ts';

// Every way citation-js (or anything under it) could reach the network throws, and is counted.
const attempts: string[] = [];
const restore: (() => void)[] = [];
function stub<T extends object>(target: T, name: keyof T & string, label: string) {
  const original = target[name];
  (target as Record<string, unknown>)[name] = (...args: unknown[]) => {
    attempts.push(`${label}(${String(args[0]).slice(0, 80)})`);
    throw new Error(`network attempt: ${label}`);
  };
  restore.push(() => ((target as Record<string, unknown>)[name] = original));
}

afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

const BIB = Array.from({ length: 25 }, (_, i) => `@article{k${i},
  author = {Penulis${i}, Ahmad and Lain, Budi},
  title = {Judul {Karya} ${i}},
  journaltitle = {Jurnal Asia Tengah},
  date = {${2000 + (i % 12)}},
  doi = {10.1080/0966813${i}},
  url = {https://doi.org/10.1080/0966813${i}},
  note = {https://example.org/${i} and doi:10.5555/${i}},
}
`).join('\n') + '\n@misc{bare, title = {10.1000/182}, howpublished = {https://www.example.com/only-a-url}}\n';

describe('citations offline', () => {
  it('loads and formats a .bib full of DOIs and URLs without any network attempt', () => {
    const path = join(tempDir(), 'refs.bib');
    writeFileSync(path, BIB);
    const { logger } = createRequire(import.meta.url)('@citation-js/core') as { logger: { http: unknown } };
    stub(globalThis, 'fetch', 'fetch');
    for (const [module, label] of [[http, 'http'], [https, 'https']] as const) {
      stub(module, 'request', `${label}.request`);
      stub(module, 'get', `${label}.get`);
    }
    stub(net, 'connect', 'net.connect');
    stub(net, 'createConnection', 'net.createConnection');
    stub(childProcess, 'execFileSync', 'execFileSync'); // sync-fetch, citation-js's synchronous fetch, runs a child
    stub(childProcess, 'spawnSync', 'spawnSync');
    stub(logger, 'http', 'citation-js logger.http'); // citation-js logs every request it makes before making it

    const { entries, messages } = loadBibliography([{ path, display: 'refs.bib' }]);
    expect(messages).toEqual([]);
    expect(entries.size).toBe(26);
    const text = Array.from({ length: 25 }, (_, i) => `[@k${i}, hlm. ${i + 1}]`).join(' ') + ' @bare';
    for (const style of ['apa', 'ieee']) {
      for (const lang of ['id', 'en'] as const) {
        const f = createFormatter(entries, style, lang);
        expect(findCitations(text).map((ref) => f.cite(ref))).toHaveLength(26);
        expect(f.bibliography([...entries.keys()])).toHaveLength(26);
      }
    }
    expect(attempts).toEqual([]);
  });

  it("has stubs that catch an attempt made through citation-js's own fetch utility (the one its plugins use)", async () => {
    const { util, logger } = createRequire(import.meta.url)('@citation-js/core') as { util: { fetchFile(url: string): string; fetchFileAsync(url: string): Promise<string> }; logger: { http: unknown } };
    stub(logger, 'http', 'citation-js logger.http');
    stub(globalThis, 'fetch', 'fetch');
    stub(childProcess, 'execFileSync', 'execFileSync');
    expect(() => util.fetchFile('https://doi.org/10.1057/9780230305533')).toThrow(/network attempt/);
    await expect(util.fetchFileAsync('https://example.org/refs.bib')).rejects.toThrow(/network attempt/);
    expect(attempts).toHaveLength(2);
    attempts.length = 0;
  });
});
