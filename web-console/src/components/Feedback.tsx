// Short-lived messages after an action (disable, enable, vote): a live region screen readers announce.
import { Alert, AlertActionCloseButton, AlertGroup } from '@patternfly/react-core';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';

interface Message {
  id: number;
  variant: 'success' | 'danger' | 'info';
  title: string;
}

const FeedbackContext = createContext<(variant: Message['variant'], title: string) => void>(() => {});

export function useFeedback() {
  return useContext(FeedbackContext);
}

export function FeedbackProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<Message[]>([]);
  const push = useCallback((variant: Message['variant'], title: string) => {
    setMessages((m) => [...m.slice(-3), { id: Date.now() + Math.random(), variant, title }]);
  }, []);
  const remove = (id: number) => setMessages((m) => m.filter((x) => x.id !== id));
  return (
    <FeedbackContext.Provider value={push}>
      {children}
      <AlertGroup isToast isLiveRegion>
        {messages.map((m) => (
          <Alert
            key={m.id}
            variant={m.variant}
            title={m.title}
            timeout={8000}
            onTimeout={() => remove(m.id)}
            actionClose={<AlertActionCloseButton title={m.title} onClose={() => remove(m.id)} />}
          />
        ))}
      </AlertGroup>
    </FeedbackContext.Provider>
  );
}
