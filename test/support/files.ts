import { randomUUID } from 'node:crypto';
import type { HostedFile } from '../../src/dev/connector-sim';
import { SAMPLE_TENANT_ID } from '../../src/dev/graph-sim';
import type { Stack, TeamsUser } from './stack';

/** What every activity from a user in their 1:1 chat carries (as stack.ts shapes it). */
function envelope(stack: Stack, user: TeamsUser) {
  return {
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: stack.connector.url,
    from: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: '28:bot', name: 'MFA Rollout' },
    conversation: {
      id: `a:chat-${user.aadObjectId}`,
      conversationType: 'personal',
      tenantId: SAMPLE_TENANT_ID,
    },
    channelData: { tenant: { id: SAMPLE_TENANT_ID } },
    locale: 'en-US',
  };
}

/**
 * The user drops a file into their chat with the bot: Teams keeps it (the connector simulator
 * hosts it behind an expiring download link) and sends the bot a message with its
 * file.download.info attachment. Returns the activity to post and the hosted file.
 */
export function fileMessage(
  stack: Stack,
  user: TeamsUser,
  file: { name: string; content: string | Buffer; ttlMs?: number },
  text = '',
): { activity: Record<string, unknown>; hosted: HostedFile } {
  const hosted = stack.connector.hostFile(file.name, Buffer.from(file.content), file.ttlMs);
  const activity = {
    ...envelope(stack, user),
    type: 'message',
    text,
    attachments: [
      {
        contentType: 'application/vnd.microsoft.teams.file.download.info',
        contentUrl: hosted.contentUrl,
        name: hosted.name,
        content: { downloadUrl: hosted.downloadUrl, uniqueId: hosted.uniqueId, fileType: hosted.fileType },
      },
    ],
  };
  return { activity, hosted };
}

/** A message with a picture pasted into it (Teams sends it as an image attachment). */
export function imageMessage(stack: Stack, user: TeamsUser, text = '') {
  return {
    ...envelope(stack, user),
    type: 'message',
    text,
    attachments: [{ contentType: 'image/png', contentUrl: `${stack.connector.url}_images/1.png` }],
  };
}

/**
 * The user answers a FileConsentCard the bot sent: accept opens an upload session in their OneDrive
 * (the simulator's) and Teams sends the bot fileConsent/invoke with it; decline sends no uploadInfo.
 */
export function fileConsentAnswer(
  stack: Stack,
  user: TeamsUser,
  consentCard: { name: string; content: { acceptContext: unknown; declineContext: unknown } },
  action: 'accept' | 'decline',
) {
  const uploadInfo = action === 'accept' ? stack.connector.openUpload(consentCard.name) : undefined;
  const activity = {
    ...envelope(stack, user),
    type: 'invoke',
    name: 'fileConsent/invoke',
    value: {
      type: 'fileUpload',
      action,
      context: action === 'accept' ? consentCard.content.acceptContext : consentCard.content.declineContext,
      ...(uploadInfo ? { uploadInfo } : {}),
    },
  };
  return { activity, uploadInfo };
}
