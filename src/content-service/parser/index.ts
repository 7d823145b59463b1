export { GroupsFileError, parseGroupsFile } from './groups.js';
export { ContentTreeError, type ParsedContent, parseContentTree } from './parse.js';
