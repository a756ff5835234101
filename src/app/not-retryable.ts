/**
 * A job that cannot succeed however often it is tried (its wave is gone, its request expired):
 * the queue fails it at once instead of retrying.
 */
export class NotRetryableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotRetryableError';
  }
}
