/**
 * Entry of the `ringmaster` CLI (bin/ringmaster.js imports the built copy):
 * runs the command line of this process and exits with its code.
 */
import { runCli } from './run-cli.js';

// `ringmaster export ... | head` closes the pipe early: that ends the output, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const code = await runCli(process.argv.slice(2), {
  io: { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
  now: Date.now,
});
process.exitCode = code;
