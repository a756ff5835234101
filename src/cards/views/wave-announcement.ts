import type { WaveAnnouncementCardData, WaveSource } from '../card-data';
import { formatDate, formatNumber } from '../format';
import { resolveLocale, t } from '../locales';

function sourceText(locale: string, source: WaveSource): string {
  switch (source.kind) {
    case 'entraGroup':
      return t(locale, 'announcement.source.entraGroup', { name: source.groupName });
    case 'csv':
      return t(locale, 'announcement.source.csv', { name: source.fileName });
    case 'list':
      return t(locale, 'announcement.source.list');
  }
}

/** What `cards/wave-announcement.json` binds to. Fact values hold user-supplied names: TextRuns only. */
export function waveAnnouncementView(data: WaveAnnouncementCardData, locale: string) {
  return {
    lang: resolveLocale(locale),
    waveName: data.waveName,
    facts: [
      { label: t(locale, 'announcement.source'), value: sourceText(locale, data.source) },
      { label: t(locale, 'announcement.users'), value: formatNumber(locale, data.userCount) },
      { label: t(locale, 'announcement.deadline'), value: formatDate(locale, data.deadline) },
      { label: t(locale, 'announcement.announcedBy'), value: data.announcedBy },
    ],
    text: {
      fallbackText: t(locale, 'announcement.fallbackText', { wave: data.waveName }),
      heading: t(locale, 'announcement.heading'),
      outreach: t(locale, 'announcement.outreach'),
      digestHint: t(locale, 'announcement.digestHint'),
    },
  };
}
