import type { ConnectorSimulator } from '../connector-sim';
import { fetchPlaygroundTenant } from './playground-tenant';

/**
 * "Send a file" in the Agents Playground, which cannot: its compose box has no upload button
 * (`hideUploadButton`), its message API takes text or cards only, and it hosts no files. So the file
 * is held by the connector simulator (an expiring download link, as Teams' OneDrive link is) and
 * Teams' file message goes to the bot through the Playground's custom-activity API (its "Mock an
 * activity → Custom activity"), as its current user, in its personal chat; the answer shows in the
 * Playground's page like any other.
 */
export async function sendFileInPlayground(input: {
  playgroundUrl: string;
  connector: Pick<ConnectorSimulator, 'hostFile'>;
  name: string;
  content: Buffer;
}): Promise<{ conversationId: string; from: string }> {
  const base = input.playgroundUrl.replace(/\/+$/, '');
  const tenant = await fetchPlaygroundTenant(base);
  if (!tenant) throw new Error(`no Agents Playground answers at ${base}`);
  const conversationId = tenant.personalChat.id;
  const template = await fetch(
    `${base}/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(conversationId)}`,
  );
  if (!template.ok) throw new Error(`the Playground gave no activity template (${template.status})`);
  const file = input.connector.hostFile(input.name, input.content);
  const activity = {
    ...((await template.json()) as Record<string, unknown>),
    type: 'message',
    text: '',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        contentUrl: file.contentUrl,
        name: file.name,
        content: { downloadUrl: file.downloadUrl, uniqueId: file.uniqueId, fileType: file.fileType },
      },
    ],
  };
  const sent = await fetch(`${base}/_internal/v1/customActivities`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  if (!sent.ok) throw new Error(`the Playground refused the file message (${sent.status})`);
  return { conversationId, from: tenant.currentUser.name };
}
