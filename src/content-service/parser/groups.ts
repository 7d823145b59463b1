/**
 * `groups_config.yaml` (spec 1.6): a YAML map from a group key to `{name, description, tags}`, served as an
 * array of `{title, description, tags}` (keys dropped). Upstream's order is Go map order (random, fixed
 * once cached); ours is the file's order. A missing or broken file is a GroupsFileError (exit code 1 at start).
 */
import { readFileSync } from 'node:fs';
import type { ContentGroup } from '#contracts/content.js';
import { unmarshalStructMap } from './go-yaml.js';

export class GroupsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GroupsFileError';
  }
}

export function parseGroupsFile(path: string): ContentGroup[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new GroupsFileError(`open ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`);
  }
  try {
    return unmarshalStructMap(text, 'groups.Group', { name: 'string', description: 'string', tags: '[]string' }).map(([, g]) => ({
      title: g.name,
      description: g.description,
      tags: g.tags,
    }));
  } catch (err) {
    throw new GroupsFileError((err as Error).message);
  }
}
