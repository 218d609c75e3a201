import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root: child processes run there so `sightline/register` self-resolves. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running child process with its output captured. */
export interface Child {
  process: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code (or 128+signal) — rejects after `timeoutMs`. */
  exited: (timeoutMs?: number) => Promise<number>;
  /** Resolves with the port the app printed as `{"listening": port}`. */
  listening: (timeoutMs?: number) => Promise<number>;
  kill: (signal?: NodeJS.Signals) => void;
}

/**
 * Spawns `node <nodeArgs> <script>` in the repository root with a clean OTel environment plus
 * `env`, capturing stdout and stderr.
 */
export function spawnNode(
  script: string,
  nodeArgs: string[],
  env: Record<string, string | undefined> = {},
): Child {
  const cleanEnv: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('OTEL_') && !key.startsWith('SIGHTLINE_') && key !== 'NODE_OPTIONS')
      cleanEnv[key] = value;
  }
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: ROOT,
    env: { ...cleanEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = once(child, 'exit').then(
    ([code, signal]) =>
      code ??
      128 + (signal === 'SIGTERM' ? 15 : signal === 'SIGINT' ? 2 : signal === 'SIGKILL' ? 9 : 0),
  );
  return {
    process: child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited: (timeoutMs = 15_000) => withDeadline(exit, timeoutMs, () => `exit (stderr: ${stderr})`),
    listening: (timeoutMs = 15_000) =>
      withDeadline(
        new Promise<number>((resolve, reject) => {
          const check = () => {
            const match = /\{"listening":(\d+)\}/.exec(stdout);
            if (match) return resolve(Number(match[1]));
            if (child.exitCode !== null) return reject(new Error(`exited early: ${stderr}`));
            setTimeout(check, 20);
          };
          check();
        }),
        timeoutMs,
        () => `listening (stdout: ${stdout} stderr: ${stderr})`,
      ),
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

async function withDeadline<T>(
  promise: Promise<T>,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
