/**
 * A stand-in for the content service over HTTP (`/api/v1/content` as Go gob, `/groups`, `/info`) until
 * its executable is on main; encodes with the platform's gob encoder. Can be stopped and restarted on
 * the same port (outage tests).
 */
import { encodeGob } from '#common/go/gob/index.js';
import { contentToGobValue, RULE_CONTENT_DIRECTORY_GOB, type RuleContentDirectory } from '#contracts/content.js';
import { FakeServer } from '#test/fakes/server.js';
import { contentFixture, GROUPS } from './content-fixture.js';

export class ContentStub {
  directory: RuleContentDirectory = contentFixture();
  readonly server = new FakeServer((req) => {
    switch (req.url.pathname) {
      case '/api/v1/content':
        return {
          status: 200,
          text: Buffer.from(encodeGob(RULE_CONTENT_DIRECTORY_GOB, contentToGobValue(this.directory))).toString('latin1'),
          headers: { 'content-type': 'application/json; charset=utf-8' },
          binary: true,
        };
      case '/api/v1/groups':
        return { status: 200, json: { groups: GROUPS, status: 'ok' } };
      case '/api/v1/info':
        return { status: 200, json: { info: { BuildVersion: 'v1.0.0', OCPRulesVersion: '2026.08.12' }, status: 'ok' } };
      default:
        return { status: 404, text: '404 page not found\n' };
    }
  });

  get url(): string {
    return `${this.server.url}/api/v1/`;
  }
}
