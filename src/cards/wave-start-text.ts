import { othersThan, type WaveOverlap, type WaveStartRefusal } from '../rollout/wave-start';
import { t, tp } from './locales';

/** Why a wave did not start, as the admin reads it: in chat (a card) and in the CLI (one line). */
export interface WaveStartText {
  title: string;
  paragraphs: string[];
}

/**
 * "34 users are already in the active wave Pilot, 12 of them ready or enforced there. 3 users are
 * already in the active wave Finance.": each wave with its own ready or enforced users, then the rule.
 */
function overlapParagraphs(locale: string, overlap: WaveOverlap): string[] {
  const facts = overlap.waves.map((wave) =>
    wave.alreadyDone
      ? tp(locale, 'waveStart.overlap.inWaveSomeDone', wave.users, {
          wave: wave.name,
          done: wave.alreadyDone,
        })
      : tp(locale, 'waveStart.overlap.inWave', wave.users, { wave: wave.name }),
  );
  if (overlap.usersInOtherWaves) {
    facts.push(
      overlap.alreadyDoneInOtherWaves
        ? tp(locale, 'waveStart.overlap.inOtherWavesSomeDone', overlap.usersInOtherWaves, {
            done: overlap.alreadyDoneInOtherWaves,
          })
        : tp(locale, 'waveStart.overlap.inOtherWaves', overlap.usersInOtherWaves),
    );
  }
  return [facts.join(' '), t(locale, 'waveStart.overlap.rule')];
}

export function waveStartRefusalText(refusal: WaveStartRefusal, locale: string): WaveStartText {
  const simple = (title: Parameters<typeof t>[1], body: Parameters<typeof t>[1], params = {}) => ({
    title: t(locale, title),
    paragraphs: [t(locale, body, params)],
  });
  switch (refusal.kind) {
    case 'invalid-group-id':
      return simple('waveStart.invalidGroupId.title', 'waveStart.invalidGroupId.body', {
        given: refusal.given,
      });
    case 'group-not-found':
      return simple('waveStart.groupNotFound.title', 'waveStart.groupNotFound.body', {
        groupId: refusal.groupId,
      });
    case 'group-forbidden':
      return simple('waveStart.groupForbidden.title', 'waveStart.groupForbidden.body', {
        groupId: refusal.groupId,
      });
    case 'group-empty':
      return simple('waveStart.groupEmpty.title', 'waveStart.groupEmpty.body', {
        group: refusal.groupName ?? refusal.groupId,
      });
    case 'name-too-long':
      return simple('waveStart.nameTooLong.title', 'waveStart.nameTooLong.body', {
        max: refusal.max,
        length: refusal.length,
      });
    case 'deadline-out-of-range':
      return simple('waveStart.deadline.title', 'waveStart.deadline.body', {
        min: refusal.min,
        max: refusal.max,
        given: refusal.given,
      });
    case 'overlap':
      return overlapWarningText(refusal.overlap, locale);
    case 'nobody-left':
      return {
        title: t(locale, 'waveStart.nobodyLeft.title'),
        paragraphs: [...overlapParagraphs(locale, refusal.overlap), t(locale, 'waveStart.nobodyLeft.body')],
      };
  }
}

/** The overlap warning: who is already where, the rule, and how to start with the others only. */
export function overlapWarningText(overlap: WaveOverlap, locale: string): WaveStartText {
  return {
    title: t(locale, 'waveStart.overlap.title'),
    paragraphs: [
      ...overlapParagraphs(locale, overlap),
      tp(locale, 'waveStart.overlap.refused', othersThan(overlap)),
    ],
  };
}

/** In place of the warning once an admin pressed its button: what was decided, by whom, and the numbers. */
export function overlapAcceptedText(
  accepted: { overlap: WaveOverlap; waveName: string; by: string },
  locale: string,
): WaveStartText {
  const others = othersThan(accepted.overlap);
  return {
    title: tp(locale, 'waveStart.accepted.title', others, { wave: accepted.waveName }),
    paragraphs: [
      tp(locale, 'waveStart.accepted.by', others, { admin: accepted.by }),
      ...overlapParagraphs(locale, accepted.overlap),
    ],
  };
}

/** Who is already in which active wave, on one line (a dry run's report). */
export function waveOverlapLine(overlap: WaveOverlap, locale = 'en'): string {
  return overlapParagraphs(locale, overlap).join(' ');
}

/** The refusal on one line, for a terminal. */
export function waveStartRefusalLine(refusal: WaveStartRefusal, locale = 'en'): string {
  return waveStartRefusalText(refusal, locale).paragraphs.join(' ');
}
