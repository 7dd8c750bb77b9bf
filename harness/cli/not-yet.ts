import { EXIT } from './usage-error.js';

/** Placeholder action for a subcommand whose issue has not landed yet. */
export function notYetAvailable(what: string): () => void {
  return () => {
    process.stderr.write(`roadtest: '${what}' is not yet available in this build\n`);
    process.exitCode = EXIT.usage;
  };
}
