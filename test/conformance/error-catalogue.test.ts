import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scimError } from '../../src/scim/errors.js';

interface CatalogueRow {
  factory: string;
  status: string;
  scimType: string | undefined;
  when: string;
}

/** Reads the factory table of docs/errors.md: every row whose first cell is a `code` name. */
function readCatalogue(markdown: string): CatalogueRow[] {
  const rows: CatalogueRow[] = [];
  for (const line of markdown.split('\n')) {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((cell) => cell.trim());
    const factory = /^`(\w+)`$/.exec(cells[0] ?? '')?.[1];
    if (!factory) continue;
    const scimType = cells[2] ?? '';
    rows.push({
      factory,
      status: cells[1] ?? '',
      scimType: scimType === '-' || scimType === '' ? undefined : scimType,
      when: cells[3] ?? '',
    });
  }
  return rows;
}

const catalogue = readCatalogue(
  readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8'),
);
const factories = Object.keys(scimError) as (keyof typeof scimError)[];

describe('docs/errors.md', () => {
  it('lists exactly the factories of scimError, each once', () => {
    const listed = catalogue.map((row) => row.factory);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...factories].sort());
  });

  it.each(factories)('documents the status and scimType %s produces', (name) => {
    const made = scimError[name]('catalogue probe');
    const row = catalogue.find((r) => r.factory === name);
    expect(row).toBeDefined();
    expect({ status: row?.status, scimType: row?.scimType }).toEqual({
      status: String(made.status),
      scimType: made.scimType,
    });
  });

  it('says when Roster raises every error', () => {
    for (const row of catalogue) expect(row.when.length, row.factory).toBeGreaterThan(20);
  });
});
