/**
 * The content cache (spec 2.2 points 5-7): `content` and `groups` are fetched at start and then every
 * `services.groups_poll_time`; each good content fetch builds a new ContentStore and swaps it in at once;
 * a failed fetch keeps the last good copy. Before the first load, a request that needs content waits up to
 * `services.content_directory_timeout` and is woken as soon as the load lands (upstream sleeps the whole
 * timeout), then fails with 503. Groups: the latest `{groups, lastError}`.
 */
import type { Logger } from 'pino';
import { AppError } from '#common/errors.js';
import { UNREACHABLE, type Upstream, UpstreamUnavailable } from '../upstream/http.js';
import { ContentStore } from './store.js';
import type { ContentGroup as Group, RuleContentDirectory } from '#contracts/content.js';

/** Decodes the body of `GET {content}content` (the gob codec, or JSON when the service sent JSON). */
export type ContentDecoder = (body: Buffer, contentType: string) => RuleContentDirectory;

export class ContentService {
  private store: ContentStore | null = null;
  private groups: Group[] = [];
  private groupsError: AppError | null = null;
  private waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly upstream: Upstream,
    private readonly decode: ContentDecoder,
    private readonly pollMs: number,
    private readonly coldStartMs: number,
    private readonly logger: Logger,
  ) {}

  /** First fetch now, then every poll interval. */
  start(): void {
    const tick = async () => {
      await Promise.allSettled([this.refreshContent(), this.refreshGroups()]);
      if (!this.stopped) this.timer = setTimeout(tick, this.pollMs > 0 ? this.pollMs : 60_000);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  async refreshContent(): Promise<boolean> {
    try {
      const res = await this.upstream.call('content');
      const directory = this.decode(res.body, String(res.headers['content-type'] ?? ''));
      this.store = new ContentStore(directory);
      for (const wake of this.waiters.splice(0)) wake();
      this.logger.debug({ rules: this.store.rules.length }, 'rule content loaded');
      return true;
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'rule content could not be loaded; the last good copy stays');
      return false;
    }
  }

  async refreshGroups(): Promise<void> {
    try {
      const res = await this.upstream.call('groups');
      const body = res.json<{ groups?: Group[] }>();
      if (!Array.isArray(body.groups)) throw new Error(`bad groups answer (HTTP ${res.status})`);
      this.groups = body.groups;
      this.groupsError = null;
    } catch (err) {
      this.groupsError =
        err instanceof UpstreamUnavailable
          ? new AppError('unavailable', UNREACHABLE.content)
          : new AppError('internal', (err as Error).message);
      this.logger.error({ err: (err as Error).message }, 'groups could not be loaded');
    }
  }

  /** The current store; before the first load waits (woken by the load) up to the cold-start timeout, then 503. */
  async content(): Promise<ContentStore> {
    if (this.store) return this.store;
    if (this.coldStartMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, this.coldStartMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(done);
      });
    }
    if (this.store) return this.store;
    throw new AppError('unavailable', UNREACHABLE.contentTimeout);
  }

  /** The groups, or the last poll's error (spec 2.2 point 7). */
  currentGroups(): Group[] {
    if (this.groupsError) throw this.groupsError;
    return this.groups;
  }

  get loaded(): boolean {
    return this.store !== null;
  }
}
