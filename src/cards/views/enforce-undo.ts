import type { EnforceUndoCardData } from '../card-data';
import { resolveLocale, t, tp } from '../locales';
import { modeText } from './enforce-text';
import { assertToken } from './shared';

/** What `cards/enforce-undo.json` binds to: what Undo would do, then what it did. */
export function enforceUndoView(data: EnforceUndoCardData, locale: string) {
  const outcome = data.outcome;
  const canUndo = outcome === undefined && data.token !== undefined && data.enforced > 0;
  if (canUndo) assertToken('enforce-undo', data.token);
  return {
    lang: resolveLocale(locale),
    waveName: data.waveName,
    hasOutcome: outcome !== undefined,
    canUndo,
    token: data.token ?? '',
    text: {
      heading: t(locale, 'enforce.card.undo.heading'),
      body: tp(locale, 'enforce.card.undo.body', data.enforced, { mode: modeText(locale, data.mode) }),
      outcome: outcome
        ? [
            tp(locale, 'enforce.card.undo.done', outcome.restored, { admin: outcome.by }),
            ...(outcome.unrecorded ? [tp(locale, 'enforce.card.undo.unrecorded', outcome.unrecorded)] : []),
            ...(outcome.failed > 0 ? [tp(locale, 'enforce.card.undo.failed', outcome.failed)] : []),
          ].join(' ')
        : '',
      undo: tp(locale, 'enforce.card.undo.action', data.enforced),
    },
  };
}
