import type { CardDataMap, CardTemplateName } from '../card-data';
import { awarenessView } from './awareness';
import { awarenessConfirmedView } from './awareness-confirmed';
import { enforcePlanView } from './enforce-plan';
import { enforceUndoView } from './enforce-undo';
import { messageView } from './message';
import { numberConfirmView } from './number-confirm';
import { phoneApprovalView } from './phone-approval';
import { preloadView } from './preload';
import { readyDigestView } from './ready-digest';
import { waveAnnouncementView } from './wave-announcement';
import { waveOverlapView } from './wave-overlap';

/** Template name → the function that turns its data into what the template binds to. */
export const VIEWS: { [N in CardTemplateName]: (data: CardDataMap[N], locale: string) => object } = {
  awareness: awarenessView,
  'awareness-confirmed': awarenessConfirmedView,
  'wave-announcement': waveAnnouncementView,
  'ready-digest': readyDigestView,
  message: messageView,
  'phone-approval': phoneApprovalView,
  'number-confirm': numberConfirmView,
  'wave-overlap': waveOverlapView,
  preload: preloadView,
  'enforce-plan': enforcePlanView,
  'enforce-undo': enforceUndoView,
};
