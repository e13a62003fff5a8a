import { appendFileSync } from 'node:fs';

/** One line of the reliability tables in docs/reliability.md. */
export interface Figure {
  scenario: string;
  database: string;
  requestsTried: number;
  faultsInjected: number;
  writesAcknowledged: number;
  writesFound: number;
  note?: string;
}

/**
 * Records a figure: printed to stdout, and appended as one JSON line to the file named by
 * ROSTER_RELIABILITY_FIGURES when it is set (docs/reliability.md is filled from that file).
 */
export function recordFigure(figure: Figure): void {
  const file = process.env['ROSTER_RELIABILITY_FIGURES'];
  if (file)
    appendFileSync(file, `${JSON.stringify({ ...figure, at: new Date().toISOString() })}\n`);
  else if (process.env['ROSTER_RELIABILITY_VERBOSE']) console.log(JSON.stringify(figure));
}
