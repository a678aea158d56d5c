import { describe, expect, it } from 'vitest';
import { planExport } from '../../scripts/export/plan.ts';
import { DEFAULT_FORMATS } from '../../scripts/formats.ts';

const plan = (priority: ('html' | 'pdf')[], measure = true) => planExport({ formats: DEFAULT_FORMATS, isStale: () => true, measure, autoSplit: false, priority });

describe('planExport', () => {
  it('runs every page output side by side when nothing comes first', () => {
    expect(plan([]).batches).toEqual([['md'], ['html', 'pdf', 'handout', 'notes', 'overview']]);
    expect(plan([]).measurement).toBe('on-slides-pdf');
  });

  it('runs priority outputs one after another in the order given (dev mode: the slides PDF, then the HTML), then the rest', () => {
    expect(plan(['pdf', 'html']).batches).toEqual([['md'], ['pdf'], ['html'], ['handout', 'notes', 'overview']]);
    expect(plan(['html']).batches).toEqual([['md'], ['html'], ['pdf', 'handout', 'notes', 'overview']]);
  });
});
