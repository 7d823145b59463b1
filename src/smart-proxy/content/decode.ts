/**
 * The content service's `/content` body: Go gob of `RuleContentDirectory` (Part 7 point 3). Until the
 * gob codec (common/go/gob) is merged, the JSON form the content service also serves is accepted.
 */
import type { ContentDecoder } from './service.js';
import { decodeJsonContent } from './service.js';

export const decodeContent: ContentDecoder = (body, contentType) => decodeJsonContent(body, contentType);
