// The dialog asking for a justification (org-wide disable) or feedback (disable for one cluster).
import { Button, Form, FormGroup, Modal, ModalBody, ModalFooter, ModalHeader, TextArea } from '@patternfly/react-core';
import { useState } from 'react';

export function ReasonModal(props: {
  title: string;
  label: string;
  confirm: string;
  onConfirm: (text: string) => Promise<void>;
  onClose: () => void;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await props.onConfirm(text);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal isOpen variant="small" onClose={props.onClose} aria-labelledby="reason-modal-title">
      <ModalHeader title={props.title} labelId="reason-modal-title" />
      <ModalBody>
        <Form
          id="reason-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <FormGroup label={props.label} fieldId="reason-text">
            <TextArea id="reason-text" value={text} onChange={(_e, v) => setText(v)} autoFocus resizeOrientation="vertical" />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" type="submit" form="reason-form" isLoading={busy} isDisabled={busy}>
          {props.confirm}
        </Button>
        <Button variant="link" onClick={props.onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
