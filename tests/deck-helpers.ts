const q = (s: string) => JSON.stringify(s);

export const HOSTILE = ['---', '# x', '<script>alert(1)</script>', '<!-- class: x -->', '{{title}}', '{{> bullets}}', '<img src=x onerror=alert(1)>', '$$x$$', '> q', '1) a', ':::'];

/** Plain text of each rendered slide, with HTML entities decoded. */
export function slideTexts(html: string): string[] {
  return [...html.matchAll(/<section[^>]*>([\s\S]*?)<\/section>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      // parse5 (the sanitizer's serializer) writes U+00A0 as &nbsp;.
      .replace(/&nbsp;/g, '\u00a0')
      .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
      .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCodePoint(parseInt(code, 16)))
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' '),
  );
}

/** One slide of every layout, with `text` in every text field. */
export function everyLayout(text: string): string {
  const t = q(text);
  return [
    `  - layout: title`,
    `  - layout: agenda\n    title: ${t}`,
    `  - layout: section\n    title: ${t}\n    subtitle: ${t}`,
    `  - layout: points\n    title: ${t}\n    points:\n      - ${t}\n      - text: ${t}\n        points: [${t}]`,
    `  - layout: two-column\n    title: ${t}\n    left: { heading: ${t}, points: [${t}] }\n    right: { heading: ${t}, points: [${t}] }`,
    `  - layout: quote\n    text: ${t}\n    source: ${t}`,
    `  - layout: closing\n    title: ${t}\n    text: ${t}`,
    `  - layout: image\n    title: ${t}\n    src: ../tests/fixtures/standard-marp/peta.svg\n    alt: ${t}\n    caption: ${t}\n    credit: ${t}`,
  ].join('\n');
}

export function deckWith(text: string): string {
  const t = q(text);
  return `---\ntitle: ${t}\nsubtitle: ${t}\nauthor: ${t}\ninstitution: ${t}\ndate: ${t}\nrules: { notes-missing: off }\nslides:\n${everyLayout(text)}\n---\n`;
}

