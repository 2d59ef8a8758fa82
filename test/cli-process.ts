/**
 * Runs the CLI from its TypeScript source in a child process, exactly as `bin/model-doctor.js`
 * runs the bundle: call `main()`, set the exit status. Tests spawn this file (through tsx) so they
 * see the real exit code and streams without needing `dist/` rebuilt after every edit.
 */
import { main } from '../src/cli';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
