import '@patternfly/react-core/dist/styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ProxyClient } from './api/client.ts';
import { App } from './App.tsx';
import { consoleConfig } from './config.ts';
import { ClientContext, TimingContext } from './useApi.tsx';

const config = consoleConfig();
const client = new ProxyClient({
  v1Prefix: config.apiV1Prefix,
  v2Prefix: config.apiV2Prefix,
  uploadPath: config.uploadPath,
  identity: config.identity,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <TimingContext.Provider value={{ refreshMs: config.refreshSeconds * 1000, retryMs: config.retrySeconds * 1000 }}>
        <BrowserRouter basename={import.meta.env.BASE_URL.replace(/\/$/, '')}>
          <App servicesPath={config.servicesPath} retryMs={config.retrySeconds * 1000} />
        </BrowserRouter>
      </TimingContext.Provider>
    </ClientContext.Provider>
  </StrictMode>,
);
