import {
  Masthead,
  MastheadBrand,
  MastheadMain,
  Nav,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  SkipToContent,
  Title,
} from '@patternfly/react-core';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { FeedbackProvider } from './components/Feedback.tsx';
import { ServicesBanner } from './components/ServicesBanner.tsx';
import { ClusterPage } from './pages/ClusterPage.tsx';
import { ClustersPage } from './pages/ClustersPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { RecommendationPage } from './pages/RecommendationPage.tsx';
import { RecommendationsPage } from './pages/RecommendationsPage.tsx';
import { UploadPage } from './pages/UploadPage.tsx';
import { WorkloadPage } from './pages/WorkloadPage.tsx';
import { WorkloadsPage } from './pages/WorkloadsPage.tsx';

const NAV = [
  { to: '/overview', label: 'Overview' },
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/clusters', label: 'Clusters' },
  { to: '/workloads', label: 'Workloads' },
  { to: '/upload', label: 'Upload' },
];

/** servicesPath: the launcher's service states (a banner per service not running), polled every retryMs. */
export function App({ servicesPath = null, retryMs = 5000 }: { servicesPath?: string | null; retryMs?: number }) {
  const masthead = (
    <Masthead>
      <MastheadMain>
        <MastheadBrand>
          <Title headingLevel="h1" size="lg" style={{ color: 'var(--pf-t--global--text--color--regular)' }}>
            Insights Advisor for OpenShift
          </Title>
        </MastheadBrand>
      </MastheadMain>
    </Masthead>
  );
  const sidebar = (
    <PageSidebar>
      <PageSidebarBody>
        <Nav aria-label="Advisor">
          <NavList>
            {NAV.map((item) => (
              // PatternFly's nav item markup around react-router's NavLink (which sets aria-current="page").
              <li key={item.to} className="pf-v6-c-nav__item">
                <NavLink to={item.to} className={({ isActive }) => `pf-v6-c-nav__link${isActive ? ' pf-m-current' : ''}`}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </NavList>
        </Nav>
      </PageSidebarBody>
    </PageSidebar>
  );
  return (
    <FeedbackProvider>
      <Page
        masthead={masthead}
        sidebar={sidebar}
        isManagedSidebar
        mainContainerId="main-content"
        skipToContent={<SkipToContent href="#main-content">Skip to content</SkipToContent>}
      >
        <ServicesBanner path={servicesPath} everyMs={retryMs} />
        <Routes>
          <Route path="/" element={<Navigate to="/overview" replace />} />
          <Route path="/overview" element={<OverviewPage />} />
          <Route path="/recommendations" element={<RecommendationsPage />} />
          <Route path="/recommendations/:ruleId" element={<RecommendationPage />} />
          <Route path="/clusters" element={<ClustersPage />} />
          <Route path="/clusters/:clusterId" element={<ClusterPage />} />
          <Route path="/workloads" element={<WorkloadsPage />} />
          <Route path="/workloads/:clusterId/:namespaceId" element={<WorkloadPage />} />
          <Route path="/upload" element={<UploadPage />} />
          <Route path="*" element={<Navigate to="/overview" replace />} />
        </Routes>
      </Page>
    </FeedbackProvider>
  );
}
