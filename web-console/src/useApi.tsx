// Loading data from the proxy: the client in a context, a hook with loading/error/data states and reload,
// and the component that shows loading and error states in one way everywhere.
import {
  Alert,
  AlertActionLink,
  Bullseye,
  Button,
  EmptyState,
  EmptyStateActions,
  EmptyStateBody,
  EmptyStateFooter,
  Spinner,
} from '@patternfly/react-core';
import { ExclamationCircleIcon } from '@patternfly/react-icons';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, type ProxyClient } from './api/client.ts';

export const ClientContext = createContext<ProxyClient | null>(null);

/** How often views load again (refreshMs, lists only) and retry after a transient failure (retryMs); 0: never. */
export const TimingContext = createContext<{ refreshMs: number; retryMs: number }>({ refreshMs: 0, retryMs: 0 });

export function useClient(): ProxyClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('no ProxyClient in context');
  return client;
}

/**
 * `error` keeps the data of the last successful load of the same view (`stale`), so a refresh that fails
 * shows what is down above what was shown, instead of a blank page.
 */
export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; error: Error; stale?: T; reload: () => void }
  | { state: 'ok'; data: T; reload: () => void };

type Result<T> = { state: 'loading' } | { state: 'error'; error: Error; stale?: T; key: string } | { state: 'ok'; data: T; key: string };

/** Failures that end by themselves when the service comes back: retried every `retryMs`. */
export function isTransient(error: Error): boolean {
  return error instanceof ApiError && error.transient;
}

/**
 * Loads `load(client)` when `deps` change; with `refresh`, again every `refreshMs` (so a list notices a
 * service that stopped, and its recovery); after a transient failure, again every `retryMs`.
 */
export function useApi<T>(
  load: (client: ProxyClient) => Promise<T>,
  deps: readonly unknown[],
  options: { refresh?: boolean } = {},
): Loaded<T> {
  const client = useClient();
  const timing = useContext(TimingContext);
  const [tick, setTick] = useState(0);
  const [result, setResult] = useState<Result<T>>({ state: 'loading' });
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const key = JSON.stringify(deps);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    let live = true;
    load(client).then(
      (data) => live && setResult({ state: 'ok', data, key }),
      (error: unknown) =>
        live &&
        setResult((previous) => {
          const e = error instanceof Error ? error : new Error(String(error));
          const stale = previous.state === 'ok' ? previous.data : previous.state === 'error' ? previous.stale : undefined;
          const sameView = previous.state !== 'loading' && previous.key === key;
          return { state: 'error', error: e, stale: sameView ? stale : undefined, key };
        }),
    );
    return () => {
      live = false;
    };
  }, [client, tick, key]);
  useEffect(() => {
    const every =
      result.state === 'ok' && options.refresh
        ? timing.refreshMs
        : result.state === 'error' && isTransient(result.error)
          ? timing.retryMs
          : 0;
    if (every <= 0) return;
    const timer = setTimeout(reload, every);
    return () => clearTimeout(timer);
  }, [result, options.refresh, timing, reload]);
  if (result.state === 'loading') return { state: 'loading', reload };
  if (result.state === 'error') return { state: 'error', error: result.error, stale: result.stale, reload };
  return { state: 'ok', data: result.data, reload };
}

/** Title and text for a failed call: proxy unreachable, an upstream of the proxy unavailable, or another error. */
export function describeError(error: Error): { title: string; body: string } {
  if (error instanceof ApiError && (error.kind === 'unreachable' || error.httpStatus === 502 || error.httpStatus === 504))
    return { title: `${error.service} cannot be reached`, body: `${error.message} The page will work again once it answers.` };
  if (error instanceof ApiError && error.serviceUnavailable) {
    // The proxy's 503 texts name the upstream: `Aggregator service is unreachable`, `Content service is ...`.
    const named = /^(.+?) (?:service |API )?is unreachable/i.exec(error.message);
    const title = named ? `${named[1]} service is unavailable` : 'A service is unavailable';
    return { title, body: `${error.service} answered: ${error.message}.` };
  }
  if (error instanceof ApiError && error.httpStatus === 403) return { title: 'Access denied', body: error.message };
  if (error instanceof ApiError && error.httpStatus === 404) return { title: 'Not found', body: error.message };
  return { title: 'Something went wrong', body: error.message };
}

/** One line for a failed action, for the feedback messages. */
export function errorLine(e: unknown): string {
  const error = e instanceof Error ? e : new Error(String(e));
  return `${describeError(error).title}: ${error.message}`;
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { title, body } = describeError(error);
  return (
    <EmptyState titleText={title} headingLevel="h2" icon={ExclamationCircleIcon} status="danger" role="alert">
      <EmptyStateBody>{body}</EmptyStateBody>
      {onRetry && (
        <EmptyStateFooter>
          <EmptyStateActions>
            <Button variant="primary" onClick={onRetry}>
              Try again
            </Button>
          </EmptyStateActions>
        </EmptyStateFooter>
      )}
    </EmptyState>
  );
}

export function LoadingState({ what }: { what: string }) {
  return (
    <Bullseye>
      <Spinner aria-label={`Loading ${what}`} aria-valuetext={`Loading ${what}`} />
    </Bullseye>
  );
}

export function DataState<T>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (data: T) => ReactNode }) {
  if (loaded.state === 'loading') return <LoadingState what={what} />;
  if (loaded.state === 'error' && loaded.stale !== undefined)
    return (
      <>
        <StaleAlert error={loaded.error} onRetry={loaded.reload} />
        {children(loaded.stale)}
      </>
    );
  if (loaded.state === 'error') return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  return <>{children(loaded.data)}</>;
}

/** A refresh failed: what is down, above the data loaded before (which may be out of date). */
export function StaleAlert({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { title, body } = describeError(error);
  return (
    <Alert
      variant="danger"
      isInline
      role="alert"
      title={title}
      actionLinks={<AlertActionLink onClick={onRetry}>Try again</AlertActionLink>}
      style={{ marginBottom: '1rem' }}
    >
      {body} What is shown below may be out of date.
    </Alert>
  );
}
