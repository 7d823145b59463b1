import {
  Masthead,
  MastheadBrand,
  MastheadMain,
  Nav,
  NavItem,
  NavList,
  Page,
  PageSidebar,
  PageSidebarBody,
  SkipToContent,
  Title,
} from '@patternfly/react-core';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { FeedbackProvider } from './components/Feedback.tsx';
import { ClusterPage } from './pages/ClusterPage.tsx';
import { ClustersPage } from './pages/ClustersPage.tsx';
import { RecommendationPage } from './pages/RecommendationPage.tsx';
import { RecommendationsPage } from './pages/RecommendationsPage.tsx';

const NAV = [
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/clusters', label: 'Clusters' },
];

export function App() {
  const { pathname } = useLocation();
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
            {NAV.map((item) => {
              const active = pathname.startsWith(item.to);
              return (
                <NavItem
                  key={item.to}
                  isActive={active}
                  component={(props) => (
                    <Link {...props} to={item.to} aria-current={active ? 'page' : undefined}>
                      {item.label}
                    </Link>
                  )}
                />
              );
            })}
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
        <Routes>
          <Route path="/" element={<Navigate to="/recommendations" replace />} />
          <Route path="/recommendations" element={<RecommendationsPage />} />
          <Route path="/recommendations/:ruleId" element={<RecommendationPage />} />
          <Route path="/clusters" element={<ClustersPage />} />
          <Route path="/clusters/:clusterId" element={<ClusterPage />} />
          <Route path="*" element={<Navigate to="/recommendations" replace />} />
        </Routes>
      </Page>
    </FeedbackProvider>
  );
}
