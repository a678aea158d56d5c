import { yamlString } from '../render/escape.ts';
import { bulletOf, capitalise, shorten, type DraftBullet } from './bullets.ts';
import { planSlides } from './plan.ts';
import type { Chapter, ChapterParagraph } from './read.ts';
import { TermIndex } from './terms.ts';

export type DraftLang = 'id' | 'en';

export interface DraftOptions {
  /** The outline's name (slides/<name>.md), named in the comment at the top. */
  name: string;
  lang?: DraftLang;
  /** `--slides N`: about this many slides in all (paragraphs merged or split to get there). */
  slides?: number;
  /** The chapter's file as shown in messages. */
  shown?: string;
}

/** One slide of the draft, before it is written as YAML. */
export type DraftSlide =
  | { layout: 'title' | 'agenda' | 'closing'; notes?: string[] }
  | { layout: 'section'; title: string; notes?: string[] }
  | { layout: 'points'; title: string; points: DraftBullet[]; notes?: string[] };

const LABELS = {
  id: { summary: 'Ringkasan', and: 'dan', parts: (n: number, list: string) => `Presentasi ini terbagi menjadi ${n} bagian: ${list}.`, next: (title: string) => `Bagian berikutnya: ${title}.`, sumUp: (n: number) => `Sebagai ringkasan, ada ${n} hal yang perlu diingat.`, thanks: 'Terima kasih atas perhatian Anda. Saya persilakan pertanyaan.', header: 'Draf pertama dari `paparan draft`: setiap kalimat bab ada di notes slide yang dibuat darinya.\n# Periksa judul dan butir, pendekkan notes menjadi naskah Anda, lalu: npm run dev -- slides/{{name}}.md' },
  en: { summary: 'Summary', and: 'and', parts: (n: number, list: string) => `This talk has ${n} parts: ${list}.`, next: (title: string) => `Next: ${title}.`, sumUp: (n: number) => `To sum up, ${n} points to remember.`, thanks: 'Thank you for listening. I welcome your questions.', header: "A first draft from `paparan draft`: every sentence of the chapter is in the notes of the slide made from it.\n# Check the titles and bullets, trim the notes into your script, then: npm run dev -- slides/{{name}}.md" },
} as const;

const MAX_BULLETS = 6;
const MAX_TITLE_WORDS = 8;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

/**
 * A title from key terms: the heaviest two that do not overlap ("Asia Tengah" and "Asia"), "A dan B", at most eight
 * words, never one already used (then the next pair is tried).
 */
function termTitle(terms: string[], index: TermIndex, and: string, used: Set<string>): string {
  const wordsOf = (term: string) => term.split(' ');
  const overlaps = (a: string, b: string) => wordsOf(a).some((w) => wordsOf(b).includes(w));
  const candidates: string[][] = [];
  terms.forEach((first, i) => {
    terms.slice(i + 1).forEach((second) => overlaps(first, second) || candidates.push([first, second]));
    candidates.push([first]);
  });
  // "SCO dan Asia Tengah" and "Asia Tengah dan SCO" are one title.
  const key = (pair: string[]) => [...pair].sort().join('\n');
  const fitting = candidates.filter((pair) => words(pair.map((t) => index.show(t)).join(` ${and} `)) <= MAX_TITLE_WORDS);
  const pair = fitting.find((p) => !used.has(key(p))) ?? fitting[0];
  if (!pair) return '';
  used.add(key(pair));
  return capitalise(pair.map((t) => index.show(t)).join(` ${and} `));
}

/** Paragraphs split into 2–4 runs of neighbours by topic: cuts where neighbouring paragraphs share the fewest key terms. */
function groupByTopic(paragraphs: number[][], index: TermIndex): number[][][] {
  if (paragraphs.length < 4) return [paragraphs];
  const parts = Math.min(4, Math.max(2, Math.round(paragraphs.length / 3)));
  const gaps = paragraphs.slice(1).map((p, i) => ({ at: i + 1, similarity: index.similarity(paragraphs[i]!, p) }));
  const cuts = gaps.sort((a, b) => a.similarity - b.similarity || a.at - b.at).slice(0, parts - 1).map((g) => g.at).sort((a, b) => a - b);
  return [0, ...cuts].map((start, i) => paragraphs.slice(start, cuts[i] ?? paragraphs.length));
}

// A points slide holds about nine lines of bullets at the theme's smallest list size; a line is ~55 characters.
const MAX_LINES = 9;
const lines = (points: DraftBullet[]) => points.reduce((n, point) => n + Math.ceil(point.text.length / 55) + (point.points?.length ?? 0), 0);

/** How many of a run's sentences become bullets: all of a short one, the best 60% (4 to 6) of a long one. */
const bulletCount = (n: number) => (n <= 4 ? n : Math.min(MAX_BULLETS, Math.max(4, Math.ceil(n * 0.6))));

