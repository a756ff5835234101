import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Transcript } from '../../../../src/dev/connector-sim/transcript';

function conversation(transcript: Transcript, id: string, aadObjectId: string) {
  transcript.ensureConversation({
    id,
    aadObjectId,
    userId: `29:${aadObjectId}`,
    tenantId: 't',
    createdAt: 0,
  });
}

function send(transcript: Transcript, conversationId: string, activityId: string, text: string) {
  transcript.recordActivity({
    conversationId,
    activityId,
    operation: 'sendToConversation',
    content: { type: 'message', text },
    replyToId: undefined,
    at: 1,
  });
}

describe('Transcript', () => {
  it('finds activities by user and by conversation, and applies updates and deletes', () => {
    const transcript = new Transcript();
    conversation(transcript, 'a:1', 'u1');
    conversation(transcript, 'a:2', 'u2');
    send(transcript, 'a:1', '10', 'one');
    send(transcript, 'a:2', '11', 'two');
    transcript.recordUpdate('10', { type: 'message', text: 'one, edited' }, 5);
    transcript.recordDelete('11');

    assert.deepEqual(
      transcript
        .activitiesFor('u1')
        .map((activity) => [activity.text, activity.updateCount, activity.updatedAt]),
      [['one, edited', 1, 5]],
    );
    assert.equal(transcript.activitiesIn('a:2')[0]?.deleted, true);
    assert.equal(transcript.hasActivity('a:1', '10'), true);
    assert.equal(transcript.hasActivity('a:2', '10'), false);
    assert.equal(transcript.hasActivity('a:2', '11'), false);
    assert.equal(transcript.conversationIdFor('u2'), 'a:2');
    assert.deepEqual(transcript.activitiesFor('nobody'), []);
  });

  it('caps full records but keeps counting and keeps ids for updates', () => {
    const transcript = new Transcript({ maxActivities: 3, recordBodies: false });
    conversation(transcript, 'a:1', 'u1');
    for (let i = 0; i < 10; i += 1) send(transcript, 'a:1', String(i), `text ${i}`);

    assert.equal(transcript.activities.length, 3);
    assert.equal(transcript.stats.activities, 10);
    assert.equal(transcript.stats.droppedActivityRecords, 7);
    assert.equal(transcript.conversation('a:1')?.activityCount, 10);
    assert.equal(transcript.activities[0]?.text, undefined);
    assert.equal(transcript.hasActivity('a:1', '9'), true);
  });

  it('counts statuses, 429s and rejections by reason; reset forgets everything', () => {
    const transcript = new Transcript({ maxRejections: 1 });
    transcript.noteRequest('sendToConversation');
    transcript.noteStatus('sendToConversation', 201);
    transcript.noteStatus('sendToConversation', 429);
    transcript.noteStatus('sendToConversation', 429);
    const rejection = {
      at: 0,
      operation: 'sendToConversation' as const,
      conversationId: 'a:1',
      aadObjectId: 'u1',
      status: 429,
      reason: 'conversation-limit' as const,
      code: 'Throttled',
    };
    transcript.recordRejection(rejection);
    transcript.recordRejection(rejection);

    assert.equal(transcript.stats.accepted, 1);
    assert.equal(transcript.stats.throttled429, 2);
    assert.deepEqual(transcript.stats.byStatus, { '201': 1, '429': 2 });
    assert.deepEqual(transcript.stats.rejectedByReason, { 'conversation-limit': 2 });
    assert.equal(transcript.rejections.length, 1);
    assert.equal(transcript.rejectionsFor('u1').length, 1);

    transcript.reset();
    assert.equal(transcript.stats.requests, 0);
    assert.equal(transcript.rejections.length, 0);
  });
});
