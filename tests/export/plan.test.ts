import { describe, expect, it } from 'vitest';
import { planExport } from '../../scripts/export/plan.ts';
import { DEFAULT_FORMATS } from '../../scripts/formats.ts';

const plan = (priority: ('html' | 'pdf')[], measure = true) => planExport({ formats: DEFAULT_FORMATS, isStale: () => true, measure, autoSplit: false, priority });

describe('planExport', () => {
  it('runs every page output side by side when nothing comes first', () => {
    expect(plan([]).batches).toEqual([['md'], ['html', 'pdf', 'handout', 'notes', 'overview']]);
    expect(plan([]).measurement).toBe('on-slides-pdf');
  });

  it('runs the priority outputs first, side by side (dev mode: the HTML and the slides PDF), then the rest', () => {
    expect(plan(['html', 'pdf']).batches).toEqual([['md'], ['html', 'pdf'], ['handout', 'notes', 'overview']]);
    expect(plan(['html']).batches).toEqual([['md'], ['html'], ['pdf', 'handout', 'notes', 'overview']]);
  });
});