/** The draft's slides: title, agenda, a section per heading (or per topic), a points slide per paragraph, summary, closing. */
export function draftSlides(chapter: Chapter, lang: DraftLang = 'id', wish: Pick<DraftOptions, 'slides' | 'shown'> = {}): { title: string; slides: DraftSlide[] } {
  const label = LABELS[lang];
  const blocks = [...chapter.blocks];
  const first = blocks[0]?.kind === 'heading' ? blocks.shift() : undefined;
  const paragraphs = blocks.filter((b): b is ChapterParagraph => b.kind === 'paragraph');
  const sentences = paragraphs.flatMap((p) => p.sentences);
  const index = new TermIndex(sentences);
  const all = sentences.map((_, i) => i);
  const title = first?.kind === 'heading' ? first.text : termTitle(index.titleTerms(all, 4), index, label.and, new Set()) || label.summary;

  // Each paragraph's sentences, by index; a part is a heading (or none) and its paragraphs.
  let next = 0;
  const parts: { heading?: { text: string; source: string }; paragraphs: number[][] }[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') parts.push({ heading: { text: block.text, source: block.source }, paragraphs: [] });
    else {
      if (parts.length === 0) parts.push({ paragraphs: [] });
      parts.at(-1)!.paragraphs.push(block.sentences.map(() => next++));
    }
  }
  const headed = parts.some((p) => p.heading);
  const runs: { heading?: { text: string; source: string }; paragraphs: number[][] }[] = headed ? parts : groupByTopic(parts[0]?.paragraphs ?? [], index).map((paragraphs) => ({ paragraphs }));
  const showSections = headed || runs.length > 1;

  // The summary: the best sentence of each paragraph, the five best of those, in the chapter's order.
  const best = parts.flatMap((p) => p.paragraphs).map((p) => [...p].sort((a, b) => index.score(b) - index.score(a) || a - b)[0]!).filter((i) => i !== undefined);
  const chosen = [...best].sort((a, b) => index.score(b) - index.score(a) || a - b).slice(0, 5).sort((a, b) => a - b);
  const plan = planSlides(runs.map((run) => run.paragraphs), (i) => words(sentences[i]!), { sections: showSections, summary: chosen.length > 1, slides: wish.slides, shown: wish.shown });

  const slides: DraftSlide[] = [{ layout: 'title', ...(first?.kind === 'heading' && { notes: [first.source] }) }];
  // Spoken signposts for the slides no sentence of the chapter belongs to: a script, not a gap in it.
  const agenda: DraftSlide = { layout: 'agenda' };
  if (plan.agenda) slides.push(agenda);
  const sectionTitles: string[] = [];
  const used = new Set<string>();
  runs.forEach((run, r) => {
    if (showSections) {
      const heading = run.heading;
      const text = heading?.text ?? termTitle(index.titleTerms(run.paragraphs.flat(), 4), index, label.and, used);
      sectionTitles.push(text);
      slides.push({ layout: 'section', title: text, notes: heading ? [heading.source, label.next(text)] : [label.next(text)] });
    }
    for (const chunk of plan.chunks[r]!) {
      const ranked = [...chunk].sort((a, b) => index.score(b) - index.score(a) || a - b).slice(0, bulletCount(chunk.length));
      // The weakest bullet goes while the slide would hold more lines than fit (the check measures; this avoids it).
      while (ranked.length > 2 && lines(ranked.map((i) => bulletOf(sentences[i]!))) > MAX_LINES) ranked.pop();
      const points = ranked.sort((a, b) => a - b).map((i) => bulletOf(sentences[i]!)).filter((b, i, list) => b.text && list.findIndex((o) => o.text === b.text) === i);
      slides.push({ layout: 'points', title: termTitle(index.titleTerms(chunk, 5), index, label.and, used) || title, points, notes: chunk.map((i) => sentences[i]!) });
    }
  });
  if (plan.summary) slides.push({ layout: 'points', title: label.summary, points: chosen.map((i) => ({ text: shorten(sentences[i]!) })), notes: [label.sumUp(chosen.length)] });
  slides.push({ layout: 'closing', notes: [label.thanks] });
  if (sectionTitles.length) agenda.notes = [label.parts(sectionTitles.length, sectionTitles.join('; '))];
  return { title, slides };
}

/** Speaker notes: the sentences, one per line (a single Markdown paragraph), as a YAML double-quoted scalar. */
const notesYaml = (notes: string[]) => `"${notes.map((s) => yamlString(s).slice(1, -1)).join('\\n')}"`;

/** The outline text of a first draft: YAML front matter, every string double-quoted. Same chapter, same bytes. */
export function draftOutline(chapter: Chapter, options: DraftOptions): string {
  const lang = options.lang ?? 'id';
  const { title, slides } = draftSlides(chapter, lang, options);
  const out = ['---', `# ${LABELS[lang].header.replaceAll('{{name}}', options.name)}`, `title: ${yamlString(title)}`, `lang: ${lang}`, 'slides:'];
  for (const slide of slides) {
    out.push(`  - layout: ${slide.layout}`);
    if ('title' in slide) out.push(`    title: ${yamlString(slide.title)}`);
    if ('points' in slide) {
      out.push('    points:');
      for (const point of slide.points) {
        if (!point.points?.length) out.push(`      - ${yamlString(point.text)}`);
        else out.push(`      - text: ${yamlString(point.text)}`, '        points:', ...point.points.map((p) => `          - ${yamlString(p)}`));
      }
    }
    if (slide.notes?.length) out.push(`    notes: ${notesYaml(slide.notes)}`);
  }
  out.push('---', '');
  return out.join('\n');
}
