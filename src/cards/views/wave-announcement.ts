import type { WaveAnnouncementCardData, WaveSource } from '../card-data';
import { formatDate } from '../format';
import { resolveLocale, t } from '../locales';
import { waveSizeText } from './shared';

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

/** The admin's name, or for a start from the CLI the shell's user and where it came from. */
function startedByText(locale: string, startedBy: WaveAnnouncementCardData['startedBy']): string {
  return startedBy.fromCommandLine
    ? t(locale, 'announcement.startedFromCli', { name: startedBy.name })
    : startedBy.name;
}

/** What `cards/wave-announcement.json` binds to. Fact values hold user-supplied names: TextRuns only. */
export function waveAnnouncementView(data: WaveAnnouncementCardData, locale: string) {
  return {
    lang: resolveLocale(locale),
    waveName: data.waveName,
    facts: [
      { label: t(locale, 'announcement.source'), value: sourceText(locale, data.source) },
      { label: t(locale, 'announcement.users'), value: waveSizeText(locale, data.userCount, data.excluded) },
      { label: t(locale, 'announcement.deadline'), value: formatDate(locale, data.deadline) },
      { label: t(locale, 'announcement.startedBy'), value: startedByText(locale, data.startedBy) },
    ],
    text: {
      fallbackText: t(locale, 'announcement.fallbackText', { wave: data.waveName }),
      heading: t(locale, 'announcement.heading'),
      outreach: t(locale, 'announcement.outreach'),
      digestHint: t(locale, 'announcement.digestHint'),
    },
  };
}
