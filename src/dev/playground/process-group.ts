/**
 * A detached child's process group: killing the whole tree, and not leaving it running when this
 * process ends.
 */
import type { ChildProcess } from 'node:child_process';

/** SIGTERM to the process group, SIGKILL if it is still there after `graceMs`. */
export async function killTree(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // group already gone
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((done) => {
    timer = setTimeout(() => done(true), graceMs);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    signal('SIGKILL');
    await exited;
  } else {
    signal('SIGKILL'); // any grandchild that ignored SIGTERM
  }
}

/*
 * The Playground runs in its own process group (so stop() can kill the tree), which also means a
 * Ctrl-C or a SIGTERM from the test runner does not reach it. While any is running, exit and those
 * signals kill them first; a signal is then re-raised so the process still ends the default way.
 */
const running = new Set<number>();
const killRunning = () => {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};
const forwardedSignals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const onSignal = (signal: NodeJS.Signals) => {
  killRunning();
  running.clear();
  unhook();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
};

function hook() {
  process.on('exit', killRunning);
  for (const signal of forwardedSignals) process.on(signal, onSignal);
}

function unhook() {
  process.removeListener('exit', killRunning);
  for (const signal of forwardedSignals) process.removeListener(signal, onSignal);
}

/** Kills the group when this process exits or is ended by a signal, until `releaseProcessGroup`. */
export function adoptProcessGroup(pgid: number) {
  if (running.size === 0) hook();
  running.add(pgid);
}

export function releaseProcessGroup(pgid: number) {
  if (running.delete(pgid) && running.size === 0) unhook();
}
