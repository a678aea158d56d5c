import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import type { OutputFormat } from './formats.ts';
import { PaparanMessage } from './messages.ts';
import type { PreparedDeck } from './prepare.ts';
import { writeAtomic } from './write.ts';

const require = createRequire(import.meta.url);
const VERSIONS = `paparan ${require('../package.json').version}; marp-core ${require('@marp-team/marp-core/package.json').version}; marp-cli ${require('@marp-team/marp-cli/package.json').version}`;

/**
 * The hash of everything that goes into a deck's outputs. The rendered Markdown holds the outline's text, the
 * filled templates, the notes and every image's bytes (embedded as data: URLs), so replacing a figure changes it.
 */
export function inputsHash(prepared: PreparedDeck): string {
  return createHash('sha256')
    .update(VERSIONS)
    .update('\0')
    .update(prepared.deck.markdown)
    .update('\0')
    .update(prepared.templates.hash)
    .update('\0')
    .update(prepared.themes.hash)
    .update('\0')
    .update(JSON.stringify(prepared.outline.deck))
    .update('\0')
    .update(JSON.stringify(prepared.rehearsal.takes.map(({ position: _position, ...take }) => take)))
    .digest('hex');
}

interface ManifestData {
  outputs: Record<string, string>;
  /** Overflow found at the last measurement, reported again when nothing needs rebuilding. */
  overflow?: Record<string, ReturnType<PaparanMessage['toJSON']>[]>;
}

/** `<out>/.paparan-manifest.json`: which inputs each output was last written from. Shared by the outlines of one build. */
export class Manifest {
  private constructor(
    readonly outDir: string,
    private readonly data: ManifestData,
  ) {}

  static read(outDir: string): Manifest {
    let data: ManifestData = { outputs: {} };
    try {
      const parsed = JSON.parse(readFileSync(join(outDir, '.paparan-manifest.json'), 'utf8')) as ManifestData;
      if (parsed && typeof parsed.outputs === 'object' && parsed.outputs) data = parsed;
    } catch {
      // No manifest, or an unreadable one: every output is stale.
    }
    return new Manifest(outDir, data);
  }

  private key(path: string): string {
    return relative(this.outDir, path);
  }

  /** Whether `path` was written from exactly these inputs and is still there. */
  isFresh(path: string, hash: string): boolean {
    return this.data.outputs[this.key(path)] === hash && existsSync(path);
  }

  /** Records a written output and saves the manifest at once, so a killed build never trusts an unwritten file. */
  record(path: string, hash: string): void {
    this.data.outputs[this.key(path)] = hash;
    this.save();
  }

  overflow(name: string): PaparanMessage[] {
    return (this.data.overflow?.[name] ?? []).map(PaparanMessage.fromJSON);
  }

  setOverflow(name: string, messages: PaparanMessage[]): void {
    this.data.overflow = { ...this.data.overflow, [name]: messages.map((m) => m.toJSON()) };
  }

  private save(): void {
    writeAtomic(join(this.outDir, '.paparan-manifest.json'), `${JSON.stringify(this.data, null, 2)}\n`);
  }
}

/** The hash one output of a deck is recorded under. */
export const outputHash = (inputs: string, format: OutputFormat) => createHash('sha256').update(inputs).update(format).digest('hex');
