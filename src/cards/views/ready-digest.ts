import { DIGEST_STATES, type ReadyDigestCardData } from '../card-data';
import { formatDate, formatNumber } from '../format';
import { resolveLocale, t, tp } from '../locales';
import { assertToken, SMS_VOICE_RETIREMENT } from './shared';

/**
 * Rows the digest shows at most. Teams refuses messages over roughly 28 KB; 20 rows of long names
 * stay well under it, and an admin reads the rest in the export.
 */
export const MAX_DIGEST_ROWS = 20;

/** What `cards/ready-digest.json` binds to. */
export function readyDigestView(data: ReadyDigestCardData, locale: string) {
  if (data.enforceToken !== undefined) assertToken('ready-digest', data.enforceToken);
  const total = Math.max(data.readyTotal ?? data.readyUsers.length, data.readyUsers.length);
  const shown = data.readyUsers.slice(0, MAX_DIGEST_ROWS);
  const more = total - shown.length;
  const counts = DIGEST_STATES.flatMap((state) => {
    const count = data.counts[state];
    return count === undefined
      ? []
      : [{ label: t(locale, `state.${state}`), value: formatNumber(locale, count) }];
  });
  return {
    lang: resolveLocale(locale),
    waveName: data.waveName,
    hasCounts: counts.length > 0,
    counts,
    hasRows: shown.length > 0,
    rows: shown.map((user) => ({
      displayName: user.displayName,
      userPrincipalName: user.userPrincipalName,
      // Said in words, and in bold as a second cue; never by colour alone.
      methods: t(locale, user.phoneOnly ? 'digest.methods.phoneOnly' : 'digest.methods.strong'),
      methodsWeight: user.phoneOnly ? 'bolder' : 'default',
    })),
    hasMore: more > 0,
    anyPhoneOnly: shown.some((user) => user.phoneOnly),
    canEnforce: data.enforceToken !== undefined && total > 0,
    enforceToken: data.enforceToken ?? '',
    text: {
      fallbackText: tp(locale, 'digest.fallbackText', total, { wave: data.waveName }),
      heading: t(locale, 'digest.heading'),
      countsHeading: t(locale, 'digest.countsHeading'),
      readyHeading: t(locale, 'digest.readyHeading'),
      readySummary: tp(locale, 'digest.readySummary', total),
      noneReady: t(locale, 'digest.noneReady'),
      columnName: t(locale, 'digest.column.name'),
      columnUpn: t(locale, 'digest.column.upn'),
      columnMethods: t(locale, 'digest.column.methods'),
      more: tp(locale, 'digest.more', Math.max(more, 0)),
      phoneOnlyNote: t(locale, 'digest.phoneOnlyNote', {
        retirementDate: formatDate(locale, SMS_VOICE_RETIREMENT),
      }),
      enforce: tp(locale, 'action.enforce', total),
    },
  };
}
