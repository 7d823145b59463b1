// Loading data from the proxy: the client in a context, a hook with loading/error/data states and reload,
// and the component that shows loading and error states in one way everywhere.
import { Bullseye, Button, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Spinner } from '@patternfly/react-core';
import { ExclamationCircleIcon } from '@patternfly/react-icons';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, type ProxyClient } from './api/client.ts';

export const ClientContext = createContext<ProxyClient | null>(null);

export function useClient(): ProxyClient {
  const client = useContext(ClientContext);
  if (!client) throw new Error('no ProxyClient in context');
  return client;
}

export type Loaded<T> =
  | { state: 'loading'; reload: () => void }
  | { state: 'error'; error: Error; reload: () => void }
  | { state: 'ok'; data: T; reload: () => void };

export function useApi<T>(load: (client: ProxyClient) => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const client = useClient();
  const [tick, setTick] = useState(0);
  const [result, setResult] = useState<{ state: 'loading' } | { state: 'error'; error: Error } | { state: 'ok'; data: T }>({
    state: 'loading',
  });
  const reload = useCallback(() => setTick((t) => t + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again
  useEffect(() => {
    let live = true;
    load(client).then(
      (data) => live && setResult({ state: 'ok', data }),
      (error: unknown) => live && setResult({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [client, tick, ...deps]);
  return { ...result, reload } as Loaded<T>;
}

/** Title and text for a failed call: proxy unreachable, an upstream of the proxy unavailable, or another error. */
export function describeError(error: Error): { title: string; body: string } {
  if (error instanceof ApiError && error.kind === 'unreachable')
    return { title: 'The smart proxy cannot be reached', body: `${error.message} The page will work again once it answers.` };
  if (error instanceof ApiError && error.serviceUnavailable)
    return { title: 'A service is unavailable', body: `The smart proxy answered: ${error.message}.` };
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
  if (loaded.state === 'error') return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  return <>{children(loaded.data)}</>;
}
