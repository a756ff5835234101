/**
 * The work a use case hands on, to run later or in another process. The use cases say what and
 * for whom; src/queue decides how (BullMQ queues, job ids that make a repeat harmless, retries,
 * pacing). Everything here carries ids only: job data sits in Redis in clear text.
 */
export interface RolloutJobs {
  /** Reads a created wave's users (group pages or stored CSV rows) and queues their first cards. */
  expandWave(waveId: string, options?: { csvChunkSize?: number }): Promise<void>;
  /** Checks a wave start asked for in chat (group, overlap) off the chat turn. */
  checkWaveStart(requestId: string): Promise<void>;
  /** First awareness cards, one job per user; a repeat for the same user and wave is ignored. */
  sendFirstCards(waveId: string, userIds: readonly string[]): Promise<void>;
  /** The wave's reminders at the given times, and its escalation at the deadline. */
  scheduleWaveReminders(waveId: string, reminders: readonly Date[], deadline: Date): Promise<void>;
  /** Reminder `n` of a wave, one job per user still owing an answer. */
  sendReminders(waveId: string, n: number, userIds: readonly string[]): Promise<void>;
  /** The card again after a snooze (snooze number `n`), after `delayMs`. */
  remindAfterSnooze(waveId: string, userId: string, n: number, delayMs: number): Promise<void>;
  /** Drops a user's pending snooze reminders (they answered); a job already running checks state itself. */
  cancelSnoozeReminders(waveId: string, userId: string): Promise<void>;
  /** Tells an unresponsive user's manager. */
  notifyManager(waveId: string, userId: string): Promise<void>;
  /** Thanks a user who registered a strong method, in place of their card. */
  thank(waveId: string, userId: string): Promise<void>;
  /** Moves a confirmed user to ready. */
  markReady(waveId: string, userId: string): Promise<void>;
  /** Refreshes the wave's admin digest soon; many calls close together make one refresh. */
  refreshDigest(waveId: string): Promise<void>;
  /** Runs a started enforcement plan; one job per plan (a repeat is ignored), resumable. */
  enforce(planId: string): Promise<void>;
}
