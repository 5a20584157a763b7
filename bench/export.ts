// `npm run bench -- --export DIR`: the instance the plan solves, as JSON, so that any other
// assignment solver can be run on exactly the same graph and compared with `totalCost`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanState } from '../src/modules/matching/engine/plan.js';

export interface ExportedPlan {
  rows: number;
  cols: number;
  rowStart: number[];
  col: number[];
  cost: number[];
  totalCost: number;
}

export function exportedPlan(state: PlanState): ExportedPlan {
  const { graph, totalCost } = state.solvedGraph();
  return {
    rows: graph.rows,
    cols: graph.cols,
    rowStart: Array.from(graph.rowStart),
    col: Array.from(graph.col),
    cost: Array.from(graph.cost),
    totalCost,
  };
}

/** Writes DIR/plan-{n}x{m}.json and returns its path. */
export function writePlanExport(dir: string, name: string, state: PlanState): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(exportedPlan(state)));
  return path;
}

/** The DIR after `--export`, or undefined. */
export function exportDirFromArgs(argv: readonly string[]): string | undefined {
  const k = argv.indexOf('--export');
  if (k < 0) return undefined;
  const dir = argv[k + 1];
  if (!dir || dir.startsWith('--')) throw new Error('--export needs a directory: npm run bench -- --export DIR');
  return dir;
}
