/**
 * An extracted archive as the rules see it: its files, and every parser's result computed once and shared
 * by all the rules that need it (spec 3). A parser returns `undefined` when its files are absent: the rules
 * requiring it are then skipped with MISSING_REQUIREMENTS.
 */
import type { ArchiveFiles } from '../archive/extract.js';

export interface Parser<T> {
  /** The name a skip lists as the missing requirement (upstream's spec/model class path). */
  readonly name: string;
  parse(archive: Archive): T | undefined;
}

export class Archive {
  readonly files: ArchiveFiles;
  /** When the Insights Operator gathered the archive (the announcement's gathering time, else now). */
  readonly gatheredAt: Date;
  readonly #parsed = new Map<Parser<unknown>, { value: unknown } | { error: unknown }>();

  constructor(files: ArchiveFiles, gatheredAt: Date = new Date()) {
    this.files = files;
    this.gatheredAt = gatheredAt;
  }

  text(path: string): string | undefined {
    return this.files.get(path)?.toString('utf8');
  }

  /** JSON of one file; undefined when absent; throws on a syntax error (the parser's caller decides). */
  json(path: string): unknown {
    const text = this.text(path);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** Paths of the files directly inside `folder` (no deeper) ending in `suffix`. */
  listDirect(folder: string, suffix = ''): string[] {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    const out: string[] = [];
    for (const path of this.files.keys()) {
      if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/') && path.endsWith(suffix)) out.push(path);
    }
    return out.sort();
  }

  /** The parser's result, computed on first use; a parser that throws counts as absent for every rule. */
  get<T>(parser: Parser<T>): T | undefined {
    let entry = this.#parsed.get(parser);
    if (!entry) {
      try {
        entry = { value: parser.parse(this) };
      } catch (error) {
        entry = { error };
      }
      this.#parsed.set(parser, entry);
    }
    return 'value' in entry ? (entry.value as T | undefined) : undefined;
  }
}
