/**
 * `ccx-data-pipeline analyze ARCHIVE.tar.gz|FOLDER [--format json|text]`: runs the rules over one archive
 * and prints the report (JSON), or a readable summary: each hit's rule and error key, and skips. The DVO
 * findings of `config/dvo_metrics` are part of both: `workload_recommendations` in the JSON (the key
 * upstream's report carries them under), `DVO` lines in the text; a refused file is a warning on stderr.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { CliIO } from '#common/service/shell.js';
import { type ArchiveFiles, ArchiveError, extractArchive } from './archive/extract.js';
import type { Settings } from './config.js';
import { Archive } from './engine/archive.js';
import { runRules } from './engine/engine.js';
import { dvoFindings } from './dvo/extract.js';
import { OCP_RULES } from './engine/rules/index.js';

async function readFolder(root: string): Promise<ArchiveFiles> {
  const files: ArchiveFiles = new Map();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) files.set(relative(root, path).split('\\').join('/'), await readFile(path));
    }
  };
  await walk(root);
  return files;
}

export async function analyzeCommand(args: string[], settings: Settings, io: CliIO): Promise<number> {
  const formatIdx = args.indexOf('--format');
  const format = formatIdx >= 0 ? args[formatIdx + 1] : 'json';
  const target = formatIdx < 0 ? args[0] : args.filter((_, i) => i !== formatIdx && i !== formatIdx + 1)[0];
  if (!target || (format !== 'json' && format !== 'text')) {
    io.err('usage: ccx-data-pipeline analyze ARCHIVE.tar.gz|FOLDER [--format json|text]\n');
    return 2;
  }
  let files: ArchiveFiles;
  try {
    files = (await stat(target)).isDirectory() ? await readFolder(target) : await extractArchive(await readFile(target), settings.extract);
  } catch (err) {
    io.err(`${target}: ${err instanceof ArchiveError ? err.message : (err as Error).message}\n`);
    return 1;
  }
  const report = runRules(new Archive(files), OCP_RULES, { ruleBudgetMs: settings.ruleBudgetMs });
  const dvo = dvoFindings(files, settings.dvo);
  if (dvo.kind === 'refused') io.err(`warning: DVO metrics refused: ${dvo.reason}\n`);
  const recommendations = dvo.kind === 'found' ? dvo.recommendations : [];
  if (format === 'json') {
    const printed = dvo.kind === 'found' ? { ...report, workload_recommendations: recommendations } : report;
    io.out(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  }
  const dvoCount = dvo.kind === 'found' ? `, ${recommendations.length} DVO recommendation(s)` : '';
  io.out(`${report.reports.length} hit(s), ${report.skips.length} skip(s), ${report.info.length} info item(s)${dvoCount}\n`);
  for (const hit of report.reports) io.out(`HIT  ${hit.rule_id}\n     ${JSON.stringify(hit.details)}\n`);
  for (const s of report.skips) io.out(`SKIP ${s.rule_fqdn}: ${s.reason} ${s.details}\n`);
  for (const i of report.info) io.out(`INFO ${i.info_id}: ${JSON.stringify(i.details)}\n`);
  for (const r of recommendations) {
    io.out(`DVO  ${r.response_id}: ${r.workloads.length} workload(s)\n`);
    for (const w of r.workloads) io.out(`     ${w.kind} ${w.namespace || w.namespace_uid}/${w.name || w.uid}\n`);
  }
  return 0;
}
