/**
 * The content service's `/content` body: Go gob of `RuleContentDirectory` (Part 7 point 3), decoded with
 * the platform's gob codec (common/go/gob) into the JSON shape of contracts/content.ts. The gob body is
 * labelled `application/json` upstream, so the body itself decides: a JSON object (the content service's
 * `Accept: application/json` form) is read as JSON, anything else as gob.
 */
import { decodeGobValue } from '#common/go/gob/index.js';
import { contentFromGobValue, type RuleContentDirectory } from '#contracts/content.js';
import type { ContentDecoder } from './service.js';

export const decodeContent: ContentDecoder = (body) => {
  if (body[0] === 0x7b) return JSON.parse(body.toString('utf8')) as RuleContentDirectory;
  const decoded = decodeGobValue(body);
  const name = typeof decoded.type === 'string' ? decoded.type : decoded.type.name;
  if (name !== 'RuleContentDirectory') throw new Error(`gob value of type ${name}, not RuleContentDirectory`);
  return contentFromGobValue(decoded.value);
};
