import type { ServerResponse } from 'node:http';
import type { Exchange } from './exchange';
import { isRecord, sendJson } from './http-io';
import type { Transcript } from './transcript';
import type { RejectionReason, TimeoutMode } from './types';

/**
 * How the simulator answers a request: a success, Teams' error body for a refusal, or no answer at
 * all (a timeout fault), each noted in the transcript.
 */
export class Responder {
  private readonly held = new Set<ServerResponse>();

  constructor(
    private readonly transcript: Transcript,
    private readonly settings: { readonly timeoutHoldMs: number; readonly now: () => number },
  ) {}

  /** Drops every response a timeout fault is holding (on close, so the process can exit). */
  releaseHeld(): void {
    for (const response of this.held) response.destroy();
    this.held.clear();
  }

  timeOut(exchange: Exchange, mode: TimeoutMode, reason: RejectionReason): void {
    const { response, request, route, target } = exchange;
    this.transcript.noteTimeout();
    this.transcript.recordRejection({
      at: this.settings.now(),
      operation: route.operation,
      conversationId: target.conversationId,
      aadObjectId: target.aadObjectId,
      status: 0,
      reason,
      code: `timeout-${mode}`,
    });
    if (mode === 'destroy') {
      request.socket.destroy();
      return;
    }
    this.held.add(response);
    const timer = setTimeout(() => response.destroy(), this.settings.timeoutHoldMs);
    timer.unref();
    response.once('close', () => {
      clearTimeout(timer);
      this.held.delete(response);
    });
  }

  reject(
    exchange: Exchange,
    status: number,
    body: unknown,
    reason: RejectionReason,
    headers: Record<string, string> = {},
  ): void {
    const { response, route, target } = exchange;
    sendJson(response, status, body, headers);
    this.transcript.noteStatus(route.operation, status);
    const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
    this.transcript.recordRejection({
      at: this.settings.now(),
      operation: route.operation,
      conversationId: target.conversationId,
      aadObjectId: target.aadObjectId,
      status,
      reason,
      code: typeof error?.code === 'string' ? error.code : undefined,
    });
  }

  succeed(exchange: Exchange, status: number, body: unknown, silent: boolean): void {
    if (silent) return;
    sendJson(exchange.response, status, body);
    this.transcript.noteStatus(exchange.route.operation, status);
  }
}
